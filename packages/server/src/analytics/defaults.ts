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
  /** The event route's name, in the signature route's folder: /wx/signature -> /wx/event. */
  eventRoute: 'event',
  /** The read route's name, in the signature route's folder: /wx/signature -> /wx/analytics. */
  readRoute: 'analytics',
  /** Events accepted from one address per minute (many WeChat users share a carrier's address); 429 beyond. */
  eventsPerMinute: 600,
  /**
   * Requests whose client is unknown (createFetchHandler() given no address) share one limit of this many times
   * eventsPerMinute: one client must not stop the others, and the whole stays bounded.
   */
  unknownClientsFactor: 100,
  /** Addresses whose event rate is tracked (LRU): the rate limit's memory stays bounded in a flood. */
  maxRateAddresses: 10_000,
  /** Days the read route answers when no start is given, today included. */
  readRangeDays: 30,
  /** Pages in the read route's `top` when no `top` is given. */
  readTop: 10,
  /** The read route answers 503 when the store has not answered within this, ms. */
  readTimeoutMs: 5_000,
  /** A `from` value longer than this is not WeChat's: the view is counted, the arrival is not. */
  maxFromLength: 32,
} as const;
