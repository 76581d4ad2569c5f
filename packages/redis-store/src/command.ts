// Turns the user's Redis client (ioredis, node-redis v5, either on a cluster) or sendCommand function into one bounded command runner.
import { commandFailed, commandTimedOut } from './errors.js';

/** Sends one raw command, e.g. `['SET', 'key', 'value']`, and resolves to Redis' reply. */
export type SendCommand = (args: string[]) => Promise<unknown>;

/** The part of an ioredis client (Redis or Cluster) the store uses. */
export interface IoRedisLike {
  call(command: string, ...args: (string | number)[]): Promise<unknown>;
}

/** The part of a node-redis v5 client the store uses. */
export interface NodeRedisLike {
  sendCommand(args: string[]): Promise<unknown>;
}

/** The part of a node-redis v5 cluster (`createCluster()`) the store uses: it routes by the key given first. */
export interface NodeRedisClusterLike {
  sendCommand(firstKey: string | undefined, isReadonly: boolean | undefined, args: string[]): Promise<unknown>;
  getSlotRandomNode(slot: number): unknown;
}

export type RedisClientLike = IoRedisLike | NodeRedisLike | NodeRedisClusterLike;

export function isIoRedis(client: unknown): client is IoRedisLike {
  return typeof (client as IoRedisLike | null)?.call === 'function';
}

export function isNodeRedis(client: unknown): client is NodeRedisLike | NodeRedisClusterLike {
  return !isIoRedis(client) && typeof (client as NodeRedisLike | null)?.sendCommand === 'function';
}

/** ioredis' Cluster and node-redis' createCluster(): they route each command to the node that owns its key. */
export function isCluster(client: unknown): boolean {
  if (isIoRedis(client)) return (client as { isCluster?: unknown }).isCluster === true;
  return isNodeRedis(client) && typeof (client as NodeRedisClusterLike).getSlotRandomNode === 'function';
}

/** The key a command is routed by: EVAL/EVALSHA's first key, else the first argument (GET, SET, MGET). */
export function routingKeyOf(args: string[]): string | undefined {
  const [command = '', ...rest] = args;
  if (/^EVAL(SHA)?$/i.test(command)) return Number(rest[1]) > 0 ? rest[2] : undefined;
  return rest[0];
}

/** ioredis also has a `sendCommand`, but one that takes its own Command objects: `call` is the raw form. */
export function sendCommandOf(client: RedisClientLike): SendCommand {
  if (isIoRedis(client)) return ([command, ...args]) => client.call(command as string, ...args);
  if (isNodeRedis(client) && isCluster(client)) {
    const cluster = client as NodeRedisClusterLike;
    return (args) => cluster.sendCommand(routingKeyOf(args), false, args);
  }
  if (isNodeRedis(client)) return (args) => (client as NodeRedisLike).sendCommand(args);
  throw new TypeError('RedisStore: `client` must be an ioredis or node-redis v5 client (it has no `call` or `sendCommand` method)');
}

/**
 * Runs commands through `send`, each bounded by `timeoutMs`: a client that queues commands while Redis is down
 * would otherwise keep the caller waiting until it reconnects. Errors are rethrown as RedisStoreError.
 */
export function boundedCommands(send: SendCommand, timeoutMs: number): SendCommand {
  return (args) => {
    const name = (args[0] ?? '').toUpperCase();
    return withTimeout(callSafely(send, args, name), timeoutMs, name);
  };
}

/** Rejects with a RedisStoreError when `work` has not settled within `timeoutMs` (Infinity: no bound). */
export async function withTimeout<T>(work: Promise<T>, timeoutMs: number, name: string): Promise<T> {
  if (!Number.isFinite(timeoutMs)) return work;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(commandTimedOut(name, timeoutMs)), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function callSafely(send: SendCommand, args: string[], name: string): Promise<unknown> {
  try {
    return await send(args);
  } catch (error) {
    throw commandFailed(name, error);
  }
}
