import { describe, expect, it } from 'vitest';
import { createAnalytics } from '../../src/analytics/analytics.js';
import { ANALYTICS_DEFAULTS } from '../../src/analytics/defaults.js';
import { MemoryAnalyticsStore } from '../../src/analytics/memory-store.js';
import type { AnalyticsStore, CountIncrement, StorageLimits } from '../../src/analytics/store.js';
import { fakeClock, spyLogger } from '../helpers/fakes.js';

const page = 'https://a.example/';
// 2026-03-10 12:00 in Shanghai.
const noon = Date.UTC(2026, 2, 10, 4);

/** A store that records each batch it is given, and fails while `failing` is set. */
function spyStore() {
  const memory = new MemoryAnalyticsStore();
  const spy = {
    batches: [] as { increments: CountIncrement[]; limits: StorageLimits }[],
    failing: undefined as Error | undefined,
    closed: false,
    increment(increments: readonly CountIncrement[], limits: StorageLimits): Promise<void> {
      if (spy.failing) return Promise.reject(spy.failing);
      spy.batches.push({ increments: [...increments], limits });
      memory.increment(increments, limits);
      return Promise.resolve();
    },
    read: memory.read.bind(memory),
    close() {
      spy.closed = true;
    },
  } satisfies AnalyticsStore & Record<string, unknown>;
  return spy;
}

describe('createAnalytics', () => {
  it('coalesces many events into one write of one increment per page, day and counter', async () => {
    const store = spyStore();
    const analytics = createAnalytics({ store, now: fakeClock(noon), logger: spyLogger() });
    for (let i = 0; i < 500; i++) analytics.record({ kind: 'view', url: page });
    analytics.record({ kind: 'arrival', url: page, channel: 'timeline' });
    expect(store.batches).toHaveLength(0);
    await analytics.flush();
    expect(store.batches).toHaveLength(1);
    expect(store.batches[0]!.increments).toEqual([
      { day: '2026-03-10', page, metric: 'views', by: 500 },
      { day: '2026-03-10', page, metric: 'arrival:timeline', by: 1 },
    ]);
    expect(store.batches[0]!.limits).toEqual({
      maxPages: ANALYTICS_DEFAULTS.maxPages,
      retentionDays: ANALYTICS_DEFAULTS.retentionDays,
      oldestDay: '2025-02-04',
    });
    await analytics.close();
  });

  it('count() adds one to each counter key, into the same increments as record()', async () => {
    const store = spyStore();
    const analytics = createAnalytics({ store, now: fakeClock(noon), logger: spyLogger() });
    const keys = [analytics.counterKey(page, 'views'), analytics.counterKey(page, 'arrival:timeline')];
    analytics.count(keys);
    analytics.count(keys);
    analytics.record({ kind: 'view', url: page });
    analytics.count([]);
    await analytics.flush();
    expect(store.batches).toHaveLength(1);
    expect(store.batches[0]!.increments).toEqual([
      { day: '2026-03-10', page, metric: 'views', by: 3 },
      { day: '2026-03-10', page, metric: 'arrival:timeline', by: 2 },
    ]);
    await analytics.close();
    analytics.count(keys); // after close(): nothing, and no throw
    await analytics.flush();
    expect(store.batches).toHaveLength(1);
  });

  it('keeps a page url with a newline whole: the counter key is cut at its last separator', async () => {
    const store = spyStore();
    const analytics = createAnalytics({ store, now: fakeClock(noon), logger: spyLogger() });
    analytics.count([analytics.counterKey('a\nb', 'views')]);
    await analytics.flush();
    expect(store.batches[0]!.increments).toEqual([{ day: '2026-03-10', page: 'a\nb', metric: 'views', by: 1 }]);
  });

  it('counts an event on the day of the configured zone at the moment it is recorded', async () => {
    const store = new MemoryAnalyticsStore();
    const clock = fakeClock(Date.UTC(2026, 2, 9, 15, 59));
    const analytics = createAnalytics({ store, now: clock, logger: spyLogger() });
    analytics.record({ kind: 'view', url: page });
    clock.advance(60_000); // midnight in Shanghai
    analytics.record({ kind: 'view', url: page });
    analytics.record({ kind: 'view', url: page });
    expect(analytics.today()).toBe('2026-03-10');
    const rows = await analytics.query({ from: '2026-03-09', to: '2026-03-10' });
    expect(rows.map((row) => [row.day, row.counts.views])).toEqual([['2026-03-09', 1], ['2026-03-10', 2]]);

    const utc = createAnalytics({ store: new MemoryAnalyticsStore(), timeZone: 'UTC', now: clock, logger: spyLogger() });
    utc.record({ kind: 'view', url: page });
    expect((await utc.query({ from: '2026-03-09', to: '2026-03-09' })).map((row) => row.day)).toEqual(['2026-03-09']);
  });

  it('writes by itself after flushIntervalMs', async () => {
    const store = spyStore();
    let written!: () => void;
    const done = new Promise<void>((resolve) => (written = resolve));
    const increment = store.increment;
    store.increment = (increments, limits) => increment(increments, limits).then(written);
    const analytics = createAnalytics({ store, flushIntervalMs: 1, now: fakeClock(noon), logger: spyLogger() });
    analytics.record({ kind: 'view', url: page });
    await done;
    expect(store.batches[0]!.increments[0]).toMatchObject({ metric: 'views', by: 1 });
    await analytics.close();
  });

  it('never throws into record() and logs a failing store once, without its message', async () => {
    const store = spyStore();
    const logger = spyLogger();
    const analytics = createAnalytics({ store, now: fakeClock(noon), logger });
    store.failing = new Error('connect redis://:s3cret-password@db:6379 refused');
    for (let round = 0; round < 3; round++) {
      expect(() => analytics.record({ kind: 'view', url: page })).not.toThrow();
      await analytics.flush();
    }
    expect(logger.errors).toHaveLength(1);
    expect(logger.errors[0]).toMatch(/store failed to save counts \(Error\)/);
    expect(logger.lines.join('\n')).not.toContain('s3cret');

    store.failing = undefined;
    analytics.record({ kind: 'view', url: page });
    await analytics.flush();
    expect(logger.warnings).toEqual(['analytics: the store accepts counts again']);
    store.failing = new TypeError('again');
    analytics.record({ kind: 'view', url: page });
    await analytics.flush();
    expect(logger.errors).toHaveLength(2);
  });

  it('keeps at most maxPendingEntries in memory: a flood of pages starts a write, and what comes while it runs waits', async () => {
    const store = spyStore();
    const analytics = createAnalytics({ store, maxPendingEntries: 3, maxPages: 1000, now: fakeClock(noon), logger: spyLogger() });
    for (let i = 0; i < 6; i++) analytics.record({ kind: 'view', url: `https://a.example/${i}` });
    expect(store.batches.map((batch) => batch.increments.length)).toEqual([3]); // the 4th page started a write at once
    await analytics.flush();
    expect(store.batches.map((batch) => batch.increments.length)).toEqual([3, 3]);
    expect(store.batches.flatMap((batch) => batch.increments.map((increment) => increment.page))).toEqual(
      Array.from({ length: 6 }, (_, i) => `https://a.example/${i}`),
    );
  });

  it('holds one batch in flight and maxPendingEntries more while the store hangs: the rest is dropped, counted and logged once a minute', async () => {
    const store = spyStore();
    const increment = store.increment;
    let release!: () => void;
    const hung = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    store.increment = (increments, limits) => {
      calls++;
      return hung.then(() => increment(increments, limits));
    };
    const clock = fakeClock(noon);
    const logger = spyLogger();
    const analytics = createAnalytics({ store, maxPendingEntries: 100, now: clock, logger });
    for (let i = 0; i < 10_000; i++) analytics.record({ kind: 'view', url: `https://a.example/${i}` });
    expect(calls).toBe(1); // one write in flight, never a queue of them
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(/^analytics: the store is slower than counts arrive: 1 count\(s\) dropped/);
    clock.advance(59_999);
    for (let i = 0; i < 1_000; i++) analytics.record({ kind: 'view', url: `https://b.example/${i}` });
    expect(logger.warnings).toHaveLength(1);
    clock.advance(1);
    analytics.record({ kind: 'view', url: 'https://c.example/' });
    expect(logger.warnings[1]).toMatch(/: 10800 count\(s\) dropped since the last report/); // 9,899 + 1,000 - 100 + 1
    for (let i = 0; i < 100; i++) analytics.record({ kind: 'view', url: 'https://a.example/150' }); // a pending counter still adds up
    release();
    await analytics.flush();
    expect(store.batches.map((batch) => batch.increments.length)).toEqual([100, 100]);
    expect(store.batches[0]!.increments[0]).toMatchObject({ page: 'https://a.example/0', by: 1 });
    expect(store.batches[1]!.increments.find((increment) => increment.page === 'https://a.example/150')).toMatchObject({ by: 101 });
    expect(store.batches[1]!.increments.reduce((sum, increment) => sum + increment.by, 0)).toBe(200);
  });

  it('ranks top pages by views over a range', async () => {
    const analytics = createAnalytics({ store: new MemoryAnalyticsStore(), now: fakeClock(noon), logger: spyLogger() });
    for (const [url, views] of [['https://a.example/1', 1], ['https://a.example/2', 3], ['https://a.example/3', 2]] as const) {
      for (let i = 0; i < views; i++) analytics.record({ kind: 'view', url });
    }
    analytics.record({ kind: 'share', url: 'https://a.example/1', api: 'onMenuShareAppMessage' });
    const top = await analytics.top({ from: '2026-03-01', to: '2026-03-10' }, 2);
    expect(top).toEqual([
      { page: 'https://a.example/2', counts: { views: 3 } },
      { page: 'https://a.example/3', counts: { views: 2 } },
    ]);
    await expect(analytics.top({ from: '2026-03-01', to: '2026-03-10' }, 0)).rejects.toThrow(/top pages are 1 to 100/);
  });

  it('rejects ranges that are not days, run backwards or outlast retention', async () => {
    const analytics = createAnalytics({ store: new MemoryAnalyticsStore(), retentionDays: 30, logger: spyLogger() });
    await expect(analytics.query({ from: 'last week', to: '2026-03-01' })).rejects.toThrow(/YYYY-MM-DD/);
    await expect(analytics.query({ from: '2026-03-02', to: '2026-03-01' })).rejects.toThrow(/starts .* after it ends/);
    await expect(analytics.query({ from: '2026-01-01', to: '2026-03-01' })).rejects.toThrow(/at most 30 days/);
  });

  it('resolves defaults for {} and undefined values, without mutating frozen options', () => {
    const store = spyStore();
    const options = Object.freeze({ store, timeZone: undefined, maxPages: undefined, now: fakeClock(noon), logger: spyLogger() });
    const analytics = createAnalytics(options);
    analytics.record({ kind: 'view', url: page });
    return analytics.flush().then(() => {
      expect(store.batches[0]!.increments[0]!.day).toBe('2026-03-10');
      expect(store.batches[0]!.limits.maxPages).toBe(ANALYTICS_DEFAULTS.maxPages);
    });
  });

  it('refuses bad options with a message naming the fix', () => {
    const store = new MemoryAnalyticsStore();
    expect(() => createAnalytics({} as never)).toThrow(/`store` must be an AnalyticsStore/);
    expect(() => createAnalytics({ store, timezone: 'UTC' } as never)).toThrow(/unknown option `timezone`/);
    expect(() => createAnalytics({ store, timeZone: 'Nowhere/City' })).toThrow(/unknown time zone/);
    expect(() => createAnalytics({ store, maxPages: 0 })).toThrow(/`maxPages` must be a whole number/);
    expect(() => createAnalytics({ store, retentionDays: 1.5 })).toThrow(/`retentionDays`/);
  });

  it('writes what is pending on close, then closes the store and counts nothing more', async () => {
    const store = spyStore();
    const analytics = createAnalytics({ store, now: fakeClock(noon), logger: spyLogger() });
    analytics.record({ kind: 'view', url: page });
    await analytics.close();
    expect(store.batches).toHaveLength(1);
    expect(store.closed).toBe(true);
    analytics.record({ kind: 'view', url: page });
    await analytics.flush();
    expect(store.batches).toHaveLength(1);
  });
});
