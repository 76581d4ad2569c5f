// Test set-up: the ways a user hands the store a client — ioredis, node-redis v5, a sendCommand function; on one Redis or a cluster.
import { Cluster, Redis } from 'ioredis';
import { createClient, createCluster } from 'redis';
import type { RedisStoreOptions } from '../../src/index.js';

export type Flavour = 'ioredis' | 'node-redis' | 'sendCommand';
export const flavours: Flavour[] = ['ioredis', 'node-redis', 'sendCommand'];

export interface Connection {
  /** Options for a RedisStore on this connection; `subscriber` when asked for. */
  options: RedisStoreOptions;
  quit(): Promise<void>;
}

export async function connect(flavour: Flavour, url: string, withSubscriber = false): Promise<Connection> {
  if (flavour === 'ioredis') {
    const client = new Redis(url, { lazyConnect: true });
    client.on('error', () => undefined);
    await client.connect();
    const subscriber = withSubscriber ? client.duplicate() : undefined;
    subscriber?.on('error', () => undefined);
    return {
      options: { client, subscriber },
      quit: async () => {
        client.disconnect();
        subscriber?.disconnect();
      },
    };
  }
  const client = createClient({ url });
  client.on('error', () => undefined);
  await client.connect();
  const subscriber = withSubscriber ? client.duplicate() : undefined;
  subscriber?.on('error', () => undefined);
  await subscriber?.connect();
  const base: RedisStoreOptions =
    flavour === 'node-redis' ? { client } : { sendCommand: (args: string[]) => client.sendCommand(args) };
  return {
    options: { ...base, subscriber },
    quit: async () => {
      client.destroy();
      subscriber?.destroy();
    },
  };
}

/** A cluster client from the seed nodes `host:port,…`, as a user would create it; `send` runs raw commands on it. */
export async function connectCluster(
  flavour: 'ioredis' | 'node-redis',
  seeds: string,
  withSubscriber = false,
): Promise<Connection & { send(args: string[]): Promise<unknown> }> {
  const nodes = seeds.split(',').map((seed) => ({ host: seed.split(':')[0]!, port: Number(seed.split(':')[1]) }));
  if (flavour === 'ioredis') {
    const client = new Cluster(nodes);
    client.on('error', () => undefined);
    const subscriber = withSubscriber ? client.duplicate() : undefined;
    subscriber?.on('error', () => undefined);
    return {
      options: { client, subscriber },
      send: ([command, ...args]) => client.call(command!, ...args),
      quit: async () => {
        client.disconnect();
        subscriber?.disconnect();
      },
    };
  }
  const client = createCluster({ rootNodes: nodes.map(({ host, port }) => ({ url: `redis://${host}:${port}` })) });
  client.on('error', () => undefined);
  await client.connect();
  const subscriber = withSubscriber ? client.duplicate() : undefined;
  subscriber?.on('error', () => undefined);
  await subscriber?.connect();
  return {
    options: { client, subscriber },
    send: (args) => client.sendCommand(args[1], false, args),
    quit: async () => {
      client.destroy();
      subscriber?.destroy();
    },
  };
}
