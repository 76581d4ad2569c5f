// The analytics parts of the route table: the views the signature route counts, the event and read routes, and the
// one per-client rate both kinds of counting share.
import type { Route } from '../handle-request.js';
import type { Config } from '../options.js';
import type { Analytics } from './analytics.js';
import { ANALYTICS_DEFAULTS } from './defaults.js';
import { createEventRoute } from './event-route.js';
import { createRateLimit } from './rate-limit.js';
import { createReadRoute } from './read-route.js';
import { createSignatureViews } from './signature-views.js';

export interface AnalyticsRoutes {
  /** Counts the view a signed request reports (view=1, from); after the answer, never failing it. */
  countSignature: ReturnType<typeof createSignatureViews>;
  /** The event route, and the read route when there are keys: entries of the route table. */
  routes: [string, Route][];
}

/** undefined when analytics is off. */
export function createAnalyticsRoutes(config: Config, analytics: Analytics | undefined): AnalyticsRoutes | undefined {
  const settings = config.analytics;
  if (settings === undefined || analytics === undefined) return undefined;
  const { accounts, logger, now } = config;
  const { eventPath, readPath, keys, timeZone, retentionDays, eventsPerMinute } = settings;
  const limit = createRateLimit(eventsPerMinute, eventsPerMinute * ANALYTICS_DEFAULTS.unknownClientsFactor, ANALYTICS_DEFAULTS.maxRateAddresses, now);
  const routes: [string, Route][] = [[eventPath, createEventRoute({ analytics, accounts, limit })]];
  if (keys.length > 0) routes.push([readPath, createReadRoute({ path: readPath, analytics, keys, timeZone, retentionDays, logger })]);
  return { countSignature: createSignatureViews(analytics, limit), routes };
}
