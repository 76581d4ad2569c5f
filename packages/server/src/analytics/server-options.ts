// The `analytics` option of wxShare() and createFetchHandler(): off, true, or an object; resolved over the defaults table.
import { checkKeys, keysOfEnv } from '../key-check.js';
import type { Logger } from '../logger.js';
import { ANALYTICS_DEFAULTS } from './defaults.js';
import { MemoryAnalyticsStore } from './memory-store.js';
import type { AnalyticsStore } from './store.js';

export interface AnalyticsServerOptions {
  /**
   * Where counts are kept. @share/analytics-sqlite's SqliteAnalyticsStore keeps them in a file across restarts;
   * @share/redis-store's RedisAnalyticsStore adds up a fleet. Defaults to a MemoryAnalyticsStore, with a warning:
   * its counts are lost when the process ends.
   */
  store?: AnalyticsStore | undefined;
  /** The read route's Bearer keys (16+ characters each, at most 20). Defaults to env WX_ANALYTICS_KEYS; none: no read route. */
  keys?: string[] | undefined;
  /** The IANA time zone whose midnight starts a day. Defaults to 'Asia/Shanghai'. */
  timeZone?: string | undefined;
  /** Distinct pages counted per day; the rest go under the page `other`. Defaults to 1000. */
  maxPages?: number | undefined;
  /** Days kept, today included. Defaults to 400. */
  retentionDays?: number | undefined;
  /** How long increments are coalesced in memory before one write to the store, ms. Defaults to 1000. */
  flushIntervalMs?: number | undefined;
  /** Events accepted per minute from one address on the event route; 429 beyond. Defaults to 600. */
  eventsPerMinute?: number | undefined;
}

/** The analytics settings after defaults; undefined in Config when analytics is off. */
export interface AnalyticsServerConfig {
  store: AnalyticsStore;
  /** Empty: the read route is off and its path falls through to the app. */
  keys: readonly string[];
  timeZone: string;
  maxPages: number;
  retentionDays: number;
  flushIntervalMs: number;
  eventsPerMinute: number;
  /** The event route, in the signature route's folder: '/wx/event'. Signature answers carry it as `events`. */
  eventPath: string;
  /** The read route, in the signature route's folder: '/wx/analytics'. */
  readPath: string;
}

const KEYS: readonly (keyof AnalyticsServerOptions)[] = ['store', 'keys', 'timeZone', 'maxPages', 'retentionDays', 'flushIntervalMs', 'eventsPerMinute'];
const USAGE = "analytics must be true, false, or { store, keys: ['<a random key of 16+ characters>'], timeZone, maxPages, retentionDays, flushIntervalMs, eventsPerMinute }";

/** undefined when analytics is off (the default). The store and the time zone are checked when the counter is built. */
export function resolveAnalyticsServerOptions(
  value: boolean | AnalyticsServerOptions | undefined,
  env: NodeJS.ProcessEnv,
  routes: { signature: string; tokenService: string | undefined },
  logger: Logger,
): AnalyticsServerConfig | undefined {
  if (value === undefined || value === false) return undefined;
  if (value !== true && (typeof value !== 'object' || value === null || Array.isArray(value))) throw new TypeError(`@share/server: ${USAGE}`);
  const given = value === true ? {} : value;
  const unknown = Object.keys(given).find((key) => !(KEYS as readonly string[]).includes(key));
  if (unknown !== undefined) throw new TypeError(`@share/server: unknown analytics option \`${unknown}\`; the options are ${KEYS.join(', ')}`);
  const o = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as AnalyticsServerOptions;

  const fromEnv = env.WX_ANALYTICS_KEYS?.trim() ? keysOfEnv(env.WX_ANALYTICS_KEYS) : undefined;
  const keyUsage = "pass analytics.keys or set WX_ANALYTICS_KEYS (comma-separated)";
  const keys = o.keys !== undefined ? checkKeys(o.keys, 'analytics.keys', keyUsage) : fromEnv === undefined ? [] : checkKeys(fromEnv, 'WX_ANALYTICS_KEYS', keyUsage);
  if (o.store === undefined) {
    logger.warn(
      'analytics counts are kept in memory and lost when the process ends; pass analytics: { store: new SqliteAnalyticsStore({ filename }) } from @share/analytics-sqlite to keep them',
    );
  }
  const folder = routes.signature.slice(0, routes.signature.lastIndexOf('/'));
  const eventPath = `${folder}/${ANALYTICS_DEFAULTS.eventRoute}`;
  const readPath = `${folder}/${ANALYTICS_DEFAULTS.readRoute}`;
  for (const taken of [routes.signature, routes.tokenService]) {
    if (taken === eventPath || taken === readPath) {
      throw new TypeError(`@share/server: ${taken} is taken by another route; analytics puts its routes at ${eventPath} and ${readPath} (next to path)`);
    }
  }
  return {
    store: o.store ?? new MemoryAnalyticsStore(),
    keys,
    timeZone: o.timeZone ?? ANALYTICS_DEFAULTS.timeZone,
    maxPages: o.maxPages ?? ANALYTICS_DEFAULTS.maxPages,
    retentionDays: o.retentionDays ?? ANALYTICS_DEFAULTS.retentionDays,
    flushIntervalMs: o.flushIntervalMs ?? ANALYTICS_DEFAULTS.flushIntervalMs,
    eventsPerMinute: positiveInteger(o.eventsPerMinute ?? ANALYTICS_DEFAULTS.eventsPerMinute, 'eventsPerMinute'),
    eventPath,
    readPath,
  };
}

function positiveInteger(value: unknown, name: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 1) throw new TypeError(`@share/server: analytics.${name} must be a whole number of at least 1`);
  return value as number;
}
