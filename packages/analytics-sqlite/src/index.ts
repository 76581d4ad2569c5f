// @share/analytics-sqlite: the public exports.
export { SqliteAnalyticsStore } from './sqlite-store.js';
export type { SqliteAnalyticsStoreOptions } from './sqlite-store.js';
export { SqliteStore, MAX_KEY_LENGTH, MAX_VALUE_BYTES } from './credential-store.js';
export type { SqliteStoreOptions } from './credential-store.js';
