// RedisStore on a real Redis Cluster of three masters, through ioredis' Cluster and node-redis' createCluster().
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../src/index.js';
import { connectCluster, type Connection } from './helpers/clients.js';
import { clusterAvailable, startRedisCluster, type RedisCluster } from './helpers/redis-cluster.js';

let cluster: RedisCluster;
/** Three accounts whose keys live on three different masters. */
let accounts: string[] = [];
const t = 1_900_000_000_000;
const now = () => t;
/** Long enough that only pub/sub can deliver a notice within a test. */
const NO_POLLING = 3_600_000;

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.skipIf(!clusterAvailable())('RedisStore on a Redis Cluster of 3 masters', () => {
  beforeAll(async () => {
    cluster = await startRedisCluster();
    const ports = new Set<number>();
    for (let i = 0; accounts.length < 3; i++) {
      const appId = `wxcluster${i}`;
      const node = await cluster.nodeOf(`{${appId}}`);
      if (ports.has(node.port)) continue;
      ports.add(node.port);
      accounts.push(appId);
    }
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  describe.each(['ioredis', 'node-redis'] as const)('with %s', (flavour) => {
    let mine: Connection & { send(args: string[]): Promise<unknown> };
    let theirs: Connection & { send(args: string[]): Promise<unknown> };
    beforeAll(async () => {
      mine = await connectCluster(flavour, cluster.seeds, true);
      theirs = await connectCluster(flavour, cluster.seeds, true);
    });
    afterAll(async () => {
      await Promise.all([mine?.quit(), theirs?.quit()]);
    });

    it('an account’s token, ticket and lock share one slot; each account’s keys sit on its own master', async () => {
      const store = new RedisStore({ ...mine.options, subscriber: undefined, prefix: `${flavour}-a:`, now });
      for (const appId of accounts) {
        await store.set(`${appId}:access_token`, { value: `token-${appId}`, expiresAt: t + 60_000 });
        await store.set(`${appId}:jsapi_ticket`, { value: `ticket-${appId}`, expiresAt: t + 60_000 });
        const release = await store.lock(`${appId}:access_token`, 5000);
        const keys = [`{${appId}}:access_token`, `{${appId}}:jsapi_ticket`, `lock:{${appId}}:access_token`].map((k) => `${flavour}-a:${k}`);
        const slots = await Promise.all(keys.map((key) => mine.send(['CLUSTER', 'KEYSLOT', key])));
        expect(new Set(slots).size).toBe(1);
        expect(await mine.send(['EXISTS', keys[2]!])).toBe(1);
        expect(await store.lock(`${appId}:access_token`, 5000)).toBeUndefined();
        await release?.();
        expect(await mine.send(['EXISTS', keys[2]!])).toBe(0);
        expect(await store.get(`${appId}:jsapi_ticket`)).toEqual({ value: `ticket-${appId}`, expiresAt: t + 60_000 });
        await store.delete(`${appId}:access_token`, `token-${appId}`);
        expect(await store.get(`${appId}:access_token`)).toBeUndefined();
      }
      const owners = await Promise.all(accounts.map((appId) => cluster.nodeOf(`${flavour}-a:{${appId}}:access_token`)));
      expect(new Set(owners.map((node) => node.port)).size).toBe(3);
      await store.close();
    });

    it('pub/sub: a notice published on any master reaches a subscriber connected to whichever node', async () => {
      const listening = new RedisStore({ ...mine.options, prefix: `${flavour}-b:`, now, pollIntervalMs: NO_POLLING });
      const writing = new RedisStore({ ...theirs.options, subscriber: undefined, prefix: `${flavour}-b:`, now });
      const heard: string[] = [];
      await listening.subscribe((key) => heard.push(key));
      // Three accounts on three masters: at least two notices come from a master the subscriber is not connected to.
      for (const appId of accounts) await writing.set(`${appId}:access_token`, { value: 'v', expiresAt: t + 60_000 });
      await until(() => heard.length === 3);
      expect(heard.sort()).toEqual(accounts.map((appId) => `${appId}:access_token`).sort());
      await listening.close();
    });

    it('polling without a subscriber watches keys on every master (one MGET per account, no CROSSSLOT)', async () => {
      const polling = new RedisStore({ ...mine.options, subscriber: undefined, prefix: `${flavour}-c:`, now, pollIntervalMs: 20 });
      const writing = new RedisStore({ ...theirs.options, subscriber: undefined, prefix: `${flavour}-c:`, now });
      const heard: string[] = [];
      await polling.subscribe((key) => heard.push(key));
      const keys = accounts.flatMap((appId) => [`${appId}:access_token`, `${appId}:jsapi_ticket`]);
      for (const key of keys) expect(await polling.get(key)).toBeUndefined();
      for (const key of keys) await writing.set(key, { value: 'v', expiresAt: t + 60_000 });
      await until(() => heard.length === keys.length);
      expect(heard.sort()).toEqual([...keys].sort());
      await polling.close();
    });
  });
});
