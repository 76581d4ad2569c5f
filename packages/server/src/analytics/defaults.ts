// The one table of analytics defaults; the README lists the same values.

export const ANALYTICS_DEFAULTS = {
  /** Days are counted on Beijing time, where WeChat's users are. */
  timeZone: 'Asia/Shanghai',
  /** Distinct pages per day before the rest are counted under `other`. */
  maxPages: 1_000,
  /** Days kept, today included (about 13 months, so this month can be compared with the same month last year). */
  retentionDays: 400,
  /** How long increments are coalesced in memory before one write to the store. */
  flushIntervalMs: 1_000,
  /** Distinct (day, page, counter) entries held in memory; reaching it starts a write at once. */
  maxPendingEntries: 10_000,
  /** The largest client event body accepted, in bytes. */
  maxEventBytes: 1_024,
  /** The most pages `top()` returns. */
  maxTopPages: 100,
} as const;
