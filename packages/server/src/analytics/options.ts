// createAnalytics' options, checked and resolved over the one table of defaults.
import type { Logger } from '../logger.js';
import { consoleLogger } from '../logger.js';
import { checkTimeZone } from './day.js';
import { ANALYTICS_DEFAULTS } from './defaults.js';
import type { AnalyticsStore } from './store.js';

export interface AnalyticsOptions {
  /** Where counts are kept: MemoryAnalyticsStore, @share/analytics-sqlite or @share/redis-store's RedisAnalyticsStore. Required. */
  store: AnalyticsStore;
  /** The IANA time zone whose midnight starts a day. Defaults to `Asia/Shanghai`. */
  timeZone?: string;
  /** Distinct pages counted per day; the rest go under the page `other`. Defaults to 1000. */
  maxPages?: number;
  /** Days kept, today included. Defaults to 400. */
  retentionDays?: number;
  /** How long increments are coalesced in memory before one write. Defaults to 1000 ms. */
  flushIntervalMs?: number;
  /** Distinct pending (day, page, counter) entries before a write starts at once. Defaults to 10000. */
  maxPendingEntries?: number;
  /** Where a failing store is reported (once per outage). Defaults to the console. */
  logger?: Logger;
  /** The clock, in ms since the epoch. Defaults to `Date.now`. */
  now?: () => number;
}

export interface AnalyticsConfig {
  store: AnalyticsStore;
  timeZone: string;
  maxPages: number;
  retentionDays: number;
  flushIntervalMs: number;
  maxPendingEntries: number;
  logger: Logger;
  now: () => number;
}

const KNOWN = ['store', 'timeZone', 'maxPages', 'retentionDays', 'flushIntervalMs', 'maxPendingEntries', 'logger', 'now'];

export function resolveAnalyticsOptions(options: AnalyticsOptions): AnalyticsConfig {
  if (typeof options !== 'object' || options === null) throw new TypeError('analytics: pass options such as { store: new MemoryAnalyticsStore() }');
  const unknown = Object.keys(options).find((key) => !KNOWN.includes(key));
  if (unknown !== undefined) throw new TypeError(`analytics: unknown option "${unknown}"; the options are ${KNOWN.join(', ')}`);
  const store = options.store;
  if (typeof store?.increment !== 'function' || typeof store.read !== 'function') {
    throw new TypeError('analytics: `store` must be an AnalyticsStore (with increment and read), e.g. new MemoryAnalyticsStore()');
  }
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const config: AnalyticsConfig = {
    timeZone: ANALYTICS_DEFAULTS.timeZone,
    maxPages: ANALYTICS_DEFAULTS.maxPages,
    retentionDays: ANALYTICS_DEFAULTS.retentionDays,
    flushIntervalMs: ANALYTICS_DEFAULTS.flushIntervalMs,
    maxPendingEntries: ANALYTICS_DEFAULTS.maxPendingEntries,
    logger: consoleLogger,
    now: Date.now,
    ...given,
    store,
  };
  checkTimeZone(config.timeZone);
  positiveInteger('maxPages', config.maxPages);
  positiveInteger('retentionDays', config.retentionDays);
  positiveInteger('flushIntervalMs', config.flushIntervalMs);
  positiveInteger('maxPendingEntries', config.maxPendingEntries);
  if (typeof config.now !== 'function') throw new TypeError('analytics: `now` must be a function returning ms since the epoch');
  return config;
}

function positiveInteger(name: string, value: unknown): void {
  if (!Number.isSafeInteger(value) || (value as number) < 1) {
    throw new RangeError(`analytics: \`${name}\` must be a whole number of at least 1 (got ${String(value)})`);
  }
}
