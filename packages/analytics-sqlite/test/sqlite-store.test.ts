import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnalytics } from '@share/server/analytics';
import { SqliteAnalyticsStore } from '../src/index.js';
import { findDriver, MISSING_DRIVER } from '../src/driver.js';
import { INCREMENTS_PER_TRANSACTION } from '../src/sqlite-store.js';

const run = promisify(execFile);
const child = join(import.meta.dirname, 'fixtures', 'count-process.mjs');
const limits = { maxPages: 1000, retentionDays: 400, oldestDay: '2025-01-01' };
const day = '2026-03-10';
const page = 'https://a.example/';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'share-analytics-'));
  file = join(dir, 'counts.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('SqliteAnalyticsStore', () => {
  it('keeps counts when the file is closed and opened again', async () => {
    const first = new SqliteAnalyticsStore({ filename: file });
    await first.increment([{ day, page, metric: 'views', by: 3 }, { day, page, metric: 'arrival:timeline', by: 1 }], limits);
    first.close();
    const second = new SqliteAnalyticsStore({ filename: file });
    await second.increment([{ day, page, metric: 'views', by: 2 }], limits);
    expect(second.read({ from: day, to: day })).toEqual([{ day, page, counts: { 'arrival:timeline': 1, views: 5 } }]);
    second.close();
  });

  it('keeps counts across real processes: one writes and exits, another reads', async () => {
    await run(process.execPath, [child, 'write', file, day, page, '4']);
    await run(process.execPath, [child, 'write', file, day, page, '3']);
    const { stdout } = await run(process.execPath, [child, 'read', file, day]);
    expect(JSON.parse(stdout)).toEqual([{ day, page, counts: { views: 7 } }]);
  });

  it('keeps a committed write when its process is killed before closing the file (a crash)', async () => {
    await run(process.execPath, [child, 'write', file, day, page, '2']);
    await expect(run(process.execPath, [child, 'crash', file, day, page, '5'])).rejects.toMatchObject({ signal: 'SIGKILL' });
    const { stdout } = await run(process.execPath, [child, 'read', file, day]);
    expect(JSON.parse(stdout)).toEqual([{ day, page, counts: { views: 7 } }]);
  });

  it('adds up increments from several processes writing at once', async () => {
    await Promise.all(Array.from({ length: 4 }, (_, i) => run(process.execPath, [child, 'write', file, day, page, String(i + 1)])));
    const store = new SqliteAnalyticsStore({ filename: file });
    expect(store.read({ from: day, to: day })).toEqual([{ day, page, counts: { views: 10 } }]);
    store.close();
  });

  it('adds up two connections interleaving batches through the façade', async () => {
    const now = () => Date.UTC(2026, 2, 10, 4);
    const logger = { warn: () => undefined, error: () => undefined };
    const a = createAnalytics({ store: new SqliteAnalyticsStore({ filename: file }), now, logger });
    const b = createAnalytics({ store: new SqliteAnalyticsStore({ filename: file }), now, logger });
    for (let i = 0; i < 50; i++) {
      a.record({ kind: 'view', url: page });
      b.record({ kind: 'share', url: page, api: 'onMenuShareTimeline' });
      b.record({ kind: 'view', url: page });
      if (i % 10 === 0) await Promise.all([a.flush(), b.flush()]);
    }
    await Promise.all([a.close(), b.close()]);
    const store = new SqliteAnalyticsStore({ filename: file });
    expect(store.read({ from: day, to: day })).toEqual([{ day, page, counts: { 'share:onMenuShareTimeline': 50, views: 100 } }]);
    store.close();
  });

  it('counts a flood of distinct pages beyond the cap under "other", also across two connections', async () => {
    const a = new SqliteAnalyticsStore({ filename: file });
    const b = new SqliteAnalyticsStore({ filename: file });
    const capped = { ...limits, maxPages: 5 };
    for (let i = 0; i < 40; i++) {
      await (i % 2 ? a : b).increment([{ day, page: `https://a.example/${i}`, metric: 'views', by: 1 }], capped);
    }
    await a.increment([{ day, page: 'https://a.example/0', metric: 'views', by: 1 }], capped);
    const rows = a.read({ from: day, to: day });
    expect(rows).toHaveLength(6);
    expect(rows.find((row) => row.page === 'other')?.counts.views).toBe(35);
    expect(rows.find((row) => row.page === 'https://a.example/0')?.counts.views).toBe(2);
    expect(rows.reduce((sum, row) => sum + (row.counts.views ?? 0), 0)).toBe(41);
    a.close();
    b.close();
  });

  it('deletes days before the oldest kept day on the next write', async () => {
    const store = new SqliteAnalyticsStore({ filename: file });
    await store.increment([{ day: '2025-01-01', page, metric: 'views', by: 1 }, { day, page, metric: 'views', by: 1 }], limits);
    await store.increment([{ day: '2024-12-31', page, metric: 'views', by: 1 }], { ...limits, oldestDay: '2025-01-02' });
    expect(store.read({ from: '2024-01-01', to: '2026-12-31' }).map((row) => row.day)).toEqual([day]);
    store.close();
  });

  it('writes a large batch in transactions of INCREMENTS_PER_TRANSACTION, giving the event loop a turn between two', async () => {
    const store = new SqliteAnalyticsStore({ filename: file });
    const flood = Array.from({ length: 4 * INCREMENTS_PER_TRANSACTION }, (_, i) => ({ day, page: `https://a.example/${i}`, metric: 'views' as const, by: 1 }));
    let turns = 0;
    const tick = () => {
      turns++;
      if (turns < 1000) timer = setImmediate(tick);
    };
    let timer = setImmediate(tick);
    await store.increment(flood, { ...limits, maxPages: 600 });
    clearImmediate(timer);
    expect(turns).toBeGreaterThanOrEqual(3); // one turn between each two of the 4 transactions
    const rows = store.read({ from: day, to: day });
    expect(rows).toHaveLength(601); // the cap holds across transactions: 600 pages, the rest under "other"
    expect(rows.find((row) => row.page === 'other')?.counts.views).toBe(400);
    store.close();
  });

  it('opens node:sqlite where this Node has it, better-sqlite3 elsewhere', () => {
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    const builtIn = major > 22 || (major === 22 && minor >= 13);
    const store = new SqliteAnalyticsStore({ filename: ':memory:' });
    expect(store.driver).toBe(builtIn ? 'node:sqlite' : 'better-sqlite3');
    store.close();
  });

  it('prints no warning when it loads and counts (node:sqlite is experimental on some Node versions)', async () => {
    const { stdout, stderr } = await run(process.execPath, [child, 'write', file, day, page, '1']);
    expect([stdout, stderr]).toEqual(['', '']);
  });

  it('says what to install when neither node:sqlite nor better-sqlite3 loads', () => {
    expect(() => findDriver([['node:sqlite', () => undefined], ['better-sqlite3', () => undefined]])).toThrow(MISSING_DRIVER);
    expect(MISSING_DRIVER).toMatch(/Node 22\.13\+.*npm install better-sqlite3.*MemoryAnalyticsStore/);
  });

  it('asks for a filename in words', () => {
    expect(() => new SqliteAnalyticsStore({} as never)).toThrow(/pass \{ filename \}/);
  });
});
