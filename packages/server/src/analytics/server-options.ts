// The `analytics` option of wxShare() and createFetchHandler(): off, true, or the one AnalyticsOptions object, resolved
// by the one analytics validation over the server's logger, clock and environment, with the routes' paths added.
import type { Logger } from '../logger.js';
import { ANALYTICS_DEFAULTS } from './defaults.js';
import { resolveAnalyticsOptions, type AnalyticsConfig, type AnalyticsOptions } from './options.js';

/** The analytics settings after defaults; undefined in Config when analytics is off. */
export interface AnalyticsServerConfig extends AnalyticsConfig {
  /** The event route, in the signature route's folder: '/wx/event'. Signature answers carry it as `events`. */
  eventPath: string;
  /** The read route, in the signature route's folder: '/wx/analytics'. */
  readPath: string;
}

const USAGE = "analytics must be true, false, or { store, keys: ['<a random key of 16+ characters>'], timeZone, maxPages, retentionDays, flushIntervalMs, eventsPerMinute }";

/** Options of createAnalytics() that the server fills in itself. */
const SERVER_OWN: Partial<Record<keyof AnalyticsOptions, string>> = {
  logger: 'analytics report through the `logger` option of wxShare()',
  now: 'analytics count on the `now` option of wxShare()',
};

/** undefined when analytics is off (the default). */
export function resolveAnalyticsServerOptions(
  value: boolean | AnalyticsOptions | undefined,
  env: NodeJS.ProcessEnv,
  routes: { signature: string; tokenService: string | undefined },
  server: { logger: Logger; now: () => number },
): AnalyticsServerConfig | undefined {
  if (value === undefined || value === false) return undefined;
  if (value !== true && (typeof value !== 'object' || value === null || Array.isArray(value))) throw new TypeError(`@share/server: ${USAGE}`);
  const given = value === true ? {} : value;
  for (const [key, instead] of Object.entries(SERVER_OWN)) {
    if (given[key as keyof AnalyticsOptions] !== undefined) throw new TypeError(`@share/server: analytics.${key} is not taken here: ${instead}`);
  }
  const config = resolveAnalyticsOptions(given, { errorPrefix: '@share/server:', optionPrefix: 'analytics.', defaultStore: true, env, ...server });
  const folder = routes.signature.slice(0, routes.signature.lastIndexOf('/'));
  const eventPath = `${folder}/${ANALYTICS_DEFAULTS.eventRoute}`;
  const readPath = `${folder}/${ANALYTICS_DEFAULTS.readRoute}`;
  for (const taken of [routes.signature, routes.tokenService]) {
    if (taken === eventPath || taken === readPath) {
      throw new TypeError(`@share/server: ${taken} is taken by another route; analytics puts its routes at ${eventPath} and ${readPath} (next to path)`);
    }
  }
  return { ...config, eventPath, readPath };
}
