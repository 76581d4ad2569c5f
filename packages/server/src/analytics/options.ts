// The one options type of analytics, for createAnalytics() and wxShare()'s `analytics` option alike, checked and
// resolved over the one table of defaults by one function.
import { checkKeys, keysOfEnv } from '../key-check.js';
import type { Logger } from '../logger.js';
import { consoleLogger } from '../logger.js';
import { checkTimeZone } from './day.js';
import { ANALYTICS_DEFAULTS } from './defaults.js';
import { MemoryAnalyticsStore } from './memory-store.js';
import type { AnalyticsStore } from './store.js';

export interface AnalyticsOptions {
  /**
   * Where counts are kept: @share/analytics-sqlite's SqliteAnalyticsStore (a file, across restarts), @share/redis-store's
   * RedisAnalyticsStore (a fleet), MemoryAnalyticsStore (tests). Required by createAnalytics(); under wxShare() it
   * defaults to a MemoryAnalyticsStore, with a warning: its counts are lost when the process ends.
   */
  store?: AnalyticsStore | undefined;
  /** The read route's Bearer keys (16+ characters each, at most 20). Defaults to env WX_ANALYTICS_KEYS; none: no read route. */
  keys?: string[] | undefined;
  /** The IANA time zone whose midnight starts a day. Defaults to 'Asia/Shanghai'. */
  timeZone?: string | undefined;
  /** Distinct pages counted per day; the rest go under the page `other`. Defaults to 1000. */
  maxPages?: number | undefined;
  /** Days kept, today included. Defaults to 400. */
  retentionDays?: number | undefined;
  /** How long increments are coalesced in memory before one write to the store, ms. Defaults to 1000. */
  flushIntervalMs?: number | undefined;
  /** Events (and views counted by the signature route) accepted per minute from one client; 429 beyond. Defaults to 600. */
  eventsPerMinute?: number | undefined;
  /** Distinct pending (day, page, counter) entries before a write starts at once. Defaults to 10000. */
  maxPendingEntries?: number | undefined;
  /** Where a failing store is reported (once per outage). Defaults to the console; under wxShare(), its `logger`. */
  logger?: Logger | undefined;
  /** The clock, in ms since the epoch. Defaults to `Date.now`; under wxShare(), its `now`. */
  now?: (() => number) | undefined;
}

/** The options after defaults and checks: nothing undefined left. */
export interface AnalyticsConfig {
  store: AnalyticsStore;
  /** Empty: the read route is off and its path falls through to the app. */
  keys: readonly string[];
  timeZone: string;
  maxPages: number;
  retentionDays: number;
  flushIntervalMs: number;
  eventsPerMinute: number;
  maxPendingEntries: number;
  logger: Logger;
  now: () => number;
}

const KNOWN: readonly (keyof AnalyticsOptions)[] = [
  'store', 'keys', 'timeZone', 'maxPages', 'retentionDays', 'flushIntervalMs', 'eventsPerMinute', 'maxPendingEntries', 'logger', 'now',
];

/** Where the options come from: createAnalytics() (a store required) or wxShare() (its logger, clock and env). */
export interface AnalyticsContext {
  /** What errors start with: 'analytics:' (createAnalytics) or '@share/server:'. */
  errorPrefix: string;
  /** How errors name an option: 'analytics.' (wxShare's option) gives `analytics.maxPages`. */
  optionPrefix: string;
  /** wxShare(): a missing store becomes a MemoryAnalyticsStore, with a warning. */
  defaultStore: boolean;
  logger?: Logger | undefined;
  now?: (() => number) | undefined;
  env?: NodeJS.ProcessEnv | undefined;
}

const STANDALONE: AnalyticsContext = { errorPrefix: 'analytics:', optionPrefix: '', defaultStore: false };

export function resolveAnalyticsOptions(options: AnalyticsOptions, context: AnalyticsContext = STANDALONE): AnalyticsConfig {
  const prefix = context.optionPrefix;
  const fail = (message: string): never => {
    throw new TypeError(`${context.errorPrefix} ${message}`);
  };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) fail(`pass options such as { store: new MemoryAnalyticsStore() }`);
  const unknown = Object.keys(options).find((key) => !(KNOWN as readonly string[]).includes(key));
  if (unknown !== undefined) fail(`unknown option \`${prefix}${unknown}\`; the options are ${KNOWN.join(', ')}`);
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as AnalyticsOptions;
  const logger = given.logger ?? context.logger ?? consoleLogger;
  let store = given.store;
  if (store === undefined && context.defaultStore) {
    logger.warn(
      'analytics counts are kept in memory and lost when the process ends; pass analytics: { store: new SqliteAnalyticsStore({ filename }) } from @share/analytics-sqlite to keep them',
    );
    store = new MemoryAnalyticsStore();
  }
  if (typeof store?.increment !== 'function' || typeof store.read !== 'function') {
    fail(`\`${prefix}store\` must be an AnalyticsStore (with increment and read), e.g. new MemoryAnalyticsStore()`);
  }
  const env = context.env ?? {};
  const keyUsage = 'pass analytics.keys or set WX_ANALYTICS_KEYS (comma-separated)';
  const fromEnv = env.WX_ANALYTICS_KEYS?.trim() ? keysOfEnv(env.WX_ANALYTICS_KEYS) : undefined;
  const keys = given.keys !== undefined ? checkKeys(given.keys, `${prefix}keys`, keyUsage) : fromEnv === undefined ? [] : checkKeys(fromEnv, 'WX_ANALYTICS_KEYS', keyUsage);
  const now = given.now ?? context.now ?? Date.now;
  if (typeof now !== 'function') fail(`\`${prefix}now\` must be a function returning ms since the epoch`);
  const timeZone = given.timeZone ?? ANALYTICS_DEFAULTS.timeZone;
  checkTimeZone(timeZone);
  const positive = (name: keyof AnalyticsOptions, value: unknown): number => {
    if (!Number.isSafeInteger(value) || (value as number) < 1) fail(`\`${prefix}${name}\` must be a whole number of at least 1 (got ${String(value)})`);
    return value as number;
  };
  return {
    store: store!,
    keys,
    timeZone,
    maxPages: positive('maxPages', given.maxPages ?? ANALYTICS_DEFAULTS.maxPages),
    retentionDays: positive('retentionDays', given.retentionDays ?? ANALYTICS_DEFAULTS.retentionDays),
    flushIntervalMs: positive('flushIntervalMs', given.flushIntervalMs ?? ANALYTICS_DEFAULTS.flushIntervalMs),
    eventsPerMinute: positive('eventsPerMinute', given.eventsPerMinute ?? ANALYTICS_DEFAULTS.eventsPerMinute),
    maxPendingEntries: positive('maxPendingEntries', given.maxPendingEntries ?? ANALYTICS_DEFAULTS.maxPendingEntries),
    logger,
    now,
  };
}
