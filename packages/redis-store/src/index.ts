// @share/redis-store: the public exports.
export { RedisStore, createRedisStore } from './redis-store.js';
export type { StoredCredential } from './redis-store.js';
export type { RedisStoreOptions } from './options.js';
export type { SendCommand, RedisClientLike, IoRedisLike, NodeRedisLike, NodeRedisClusterLike } from './command.js';
export type { SubscriberLike, IoRedisSubscriberLike, NodeRedisSubscriberLike } from './subscriber.js';
export { RedisStoreError } from './errors.js';
export { RedisAnalyticsStore } from './redis-analytics-store.js';
export type { RedisAnalyticsStoreOptions } from './redis-analytics-store.js';
