// Scenario 11 (issue 20): a flood of distinct page views (`&view=1` needs no key) at a fixed rate, counted into a
// memory, a SQLite and a Redis analytics store in turn: the signature route's latency while the store keeps up.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { Fixture } from '../children.js';
import { redisServerInstalled, startRedisServer, type RunningRedis } from '../redis-server.js';
import type { FloodRow } from '../results.js';
import { account, startEmulator, startServer } from '../servers.js';
import { pageUrl, signaturePath } from '../urls.js';
import { errorMessage, type ScenarioContext } from './context.js';

export const FLOOD_TARGETS = [
  { key: 'memory', label: 'MemoryAnalyticsStore' },
  { key: 'sqlite', label: "@share/analytics-sqlite's SqliteAnalyticsStore (a file)" },
  { key: 'redis', label: "@share/redis-store's RedisAnalyticsStore (a local redis-server)" },
] as const;
export type FloodKey = (typeof FLOOD_TARGETS)[number]['key'];

/** The signature route's p99 under the flood must stay under this (issue 20). */
export const FLOOD_P99_TARGET_MS = 50;
/** The flood's connections: enough for the rate, few enough that none waits behind another's answer. */
const CONNECTIONS = 20;

export async function runFlood(context: ScenarioContext): Promise<FloodRow[]> {
  const { settings, log } = context;
  const dir = mkdtempSync(join(tmpdir(), 'share-bench-flood-'));
  const emulator = await startEmulator(FLOOD_TARGETS.map((_, i) => account(i + 40)));
  let redis: RunningRedis | undefined;
  const rows: FloodRow[] = [];
  try {
    for (const [i, target] of FLOOD_TARGETS.entries()) {
      let server: Fixture | undefined;
      try {
        let store: { analyticsMemory: true } | { analyticsFile: string } | { analyticsRedisUrl: string };
        if (target.key === 'memory') store = { analyticsMemory: true };
        else if (target.key === 'sqlite') store = { analyticsFile: join(dir, 'analytics.db') };
        else {
          if (!redisServerInstalled()) throw new Error('redis-server is not installed');
          redis = await startRedisServer();
          store = { analyticsRedisUrl: redis.url };
        }
        server = await startServer('ours', `flood-${target.key}`, { mode: 'http', apiBase: emulator.url, ...account(i + 40), ...store });
        const first = await fetch(`${server.url}${signaturePath(pageUrl(0))}`);
        if (first.status !== 200) throw new Error(`the first signature answered ${first.status}`);
        const before = await server.call<NodeJS.MemoryUsage>('memory-usage');
        const flood = await floodOf(server.url, settings.floodRate, settings.floodSeconds, (i + 1) * 10_000_000);
        const after = await server.call<NodeJS.MemoryUsage>('memory-usage');
        log(`flood, ${target.key}: ${Math.round(flood.rps)} req/s, p50 ${flood.p50} ms, p99 ${flood.p99} ms, max ${flood.max} ms, non-2xx ${flood.non2xx}`);
        rows.push({ key: target.key, label: target.label, ...flood, rssBeforeMb: before.rss / 2 ** 20, rssAfterMb: after.rss / 2 ** 20 });
      } catch (error) {
        context.skip(`flood: ${target.label}: ${errorMessage(error)}`);
        rows.push({ key: target.key, label: target.label, unavailable: `not measured: ${errorMessage(error)}` });
      } finally {
        await server?.close();
      }
    }
    return rows;
  } finally {
    await Promise.all([emulator.close(), redis?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `rate` first views a second of distinct pages, for `seconds`, from CONNECTIONS connections (autocannon's overallRate). */
async function floodOf(base: string, rate: number, seconds: number, offset: number) {
  let next = offset;
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    overallRate: rate,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          request.path = `${signaturePath(pageUrl(next++))}&view=1`;
          return request;
        },
      },
    ],
  });
  return {
    rps: result.requests.average,
    requests: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx + result.errors + result.timeouts,
  };
}
