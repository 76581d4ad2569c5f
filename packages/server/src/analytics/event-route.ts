// POST {folder}/event: the client's beacons (a page view configured from the page, a completed share), checked and counted.
import { chooseAccount } from '../accounts.js';
import type { Route } from '../handle-request.js';
import type { ResolvedAccount } from '../options.js';
import { errorJson, noContent, readBody } from '../respond.js';
import type { Analytics } from './analytics.js';
import { ANALYTICS_DEFAULTS } from './defaults.js';
import { parseEvent } from './parse-event.js';
import type { RateLimit } from './rate-limit.js';

interface EventRouteParts {
  analytics: Analytics;
  accounts: readonly ResolvedAccount[];
  /** The per-client rate the signature route's views share. */
  limit: RateLimit;
}

/** sendBeacon sends a string as text/plain (no preflight); fetch callers may say application/json. */
const ACCEPTED_TYPE = /^\s*(text\/plain|application\/json)\s*(;|$)/i;

export function createEventRoute({ analytics, accounts, limit }: EventRouteParts): Route {
  const maxBytes = ANALYTICS_DEFAULTS.maxEventBytes;
  const bodyErrors = {
    tooLarge: { code: 'event_too_large', message: `An event body is at most ${maxBytes} bytes.` },
    unreadable: { code: 'invalid_event', message: 'the event body could not be read' },
  };
  return {
    methods: ['POST'],
    usage: 'POST with a JSON event body',
    cors: true,
    task: 'counting an event',
    async answer(request, _query, headers) {
      const retryAfter = limit(request.remoteAddress);
      if (retryAfter !== undefined) {
        return errorJson(429, 'too_many_events', 'too many events from this address this minute; retry later', { ...headers, 'retry-after': String(retryAfter) });
      }
      const type = request.header('content-type');
      if (type !== undefined && !ACCEPTED_TYPE.test(type)) {
        return errorJson(400, 'invalid_event', 'send the event as text/plain or application/json, e.g. navigator.sendBeacon(url, JSON.stringify(event))', headers);
      }
      const body = await readBody(request, maxBytes, bodyErrors, headers);
      if (!Buffer.isBuffer(body)) return body;
      const parsed = parseEvent(body, maxBytes);
      if (!parsed.ok) return errorJson(parsed.status, parsed.code, parsed.message, headers);
      const page = new URL(parsed.events[0]!.url);
      if (chooseAccount(accounts, page) === undefined) {
        return errorJson(403, 'host_not_allowed', `the host ${page.hostname} (or this path) is not in allowedHosts`, headers);
      }
      for (const event of parsed.events) analytics.record(event);
      return noContent(headers);
    },
  };
}
