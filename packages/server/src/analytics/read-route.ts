// GET {folder}/analytics: the site owner's counts per page and day over a range, plus the top pages, behind Bearer keys.
import { createKeyCheck } from '../key-check.js';
import type { Logger } from '../logger.js';
import { jsonAnswer, type ShareAnswer } from '../respond.js';
import type { TokenRequest } from '../token-service.js';
import type { Analytics } from './analytics.js';
import { topPages } from './counts.js';
import { addDays, daysBetween, isDay } from './day.js';
import { ANALYTICS_DEFAULTS } from './defaults.js';
import { canonicalPageUrl, OTHER_PAGE } from './page-url.js';
import type { PageDayCounts } from './store.js';

interface ReadRouteParts {
  analytics: Analytics;
  keys: readonly string[];
  timeZone: string;
  retentionDays: number;
  logger: Logger;
  now: () => number;
}

const MAX_QUERY_LENGTH = 1024;

export function createReadRoute({ analytics, keys, timeZone, retentionDays, logger, now }: ReadRouteParts) {
  const checkKey = createKeyCheck(keys, now);
  const error = (status: number, code: string, message: string, headers?: Record<string, string>) =>
    jsonAnswer(status, { error: { code, message } }, headers);
  const invalid = (message: string) => error(400, 'invalid_query', message);

  return async (request: TokenRequest, query: string): Promise<ShareAnswer> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return error(405, 'method_not_allowed', 'use GET', { allow: 'GET, HEAD' });
    const verdict = checkKey(request.header('authorization'), request.remoteAddress);
    if (!verdict.ok) {
      if (verdict.retryAfterSeconds !== undefined) {
        return error(429, 'too_many_requests', 'too many failed key checks from this address; retry later', { 'retry-after': String(verdict.retryAfterSeconds) });
      }
      return error(401, 'unauthorized', 'send Authorization: Bearer <one of the analytics keys>', { 'www-authenticate': 'Bearer' });
    }
    if (query.length > MAX_QUERY_LENGTH) return invalid(`the query must be at most ${MAX_QUERY_LENGTH} characters`);
    const params = new URLSearchParams(query);
    const end = params.get('end') ?? analytics.today();
    const start = params.get('start') ?? addDays(isDay(end) ? end : analytics.today(), 1 - ANALYTICS_DEFAULTS.readRangeDays);
    if (!isDay(start) || !isDay(end)) return invalid('start and end must be days as YYYY-MM-DD, e.g. ?start=2026-03-01&end=2026-03-31');
    if (start > end) return invalid(`start (${start}) is after end (${end})`);
    if (daysBetween(start, end) > retentionDays) return invalid(`a range spans at most ${retentionDays} days (the retention period)`);
    const rawUrl = params.get('url');
    const page = rawUrl === null ? undefined : rawUrl === OTHER_PAGE ? OTHER_PAGE : canonicalPageUrl(rawUrl);
    if (page === undefined && rawUrl !== null) return invalid('url must be the absolute http(s) url of a page (or "other")');
    const rawTop = params.get('top') ?? String(ANALYTICS_DEFAULTS.readTop);
    const top = /^\d{1,3}$/.test(rawTop) ? Number(rawTop) : NaN;
    if (!(top >= 1 && top <= ANALYTICS_DEFAULTS.maxTopPages)) return invalid(`top must be a whole number from 1 to ${ANALYTICS_DEFAULTS.maxTopPages}`);

    let rows: PageDayCounts[];
    try {
      rows = await withTimeout(analytics.query({ from: start, to: end }), ANALYTICS_DEFAULTS.readTimeoutMs);
    } catch (cause) {
      // The error's class only: a driver's message can carry a connection string with its password.
      logger.error(`analytics: reading counts failed (${cause instanceof Error ? cause.constructor.name : typeof cause}); answered 503`);
      return error(503, 'analytics_unavailable', 'the analytics store could not be read; see the server log');
    }
    const days = page === undefined ? rows : rows.filter((row) => row.page === page);
    return jsonAnswer(200, { timeZone, start, end, days, top: topPages(days, top) });
  };
}

class StoreTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreTimeout()), ms);
    timer.unref?.();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
