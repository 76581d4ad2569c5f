// The counter façade: record() never throws and never waits; increments are coalesced in memory and written in batches.
import { addDays, daysBetween, dayOf, isDay } from './day.js';
import { ANALYTICS_DEFAULTS } from './defaults.js';
import { metricOf, type AnalyticsEvent, type Metric } from './events.js';
import { resolveAnalyticsOptions, type AnalyticsConfig, type AnalyticsOptions } from './options.js';
import { OTHER_PAGE } from './page-url.js';
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

export function createAnalytics(options: AnalyticsOptions): Analytics {
  const config = resolveAnalyticsOptions(options);
  /** day -> counter -> amount not yet written. The one owner of unwritten counts; `pendingEntries` counters in all. */
  let pending = new Map<string, Map<CounterKey, number>>();
  let pendingEntries = 0;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  let failing = false;
  let closed = false;

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
    if (pendingEntries >= config.maxPendingEntries && pending.get(day)?.has(key) !== true) {
      // A flood of distinct pages between writes: write what is pending now, so memory stays bounded, and still count
      // the event (under "other").
      void flush();
      key = counterKey(OTHER_PAGE, metricOfKey(key));
    }
    let counters = pending.get(day);
    if (counters === undefined) pending.set(day, (counters = new Map()));
    const amount = counters.get(key);
    if (amount === undefined) pendingEntries++;
    counters.set(key, (amount ?? 0) + 1);
    if (timer === undefined) {
      timer = setTimeout(() => void flush(), config.flushIntervalMs);
      timer.unref?.();
    }
  }

  function flush(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    if (pendingEntries === 0) return writing;
    const batch = pending;
    pending = new Map();
    pendingEntries = 0;
    writing = writing.then(() => write(batch));
    return writing;
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

/** The metric of a counter key: what follows its last separator (a metric never holds one; a page url may). */
function metricOfKey(key: CounterKey): Metric {
  return key.slice(key.lastIndexOf(SEPARATOR) + 1) as Metric;
}

/** A range is two real days, in order, spanning at most the retention period. */
export function checkRange(range: DayRange, config: Pick<AnalyticsConfig, 'retentionDays'>): void {
  if (!isDay(range?.from) || !isDay(range?.to)) throw new RangeError('analytics: a range is { from, to } as YYYY-MM-DD days');
  if (range.from > range.to) throw new RangeError(`analytics: the range starts (${range.from}) after it ends (${range.to})`);
  if (daysBetween(range.from, range.to) > config.retentionDays) {
    throw new RangeError(`analytics: a range spans at most ${config.retentionDays} days (the retention period)`);
  }
}
