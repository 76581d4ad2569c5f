// Test set-up: the three ways a user hands the store a client — ioredis, node-redis v5, a sendCommand function.
import { Redis } from 'ioredis';
import { createClient } from 'redis';
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
