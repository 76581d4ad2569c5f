// The analytics part of @share/server: counting, validation and the store interface.
export { createAnalytics } from './analytics.js';
export type { Analytics } from './analytics.js';
export type { AnalyticsOptions } from './options.js';
export { ANALYTICS_DEFAULTS } from './defaults.js';
export { SHARE_CHANNELS, SHARE_APIS, METRICS, EVENT_KINDS, metricOf, isMetric, channelOfFrom } from './events.js';
export type { AnalyticsEvent, ShareChannel, ShareApi, Metric } from './events.js';
export { parseEvent } from './parse-event.js';
export type { ParsedEvent } from './parse-event.js';
export { canonicalPageUrl, WECHAT_PARAMETERS, OTHER_PAGE, MAX_PAGE_URL_LENGTH } from './page-url.js';
export { dayOf, addDays, isDay, daysBetween, checkTimeZone } from './day.js';
export { topPages, addTo, totalOf } from './counts.js';
export { MemoryAnalyticsStore } from './memory-store.js';
export type { AnalyticsStore, CountIncrement, StorageLimits, Counts, PageDayCounts, PageTotals, DayRange } from './store.js';
