// Adapts the user's second connection (ioredis or node-redis v5) to one channel subscription and its up/down events.
import { isCluster, isIoRedis, isNodeRedis } from './command.js';

type Handler = (...args: unknown[]) => void;

/** The part of an ioredis client in subscriber mode the store uses. */
export interface IoRedisSubscriberLike {
  call(...args: never[]): unknown;
  subscribe(channel: string): Promise<unknown>;
  unsubscribe(channel: string): Promise<unknown>;
  on(event: string, handler: Handler): unknown;
  removeListener(event: string, handler: Handler): unknown;
}

/** A message listener; a node-redis cluster's types allow Buffers (sent only in buffer mode, which the store does not use). */
type NodeRedisListener = (message: string | Uint8Array, channel: string | Uint8Array) => void;

/** The part of a node-redis v5 client or cluster the store uses for pub/sub. */
export interface NodeRedisSubscriberLike {
  sendCommand(...args: never[]): unknown;
  subscribe(channel: string, listener: NodeRedisListener): Promise<unknown>;
  unsubscribe(channel: string, listener: NodeRedisListener): Promise<unknown>;
  on(event: string, handler: Handler): unknown;
  removeListener(event: string, handler: Handler): unknown;
}

export type SubscriberLike = IoRedisSubscriberLike | NodeRedisSubscriberLike;

export interface Subscription {
  /** Asks Redis for the channel; resolves once Redis confirmed it. */
  subscribe(): Promise<void>;
  unsubscribe(): Promise<void>;
  /** Removes every handler this subscription added to the client. */
  detach(): void;
  /**
   * False for a cluster client: ioredis' Cluster and node-redis' createCluster() move their pub/sub connection to
   * another node by themselves and say nothing, so a notice published meanwhile may be lost unseen.
   */
  reportsDrops: boolean;
}

export interface SubscriptionEvents {
  message(text: string): void;
  /** The connection dropped (false) or is ready again (true; both clients subscribe again by themselves). */
  connection(up: boolean): void;
}

export function subscriptionOf(client: SubscriberLike, channel: string, events: SubscriptionEvents): Subscription {
  if ((!isIoRedis(client) && !isNodeRedis(client)) || typeof client.on !== 'function') {
    throw new TypeError('RedisStore: `subscriber` must be an ioredis or node-redis v5 client');
  }
  const up: Handler = () => events.connection(true);
  const down: Handler = () => events.connection(false);
  const connectionHandlers: [string, Handler][] = isIoRedis(client)
    ? [['ready', up], ['close', down], ['end', down]]
    : [['ready', up], ['reconnecting', down], ['end', down]];
  for (const [event, handler] of connectionHandlers) client.on(event, handler);
  const reportsDrops = !isCluster(client);
  const detachConnection = () => {
    for (const [event, handler] of connectionHandlers) client.removeListener(event, handler);
  };

  if (isIoRedis(client)) {
    const io = client as IoRedisSubscriberLike;
    const onMessage: Handler = (from, text) => {
      if (from === channel && typeof text === 'string') events.message(text);
    };
    io.on('message', onMessage);
    return {
      subscribe: async () => void (await io.subscribe(channel)),
      unsubscribe: async () => void (await io.unsubscribe(channel)),
      detach: () => {
        io.removeListener('message', onMessage);
        detachConnection();
      },
      reportsDrops,
    };
  }
  const node = client as NodeRedisSubscriberLike;
  const onMessage: NodeRedisListener = (text) => {
    if (typeof text === 'string') events.message(text);
  };
  return {
    subscribe: async () => void (await node.subscribe(channel, onMessage)),
    unsubscribe: async () => void (await node.unsubscribe(channel, onMessage)),
    detach: detachConnection,
    reportsDrops,
  };
}
