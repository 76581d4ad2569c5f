// The public part of the analytics counting layer: the façade, the store interface for store packages, a memory store.
export { createAnalytics } from './analytics.js';
export type { Analytics, CounterKey } from './analytics.js';
export type { AnalyticsOptions } from './options.js';
export { OTHER_PAGE } from './page-url.js';
export type { AnalyticsEvent, ShareChannel, ShareApi, Metric } from './events.js';
export { MemoryAnalyticsStore } from './memory-store.js';
export type { AnalyticsStore, CountIncrement, StorageLimits, Counts, PageDayCounts, PageTotals, DayRange } from './store.js';
