// The counter façade: record() never throws and never waits; increments are coalesced in memory and written in batches.
import { addDays, daysBetween, dayOf, isDay } from './day.js';
import { ANALYTICS_DEFAULTS } from './defaults.js';
import { metricOf, type AnalyticsEvent, type Metric } from './events.js';
import { resolveAnalyticsOptions, type AnalyticsConfig, type AnalyticsOptions } from './options.js';
import { topPages } from './counts.js';
import type { CountIncrement, DayRange, PageDayCounts, PageTotals } from './store.js';

/** One counter of one page (`${page}\n${metric}`), built once by counterKey() so that a hot path builds no key per event. */
export type CounterKey = string & { readonly __counterKey: unique symbol };

export interface Analytics {
  /** Counts one event today. Synchronous, never throws: a failing store is logged once and the count is dropped. */
  record(event: AnalyticsEvent): void;
  /** The key of one metric of one page, for count(): a caller that counts the same page again and again keeps it. */
  counterKey(page: string, metric: Metric): CounterKey;
  /** Adds one to each counter, today: record() without building anything per event. Same guarantees as record(). */
  count(keys: readonly CounterKey[]): void;
  /** Every page's counts per day over the range (pending increments written first). */
  query(range: DayRange): Promise<PageDayCounts[]>;
  /** The `limit` pages with the most views over the range. */
  top(range: DayRange, limit: number): Promise<PageTotals[]>;
  /** Today, in the configured time zone: ranges are in these days. */
  today(): string;
  /** Writes what is pending now; resolves when it is written (or the write failed and was logged). */
  flush(): Promise<void>;
  /** Writes what is pending, stops the timer and closes the store. */
  close(): Promise<void>;
}

const SEPARATOR = '\n';

/** While counts are being dropped, how often the number dropped is logged, ms. */
export const DROP_LOG_INTERVAL_MS = 60_000;

export function createAnalytics(options: AnalyticsOptions): Analytics {
  const config = resolveAnalyticsOptions(options);
  /** day -> counter -> amount not yet written. The one owner of unwritten counts; `pendingEntries` counters in all. */
  let pending = new Map<string, Map<CounterKey, number>>();
  let pendingEntries = 0;
  let timer: NodeJS.Timeout | undefined;
  /**
   * The one write in flight, if any. Writes never overlap: a slow or hung store holds one batch, and counts wait in
   * `pending` (at most maxPendingEntries counters) meanwhile. So memory stays bounded at two batches whatever the store does.
   */
  let writing: Promise<void> | undefined;
  let failing = false;
  let closed = false;
  /** Counts dropped since the last log line about them, and when that line was written (config.now). */
  let dropped = 0;
  let droppedLoggedAt = Number.NEGATIVE_INFINITY;

  // Every time zone's offset in use is a whole number of minutes, so a day starts on a minute boundary: the day is
  // computed (Intl, about 10 µs) once per minute of the clock, not once per event.
  let dayMinute = Number.NaN;
  let day = '';
  const today = () => {
    const time = config.now();
    const minute = Math.floor(time / 60_000);
    if (minute !== dayMinute) {
      day = dayOf(time, config.timeZone);
      dayMinute = minute;
    }
    return day;
  };

  const counterKey = (page: string, metric: Metric) => `${page}${SEPARATOR}${metric}` as CounterKey;

  function record(event: AnalyticsEvent): void {
    if (closed) return;
    try {
      add(today(), counterKey(event.url, metricOf(event)));
    } catch (error) {
      reportOnce(error);
    }
  }

  function count(keys: readonly CounterKey[]): void {
    if (closed) return;
    try {
      const now = today();
      for (const key of keys) add(now, key);
    } catch (error) {
      reportOnce(error);
    }
  }

  function add(day: string, key: CounterKey): void {
    let counters = pending.get(day);
    const amount = counters?.get(key);
    if (amount === undefined && pendingEntries >= config.maxPendingEntries) {
      // A flood of distinct counters between writes. With no write in flight, one starts now and the count goes into
      // the emptied pending map; while the store is still busy with the last batch, the count is dropped.
      if (writing !== undefined) return drop();
      void flush();
      counters = undefined;
    }
    if (counters === undefined) pending.set(day, (counters = new Map()));
    if (amount === undefined) pendingEntries++;
    counters.set(key, (amount ?? 0) + 1);
    if (timer === undefined) schedule();
  }

  function schedule(): void {
    timer = setTimeout(() => {
      timer = undefined;
      if (writing === undefined) void flush(); // else the write in flight starts the next one when it ends
    }, config.flushIntervalMs);
    timer.unref?.();
  }

  function drop(): void {
    dropped++;
    const now = config.now();
    if (now - droppedLoggedAt < DROP_LOG_INTERVAL_MS) return;
    config.logger.warn(
      `analytics: the store is slower than counts arrive: ${dropped} count(s) dropped since the last report ` +
        `(${config.maxPendingEntries} counters are held while one write is in flight; logged at most once a minute)`,
    );
    dropped = 0;
    droppedLoggedAt = now;
  }

  /** Starts a write of what is pending, unless one is in flight; resolves when nothing written before it is pending. */
  async function flush(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    while (writing !== undefined) await writing;
    if (pendingEntries === 0) return;
    const batch = pending;
    pending = new Map();
    pendingEntries = 0;
    const current = write(batch).finally(() => {
      writing = undefined;
      if (pendingEntries > 0 && timer === undefined && !closed) schedule();
    });
    writing = current;
    await current;
  }

  async function write(batch: Map<string, Map<CounterKey, number>>): Promise<void> {
    const increments: CountIncrement[] = [];
    for (const [day, counters] of batch) {
      for (const [key, by] of counters) {
        const cut = key.lastIndexOf(SEPARATOR);
        increments.push({ day, page: key.slice(0, cut), metric: key.slice(cut + 1) as Metric, by });
      }
    }
    const limits = { maxPages: config.maxPages, retentionDays: config.retentionDays, oldestDay: addDays(today(), 1 - config.retentionDays) };
    try {
      await config.store.increment(increments, limits);
      if (failing) config.logger.warn('analytics: the store accepts counts again');
      failing = false;
    } catch (error) {
      reportOnce(error);
    }
  }

  function reportOnce(error: unknown): void {
    if (failing) return;
    failing = true;
    // The error's class only: a driver's message can carry a connection string with its password.
    const name = error instanceof Error ? error.constructor.name : typeof error;
    config.logger.error(`analytics: the store failed to save counts (${name}); counts are dropped until it recovers`);
  }

  async function query(range: DayRange): Promise<PageDayCounts[]> {
    checkRange(range, config);
    await flush();
    return config.store.read(range);
  }

  async function top(range: DayRange, limit: number): Promise<PageTotals[]> {
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > ANALYTICS_DEFAULTS.maxTopPages) {
      throw new RangeError(`analytics: top pages are 1 to ${ANALYTICS_DEFAULTS.maxTopPages} (got ${String(limit)})`);
    }
    return topPages(await query(range), limit);
  }

  async function close(): Promise<void> {
    closed = true;
    await flush();
    await config.store.close?.();
  }

  return { record, counterKey, count, query, top, today, flush, close };
}

/** A range is two real days, in order, spanning at most the retention period. */
export function checkRange(range: DayRange, config: Pick<AnalyticsConfig, 'retentionDays'>): void {
  if (!isDay(range?.from) || !isDay(range?.to)) throw new RangeError('analytics: a range is { from, to } as YYYY-MM-DD days');
  if (range.from > range.to) throw new RangeError(`analytics: the range starts (${range.from}) after it ends (${range.to})`);
  if (daysBetween(range.from, range.to) > config.retentionDays) {
    throw new RangeError(`analytics: a range spans at most ${config.retentionDays} days (the retention period)`);
  }
}
