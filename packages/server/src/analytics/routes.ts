// The analytics parts of the one request handling: the view a signature request reports, the event and read routes.
import type { Cors } from '../cors.js';
import type { Config } from '../options.js';
import type { ShareAnswer } from '../respond.js';
import { onPath } from '../route-path.js';
import type { SignerCore } from '../signer.js';
import { createEventRoute, type EventRequest } from './event-route.js';
import { createReadRoute } from './read-route.js';
import { createSignatureViews } from './signature-views.js';

export interface AnalyticsRoutes {
  /** Counts the view a signed request reports (view=1, from); after the answer, never failing it. */
  countSignature(rawQuery: string, signedUrl: string): void;
  /** The answer of the event or the read route; undefined for any other url. */
  answer(request: EventRequest, raw: string): Promise<ShareAnswer> | undefined;
}

/** undefined when analytics is off. */
export function createAnalyticsRoutes(signer: SignerCore, cors: Cors | undefined): AnalyticsRoutes | undefined {
  const { config, analytics } = signer;
  const settings = config.analytics;
  if (settings === undefined || analytics === undefined) return undefined;
  const { accounts, logger, now } = config;
  const { eventPath, readPath, keys, timeZone, retentionDays, eventsPerMinute } = settings;
  const events = createEventRoute({ analytics, accounts, cors, eventsPerMinute, now });
  const read = keys.length === 0 ? undefined : createReadRoute({ analytics, keys, timeZone, retentionDays, logger, now });
  return {
    countSignature: createSignatureViews(analytics),
    answer(request, raw) {
      if (onPath(raw, eventPath) !== -1) return events(request);
      const queryStart = read === undefined ? -1 : onPath(raw, readPath);
      if (queryStart !== -1) return read!(request, raw.slice(queryStart + 1));
      return undefined;
    },
  };
}

/** The paths the analytics routes answer (the read route only with keys), for a handler that matches on path ends. */
export function analyticsPaths(config: Pick<Config, 'analytics'>): string[] {
  const settings = config.analytics;
  if (settings === undefined) return [];
  return settings.keys.length === 0 ? [settings.eventPath] : [settings.eventPath, settings.readPath];
}
