// @share/analytics-sqlite: the public exports.
export { SqliteAnalyticsStore } from './sqlite-store.js';
export type { SqliteAnalyticsStoreOptions } from './sqlite-store.js';
