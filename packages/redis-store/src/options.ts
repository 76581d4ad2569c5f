// RedisStore's options: the public Options with their defaults, and the resolved Config the store runs on.
import { sendCommandOf, type RedisClientLike, type SendCommand } from './command.js';
import type { SubscriberLike } from './subscriber.js';

export interface RedisStoreOptions {
  /**
   * Your connected ioredis (`new Redis()`, `new Cluster([...])`) or node-redis v5 (`await createClient().connect()`,
   * `await createCluster({ rootNodes }).connect()`) client. The store never connects, quits or configures it. Pass
   * this or `sendCommand`.
   */
  client?: RedisClientLike | undefined;
  /** Any other client: a function that sends one raw command, e.g. `(args) => client.sendCommand(args)`. */
  sendCommand?: SendCommand | undefined;
  /**
   * A second connection for pub/sub (a subscribed connection cannot run other commands), e.g. `client.duplicate()`
   * (node-redis: connect it first). With it, instances hear of each other's changes within a round trip. Defaults
   * to none: each instance then polls the keys it uses every `pollIntervalMs`. On a cluster client, polling stays on
   * beside pub/sub (cluster clients do not report their pub/sub connection dropping).
   */
  subscriber?: SubscriberLike | undefined;
  /**
   * Prepended to every key: `${prefix}{${appId}}:access_token`, `${prefix}lock:{${appId}}:access_token` (the braces
   * keep an account's keys in one Redis Cluster slot). Defaults to 'share:'.
   */
  prefix?: string | undefined;
  /** The pub/sub channel for change notices. Defaults to `${prefix}changes`. */
  channel?: string | undefined;
  /** A Redis command that has not answered by then rejects with a RedisStoreError (reason 'timeout'). Infinity: no bound. Defaults to 1000. */
  commandTimeoutMs?: number | undefined;
  /** How often an instance without a live subscription compares the stored values with its own, ms. Defaults to 2000. */
  pollIntervalMs?: number | undefined;
  /** Clock in ms since the epoch, for the keys' time to live. Defaults to Date.now. */
  now?: (() => number) | undefined;
}

export interface RedisStoreConfig {
  send: SendCommand;
  subscriber: SubscriberLike | undefined;
  prefix: string;
  channel: string;
  commandTimeoutMs: number;
  pollIntervalMs: number;
  now: () => number;
}

const known = ['client', 'sendCommand', 'subscriber', 'prefix', 'channel', 'commandTimeoutMs', 'pollIntervalMs', 'now'];

export function resolveOptions(options: RedisStoreOptions): RedisStoreConfig {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('RedisStore: pass options, e.g. new RedisStore({ client })');
  }
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as RedisStoreOptions;
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) throw new TypeError(`RedisStore: unknown option \`${key}\`.${suggest(key)}`);
  }
  const { client, sendCommand, subscriber } = given;
  if (client && sendCommand) throw new TypeError('RedisStore: pass `client` or `sendCommand`, not both');
  if (!client && !sendCommand) {
    throw new TypeError('RedisStore: pass your Redis client as `client` (ioredis or node-redis) or a `sendCommand` function');
  }
  if (sendCommand !== undefined && typeof sendCommand !== 'function') {
    throw new TypeError('RedisStore: `sendCommand` must be a function (args: string[]) => Promise<unknown>');
  }
  if (subscriber !== undefined && (subscriber === client || (subscriber as unknown) === sendCommand)) {
    throw new TypeError('RedisStore: `subscriber` must be a second connection, e.g. `client.duplicate()`');
  }
  const prefix = given.prefix ?? 'share:';
  if (typeof prefix !== 'string') throw new TypeError('RedisStore: `prefix` must be a string');
  const channel = given.channel ?? `${prefix}changes`;
  if (typeof channel !== 'string' || channel === '') throw new TypeError('RedisStore: `channel` must be a non-empty string');
  const now = given.now ?? Date.now;
  if (typeof now !== 'function') throw new TypeError('RedisStore: `now` must be a function returning ms since the epoch');
  return {
    send: client ? sendCommandOf(client) : (sendCommand as SendCommand),
    subscriber,
    prefix,
    channel,
    commandTimeoutMs: positive('commandTimeoutMs', given.commandTimeoutMs ?? 1000),
    pollIntervalMs: positive('pollIntervalMs', given.pollIntervalMs ?? 2000, false),
    now,
  };
}

function positive(name: string, value: number, infinite = true): number {
  const ok = typeof value === 'number' && value > 0 && (Number.isFinite(value) || (infinite && value === Infinity));
  if (!ok) throw new TypeError(`RedisStore: \`${name}\` must be a positive number of ms${infinite ? ' (or Infinity)' : ''}`);
  return value;
}

function suggest(key: string): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = distance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best ? ` Did you mean \`${best}\`?` : ` Known options: ${known.join(', ')}.`;
}

function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + cost);
    }
    row = next;
  }
  return row[b.length] ?? 0;
}
