// The analytics store interface: where per-page, per-day counts live. Methods may answer directly or with a promise.
import type { Awaitable } from '../stores/store.js';
import type { Metric } from './events.js';

/** Adds `by` to one counter of one page on one day. */
export interface CountIncrement {
  day: string;
  page: string;
  metric: Metric;
  by: number;
}

/** The bounds a store keeps to on every write. */
export interface StorageLimits {
  /** Distinct pages per day; a new page beyond them is counted under the page `other`. */
  maxPages: number;
  /** Days kept, today included; older days are deleted (or expire). */
  retentionDays: number;
  /** The oldest day kept, from retentionDays and the writer's clock: days before it may be deleted now. */
  oldestDay: string;
}

export type Counts = Partial<Record<Metric, number>>;

/** One page's counts on one day. */
export interface PageDayCounts {
  day: string;
  page: string;
  counts: Counts;
}

/** One page's counts summed over a range of days. */
export interface PageTotals {
  page: string;
  counts: Counts;
}

/** Days from `from` to `to`, both included, as `YYYY-MM-DD`. */
export interface DayRange {
  from: string;
  to: string;
}

export interface AnalyticsStore {
  /** Adds a batch of increments, keeping to `limits` atomically (two writers never exceed the page cap together). */
  increment(increments: readonly CountIncrement[], limits: StorageLimits): Awaitable<void>;
  /** Every page's counts on every day of the range, ordered by day then page. */
  read(range: DayRange): Awaitable<PageDayCounts[]>;
  close?(): Awaitable<void>;
}
