// RedisStore against a real redis-server, through ioredis, node-redis v5 and a sendCommand function.
import type { CredentialStore } from '@share/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore, RedisStoreError, createRedisStore } from '../src/index.js';
import { connect, flavours, type Connection } from './helpers/clients.js';
import { redisAvailable, startRedisServer, type RedisServer } from './helpers/redis-server.js';

const KEY = 'wx1234567890abcdef:access_token';
const TOKEN = 'token-value-that-must-stay-secret';
/** KEY as it is stored: the account in braces, Redis Cluster's hash tag. */
const TAGGED = '{wx1234567890abcdef}:access_token';

describe.skipIf(!redisAvailable()).each(flavours)('RedisStore with %s', (flavour) => {
  let server: RedisServer;
  let conn: Connection;
  let other: Connection;
  let raw: Connection;
  let t = 1_900_000_000_000;
  const now = () => t;
  const send = (args: string[]) => (raw.options.sendCommand as (a: string[]) => Promise<unknown>)(args);

  beforeAll(async () => {
    server = await startRedisServer();
    conn = await connect(flavour, server.url, true);
    other = await connect(flavour, server.url, true);
    raw = await connect('sendCommand', server.url);
  });
  afterAll(async () => {
    await Promise.all([conn?.quit(), other?.quit(), raw?.quit()]);
    await server?.stop();
  });

  const fresh = (prefix: string, options: Partial<Connection['options']> = {}) =>
    new RedisStore({ ...conn.options, subscriber: undefined, prefix, now, ...options });

  it("is a @share/server CredentialStore with the optional lock, subscribe and close (tsc checks the types)", () => {
    const store: CredentialStore = createRedisStore({ ...conn.options, subscriber: undefined });
    expect(store).toBeInstanceOf(RedisStore);
    expect([store.lock, store.subscribe, store.close].map((f) => typeof f)).toEqual(['function', 'function', 'function']);
  });

  it('get of a missing key is undefined', async () => {
    expect(await fresh('p1:').get(KEY)).toBeUndefined();
  });

  it('set stores JSON {value, expiresAt} under the prefix and the account\'s hash tag, with a Redis TTL until expiresAt', async () => {
    const store = fresh('p2:');
    await store.set(KEY, { value: TOKEN, expiresAt: t + 60_000 });
    expect(await store.get(KEY)).toEqual({ value: TOKEN, expiresAt: t + 60_000 });
    expect(JSON.parse(String(await send(['GET', `p2:${TAGGED}`])))).toEqual({ value: TOKEN, expiresAt: t + 60_000 });
    const pttl = Number(await send(['PTTL', `p2:${TAGGED}`]));
    expect(pttl).toBeGreaterThan(55_000);
    expect(pttl).toBeLessThanOrEqual(60_000);
  });

  it("defaults the prefix to 'share:'", async () => {
    const store = new RedisStore({ ...conn.options, subscriber: undefined, now });
    await store.set('wxdefault:jsapi_ticket', { value: 'ticket', expiresAt: t + 1000 });
    expect(await send(['EXISTS', 'share:{wxdefault}:jsapi_ticket'])).toBe(1);
  });

  it('does not store a credential that has already expired', async () => {
    const store = fresh('p3:');
    await store.set(KEY, { value: TOKEN, expiresAt: t - 1 });
    expect(await send(['EXISTS', `p3:${TAGGED}`])).toBe(0);
  });

  it('reads a value that expired by the injected clock, or that is not its JSON, as undefined', async () => {
    const store = fresh('p4:');
    await store.set(KEY, { value: TOKEN, expiresAt: t + 1000 });
    t += 1000;
    expect(await store.get(KEY)).toBeUndefined();
    await send(['SET', 'p4:{garbage}', '{not json']);
    await send(['SET', 'p4:{wrong}', '{"value":42,"expiresAt":"soon"}']);
    expect(await store.get('garbage')).toBeUndefined();
    expect(await store.get('wrong')).toBeUndefined();
  });

  it('refuses a malformed credential or key', async () => {
    const store = fresh('p5:');
    await expect(store.set(KEY, { value: '', expiresAt: t + 1000 })).rejects.toThrow(TypeError);
    await expect(store.set(KEY, { value: TOKEN, expiresAt: Number.NaN })).rejects.toThrow(TypeError);
    await expect(store.get('')).rejects.toThrow(TypeError);
  });

  it('delete removes the key', async () => {
    const store = fresh('p6:');
    await store.set(KEY, { value: TOKEN, expiresAt: t + 60_000 });
    await store.delete(KEY);
    expect(await store.get(KEY)).toBeUndefined();
    await store.delete('never-set');
  });

  it('delete(key, ifValue) removes only while that value is still stored', async () => {
    const store = fresh('p7:');
    await store.set(KEY, { value: 'new-token', expiresAt: t + 60_000 });
    await store.delete(KEY, 'stale-token');
    expect(await store.get(KEY)).toEqual({ value: 'new-token', expiresAt: t + 60_000 });
    await store.delete(KEY, 'new-token');
    expect(await store.get(KEY)).toBeUndefined();
    await send(['SET', 'p7:{foreign}', 'plain text']);
    await store.delete('foreign', 'plain text');
    expect(await send(['GET', 'p7:{foreign}'])).toBe('plain text');
  });

  it('lock: one holder at a time, with a Redis TTL so that a dead holder cannot block the others', async () => {
    const a = fresh('p8:');
    const b = fresh('p8:');
    const release = await a.lock(KEY, 5000);
    expect(release).toBeTypeOf('function');
    expect(await b.lock(KEY, 5000)).toBeUndefined();
    const pttl = Number(await send(['PTTL', `p8:lock:${TAGGED}`]));
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(5000);
    await release?.();
    const next = await b.lock(KEY, 5000);
    expect(next).toBeTypeOf('function');
    await next?.();
  });

  it('a late release after the lock expired and another instance took it leaves the new holder alone', async () => {
    const a = fresh('p9:');
    const b = fresh('p9:');
    const releaseA = await a.lock(KEY, 5000);
    await send(['DEL', `p9:lock:${TAGGED}`]); // what expiry does
    const releaseB = await b.lock(KEY, 5000);
    expect(releaseB).toBeTypeOf('function');
    await releaseA?.();
    expect(await a.lock(KEY, 5000)).toBeUndefined();
    await releaseB?.();
    expect(await send(['EXISTS', `p9:lock:${TAGGED}`])).toBe(0);
  });

  it('scripts still run after Redis forgot them (SCRIPT FLUSH, as after a restart)', async () => {
    const store = fresh('p10:');
    const release = await store.lock(KEY, 5000);
    await send(['SCRIPT', 'FLUSH']);
    await release?.();
    expect(await send(['EXISTS', `p10:lock:${TAGGED}`])).toBe(0);
    await send(['SCRIPT', 'FLUSH']);
    await store.set(KEY, { value: TOKEN, expiresAt: t + 60_000 });
    await send(['SCRIPT', 'FLUSH']);
    await store.delete(KEY, TOKEN);
    expect(await store.get(KEY)).toBeUndefined();
  });

  it('rejects lock ttls that are not positive', async () => {
    await expect(fresh('p11:').lock(KEY, 0)).rejects.toThrow(TypeError);
  });

  describe('change notices', () => {
    it('pub/sub: hears the other instances’ set and delete, not its own', async () => {
      const mine = new RedisStore({ ...conn.options, prefix: 'n1:', now });
      const theirs = new RedisStore({ ...other.options, prefix: 'n1:', now });
      const heard: string[] = [];
      const unsubscribe = await mine.subscribe((key) => heard.push(key));
      await mine.set('own', { value: 'a', expiresAt: t + 60_000 });
      await theirs.set('k1', { value: 'b', expiresAt: t + 60_000 });
      await until(() => heard.length >= 1);
      await theirs.delete('k1', 'not-the-value');
      await theirs.delete('k1', 'b');
      await until(() => heard.length >= 2);
      await theirs.set('k2', { value: 'c', expiresAt: t + 60_000 });
      await theirs.delete('k2');
      await until(() => heard.length >= 4);
      expect(heard).toEqual(['k1', 'k1', 'k2', 'k2']);
      await unsubscribe();
      await theirs.set('k3', { value: 'd', expiresAt: t + 60_000 });
      await theirs.set('k4', { value: 'd', expiresAt: t + 60_000 });
      await mine.close();
      await theirs.close();
      expect(heard).toEqual(['k1', 'k1', 'k2', 'k2']);
    });

    it('pub/sub: a prefix has its own channel', async () => {
      const mine = new RedisStore({ ...conn.options, prefix: 'n2:', now });
      const theirs = new RedisStore({ ...other.options, prefix: 'n2-other:', now });
      const same = new RedisStore({ ...other.options, subscriber: undefined, prefix: 'n2:', now });
      const heard: string[] = [];
      await mine.subscribe((key) => heard.push(key));
      await theirs.set('elsewhere', { value: 'a', expiresAt: t + 60_000 });
      await same.set('here', { value: 'b', expiresAt: t + 60_000 });
      await until(() => heard.length >= 1);
      expect(heard).toEqual(['here']);
      await mine.close();
    });

    it('without a subscriber: polls the keys it uses and reports new values, not vanished ones', async () => {
      const mine = new RedisStore({ ...conn.options, subscriber: undefined, prefix: 'n3:', now, pollIntervalMs: 10 });
      const theirs = new RedisStore({ ...other.options, subscriber: undefined, prefix: 'n3:', now });
      const heard: string[] = [];
      await mine.subscribe((key) => heard.push(key));
      await mine.set('watched', { value: 'a', expiresAt: t + 60_000 });
      expect(await mine.get('other')).toBeUndefined();
      await theirs.set('other', { value: 'b', expiresAt: t + 60_000 });
      await until(() => heard.includes('other'));
      await theirs.delete('watched');
      await theirs.set('unwatched', { value: 'c', expiresAt: t + 60_000 });
      await theirs.set('watched', { value: 'd', expiresAt: t + 60_000 });
      await until(() => heard.includes('watched'));
      expect(heard).toEqual(['other', 'watched']);
      await mine.close();
    });
  });

  it('a Redis that is down rejects with a RedisStoreError within commandTimeoutMs, without the value', async () => {
    const down = await startRedisServer();
    const c = await connect(flavour, down.url);
    const store = new RedisStore({ ...c.options, commandTimeoutMs: 300, now });
    await down.stop();
    for (const attempt of [
      () => store.get(KEY),
      () => store.set(KEY, { value: TOKEN, expiresAt: t + 60_000 }),
      () => store.delete(KEY, TOKEN),
      () => store.lock(KEY, 1000),
    ]) {
      const error = await attempt().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RedisStoreError);
      expect(String((error as Error).message)).not.toContain(TOKEN);
      expect(JSON.stringify(error)).not.toContain(TOKEN);
    }
    await c.quit();
  });
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
