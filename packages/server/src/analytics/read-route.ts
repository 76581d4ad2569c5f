// GET {folder}/analytics: the site owner's counts per page and day over a range, plus the top pages, behind Bearer keys.
import { DeadlineError, withDeadline } from '../credentials/deadline.js';
import type { Route } from '../handle-request.js';
import { keySet } from '../key-check.js';
import type { Logger } from '../logger.js';
import { errorJson, jsonAnswer } from '../respond.js';
import type { Analytics } from './analytics.js';
import { topPages } from './counts.js';
import { addDays, daysBetween, isDay } from './day.js';
import { ANALYTICS_DEFAULTS } from './defaults.js';
import { canonicalPageUrl, OTHER_PAGE } from './page-url.js';
import type { PageDayCounts } from './store.js';

interface ReadRouteParts {
  path: string;
  analytics: Analytics;
  keys: readonly string[];
  timeZone: string;
  retentionDays: number;
  logger: Logger;
}

const MAX_QUERY_LENGTH = 1024;

export function createReadRoute({ path, analytics, keys, timeZone, retentionDays, logger }: ReadRouteParts): Route {
  const invalid = (message: string) => errorJson(400, 'invalid_query', message);
  return {
    methods: ['GET', 'HEAD'],
    usage: `GET ${path}`,
    cors: false,
    keys: keySet(keys, 'one of the analytics keys'),
    task: 'reading analytics',
    answer: async (_request, query) => {
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
        rows = await withDeadline(analytics.query({ from: start, to: end }), performance.now() + ANALYTICS_DEFAULTS.readTimeoutMs);
      } catch (cause) {
        // The error's class only: a driver's message can carry a connection string with its password.
        const what = cause instanceof DeadlineError ? `no answer within ${ANALYTICS_DEFAULTS.readTimeoutMs} ms` : cause instanceof Error ? cause.constructor.name : typeof cause;
        logger.error(`analytics: reading counts failed (${what}); answered 503`);
        return errorJson(503, 'analytics_unavailable', 'the analytics store could not be read; see the server log');
      }
      const days = page === undefined ? rows : rows.filter((row) => row.page === page);
      return jsonAnswer(200, { timeZone, start, end, days, top: topPages(days, top) });
    },
  };
}
