// RedisAnalyticsStore on a real redis-server: two stores on two connections add up, the cap holds, keys expire.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnalytics } from '@share/server/analytics';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { RedisAnalyticsStore } from '../src/index.js';
import { pageKey, pagesKey } from '../src/analytics-keys.js';
import { slotOwnerOf } from '../src/keys.js';
import { redisAvailable, startRedisServer, type RedisServer } from './helpers/redis-server.js';

const day = '2026-03-10';
const page = 'https://a.example/';
const limits = { maxPages: 1000, retentionDays: 30, oldestDay: '2026-02-09' };
const now = () => Date.UTC(2026, 2, 10, 4);
const logger = { warn: () => undefined, error: () => undefined };
/** The read route answers 503 past this (@share/server's readTimeoutMs). */
const ANALYTICS_DEFAULTS_READ_TIMEOUT_MS = 5_000;

describe.runIf(redisAvailable())('RedisAnalyticsStore', () => {
  let redis: RedisServer;
  let io: Redis;
  let node: ReturnType<typeof createClient>;
  let prefixes = 0;
  const fresh = () => `t${++prefixes}:`;

  beforeAll(async () => {
    redis = await startRedisServer();
    io = new Redis(redis.url);
    node = createClient({ url: redis.url });
    await node.connect();
  });
  afterAll(async () => {
    io?.disconnect();
    node?.destroy();
    await redis?.stop();
  });

  it('adds up two instances on two connections (ioredis and node-redis) counting at once', async () => {
    const prefix = fresh();
    const a = createAnalytics({ store: new RedisAnalyticsStore({ client: io, prefix }), now, logger });
    const b = createAnalytics({ store: new RedisAnalyticsStore({ client: node, prefix }), now, logger });
    const flushes: Promise<void>[] = [];
    for (let i = 0; i < 60; i++) {
      a.record({ kind: 'view', url: page });
      b.record({ kind: 'view', url: page });
      b.record({ kind: 'arrival', url: page, channel: 'groupmessage' });
      if (i % 7 === 0) flushes.push(a.flush(), b.flush());
    }
    await Promise.all([...flushes, a.flush(), b.flush()]);
    expect(await a.query({ from: day, to: day })).toEqual([{ day, page, counts: { views: 120, 'arrival:groupmessage': 60 } }]);
    expect(await new RedisAnalyticsStore({ client: node, prefix }).read({ from: day, to: day })).toEqual([
      { day, page, counts: { views: 120, 'arrival:groupmessage': 60 } },
    ]);
  });

  it('keeps two stores racing for the last places under the page cap, the rest under "other"', async () => {
    const prefix = fresh();
    const a = new RedisAnalyticsStore({ client: io, prefix });
    const b = new RedisAnalyticsStore({ sendCommand: (args) => node.sendCommand(args), prefix });
    const capped = { ...limits, maxPages: 10 };
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).increment([{ day, page: `https://a.example/${i}`, metric: 'views', by: 1 }], capped)),
    );
    const rows = await a.read({ from: day, to: day });
    expect(rows).toHaveLength(11);
    expect(rows.find((row) => row.page === 'other')?.counts.views).toBe(90);
    expect(rows.reduce((sum, row) => sum + (row.counts.views ?? 0), 0)).toBe(100);
    expect(await io.scard(pagesKey(prefix, day))).toBe(10);
  });

  it('sets a TTL of the retention period on every key of the day, and skips days already past it', async () => {
    const prefix = fresh();
    const store = new RedisAnalyticsStore({ client: io, prefix });
    await store.increment([{ day, page, metric: 'views', by: 1 }, { day: '2026-01-01', page, metric: 'views', by: 1 }], limits);
    const ttl = await io.ttl(pageKey(prefix, day, page));
    expect(ttl).toBeGreaterThan(30 * 86_400);
    expect(ttl).toBeLessThanOrEqual(31 * 86_400);
    expect(await io.ttl(pagesKey(prefix, day))).toBeGreaterThan(30 * 86_400);
    expect(await io.exists(pageKey(prefix, '2026-01-01', page))).toBe(0);
  });

  it('reads 120 days of 1,000 pages in a few pipelined commands, well within the read route timeout', async () => {
    const prefix = fresh();
    const days = Array.from({ length: 120 }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10));
    const fill = io.pipeline();
    for (const d of days) {
      const pages = Array.from({ length: 1000 }, (_, i) => `https://a.example/${i}`);
      fill.sadd(pagesKey(prefix, d), ...pages);
      for (const [i, p] of pages.entries()) fill.hset(pageKey(prefix, d, p), 'views', String(i + 1));
    }
    await fill.exec();
    const commands: string[] = [];
    const store = new RedisAnalyticsStore({
      prefix,
      sendCommand: (args) => {
        commands.push(args[0]!);
        return io.call(args[0]!, ...args.slice(1));
      },
    });
    const started = performance.now();
    const rows = await store.read({ from: days[0]!, to: days[119]! });
    const ms = performance.now() - started;
    expect(rows).toHaveLength(120 * 1000);
    expect(rows[0]).toEqual({ day: days[0], page: 'https://a.example/0', counts: { views: 1 } });
    expect(rows.at(-1)).toEqual({ day: days[119], page: 'https://a.example/999', counts: { views: 1000 } });
    // One SMEMBERS per day, then ceil(1001 / 500) = 3 scripts per day: 480 commands, where one per day and page was 120,120.
    expect(commands.filter((c) => c === 'SMEMBERS')).toHaveLength(120);
    expect(commands.filter((c) => c === 'EVAL')).toHaveLength(360);
    expect(ms).toBeLessThan(ANALYTICS_DEFAULTS_READ_TIMEOUT_MS);
    console.info(`read 120 days x 1000 pages: ${Math.round(ms)} ms, ${commands.length} commands`);
  }, 60_000);

  it('keeps every key of one day in one cluster slot', () => {
    const owners = new Set([pagesKey('share:', day), pageKey('share:', day, 'other'), pageKey('share:', day, 'https://x.example/{weird}')].map(slotOwnerOf));
    expect(owners).toEqual(new Set([day]));
  });

  it('sends no new batch while Redis has not answered the last one (a frozen Redis holds one batch, not one a second)', async () => {
    let sent = 0;
    let answer!: () => void;
    const store = new RedisAnalyticsStore({
      commandTimeoutMs: 20,
      sendCommand: () => {
        sent++;
        return new Promise((resolve) => (answer = () => resolve(1)));
      },
    });
    const batch = [{ day, page, metric: 'views' as const, by: 1 }];
    await expect(store.increment(batch, limits)).rejects.toMatchObject({ name: 'RedisStoreError', reason: 'timeout' });
    await expect(store.increment(batch, limits)).rejects.toThrow(/has not answered the last analytics write yet/);
    expect(sent).toBe(1);
    answer();
    await new Promise((resolve) => setImmediate(resolve));
    const next = store.increment(batch, limits);
    expect(sent).toBe(2);
    answer();
    await next;
  });

  it('asks for a client in words', () => {
    expect(() => new RedisAnalyticsStore({})).toThrow(/pass your Redis client as `client`/);
  });
});
