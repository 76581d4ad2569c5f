// @share/server/analytics: the counter by itself, the store interface for store packages, and a memory store.
export * from '../analytics/index.js';
