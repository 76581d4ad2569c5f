// Where analytics counts live in Redis: every key of one day shares the hash tag `{day}`, so one script can touch them on a cluster.

/** @share/server's OTHER_PAGE: where pages beyond the daily cap are counted. */
export const OTHER_PAGE = 'other';

/** The set of a day's distinct pages (its SCARD is the page cap's measure): `${prefix}analytics:{2026-03-10}:pages`. */
export function pagesKey(prefix: string, day: string): string {
  return `${prefix}analytics:{${day}}:pages`;
}

/** The hash of one page's counters on one day, metric -> count: `${prefix}analytics:{2026-03-10}:page:https://…`. */
export function pageKey(prefix: string, day: string, page: string): string {
  return `${prefix}analytics:{${day}}:page:${page}`;
}
