// POST {folder}/event: the client's beacons (a page view configured from the page, a completed share), checked and counted.
import { chooseAccount } from '../accounts.js';
import type { Cors } from '../cors.js';
import type { ResolvedAccount } from '../options.js';
import { jsonAnswer, type ShareAnswer } from '../respond.js';
import { BodyTooLarge, type TokenRequest } from '../token-service.js';
import type { Analytics } from './analytics.js';
import { ANALYTICS_DEFAULTS } from './defaults.js';
import { parseEvent } from './parse-event.js';
import { createRateLimit } from './rate-limit.js';

export const EVENT_METHODS = 'POST, OPTIONS';

export interface EventRequest extends TokenRequest {
  header(name: 'origin' | 'access-control-request-headers' | 'content-type' | 'authorization'): string | undefined;
}

interface EventRouteParts {
  analytics: Analytics;
  accounts: readonly ResolvedAccount[];
  cors: Cors | undefined;
  eventsPerMinute: number;
  now: () => number;
}

/** sendBeacon sends a string as text/plain (no preflight); fetch callers may say application/json. */
const ACCEPTED_TYPE = /^\s*(text\/plain|application\/json)\s*(;|$)/i;

export function createEventRoute({ analytics, accounts, cors, eventsPerMinute, now }: EventRouteParts) {
  const limit = createRateLimit(eventsPerMinute, ANALYTICS_DEFAULTS.maxRateAddresses, now);
  const maxBytes = ANALYTICS_DEFAULTS.maxEventBytes;

  return async (request: EventRequest): Promise<ShareAnswer> => {
    const origin = request.header('origin');
    if (request.method === 'OPTIONS') return preflight(cors, origin, request.header('access-control-request-headers'));
    const headers = cors?.headers(origin);
    const error = (status: number, code: string, message: string, extra?: Record<string, string>) =>
      jsonAnswer(status, { error: { code, message } }, { ...headers, ...extra });
    if (request.method !== 'POST') return error(405, 'method_not_allowed', 'use POST with a JSON event body', { allow: EVENT_METHODS });

    const retryAfter = limit(request.remoteAddress);
    if (retryAfter !== undefined) {
      return error(429, 'too_many_events', 'too many events from this address this minute; retry later', { 'retry-after': String(retryAfter) });
    }
    const type = request.header('content-type');
    if (type !== undefined && !ACCEPTED_TYPE.test(type)) {
      return error(400, 'invalid_event', 'send the event as text/plain or application/json, e.g. navigator.sendBeacon(url, JSON.stringify(event))');
    }
    let body: Buffer;
    try {
      body = await request.body(maxBytes);
    } catch (cause) {
      if (cause instanceof BodyTooLarge) return error(413, 'event_too_large', `An event body is at most ${maxBytes} bytes.`);
      return error(400, 'invalid_event', 'the event body could not be read');
    }
    const parsed = parseEvent(body, maxBytes);
    if (!parsed.ok) return error(parsed.status, parsed.code, parsed.message);
    const page = new URL(parsed.events[0]!.url);
    if (chooseAccount(accounts, page) === undefined) {
      return error(403, 'host_not_allowed', `the host ${page.hostname} (or this path) is not in allowedHosts`);
    }
    for (const event of parsed.events) analytics.record(event);
    return { status: 204, headers: { ...headers, 'content-length': 0 }, body: undefined };
  };
}

function preflight(cors: Cors | undefined, origin: string | undefined, requested: string | undefined): ShareAnswer {
  const headers = cors === undefined ? {} : cors.preflightHeaders(origin, requested);
  if (headers['access-control-allow-methods'] !== undefined) headers['access-control-allow-methods'] = EVENT_METHODS;
  return { status: 204, headers: { ...headers, allow: EVENT_METHODS, 'content-length': 0 }, body: undefined };
}
