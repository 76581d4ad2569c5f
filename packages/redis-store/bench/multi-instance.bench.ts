// Bench: 4 app processes sharing the WeChat emulator and one Redis — upstream calls, throughput, Redis round trips.
// Run: pnpm --filter @share/redis-store bench (prints the results as JSON; BENCH_WARM_MS sets the warm phase).
import { cpus, loadavg } from 'node:os';
import { createWechatMock, type WechatMock } from '@share/wechat-mock';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startInstances, type Instance } from '../test/helpers/instances.js';
import { redisAvailable, startRedisServer, type RedisServer } from '../test/helpers/redis-server.js';

const INSTANCES = 4;
const COLD_REQUESTS = 250;
const WARM_MS = Number(process.env.BENCH_WARM_MS ?? 3000);
const CONCURRENCY = 50;
const URLS = 1000;
const account = { appId: 'wxbe4c4be4c4be4c4b', appSecret: 'bench-secret' };

interface Hammer {
  done: number;
  failed: number;
  ms: number;
}

let redis: RedisServer;
let mock: WechatMock;
let all: Instance[] = [];
const report: Record<string, unknown> = {};

async function redisCommands(): Promise<number> {
  const info = await all[0]!.call<string>('info');
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? Number.NaN);
}

async function run(label: string, memory: boolean): Promise<void> {
  mock.resetCalls();
  mock.invalidateTokens();
  await Promise.all(all.map((instance) => instance.setup(`bench-${label}:`, { memory })));

  const coldStart = performance.now();
  const cold = await Promise.all(all.map((instance) => instance.sign(COLD_REQUESTS, `cold-${label}`)));
  const coldMs = performance.now() - coldStart;
  const coldCalls = { ...mock.calls };

  const commandsBefore = await redisCommands();
  const warm = await Promise.all(all.map((instance) => instance.call<Hammer>('hammer', { ms: WARM_MS, concurrency: CONCURRENCY, urls: URLS })));
  const commandsDuring = (await redisCommands()) - commandsBefore - 1; // minus the INFO itself
  const signs = warm.reduce((sum, w) => sum + w.done, 0);

  report[label] = {
    cold: {
      requests: INSTANCES * COLD_REQUESTS,
      failed: cold.reduce((sum, c) => sum + c.errors.length, 0),
      ms: Math.round(coldMs),
      upstream: coldCalls,
    },
    warm: {
      signsPerSecond: Math.round(signs / (WARM_MS / 1000)),
      perInstance: warm.map((w) => Math.round(w.done / (w.ms / 1000))),
      failed: warm.reduce((sum, w) => sum + w.failed, 0),
      upstream: { stableToken: mock.calls.stableToken - coldCalls.stableToken, ticket: mock.calls.ticket - coldCalls.ticket },
      redisCommandsPer1000Signs: memory ? null : Math.round((commandsDuring / signs) * 1000 * 100) / 100,
    },
  };
}

beforeAll(async () => {
  if (!redisAvailable()) return;
  redis = await startRedisServer();
  mock = createWechatMock({ accounts: [account] });
  const apiBase = await mock.listen();
  all = await startInstances(INSTANCES, { redis: { url: redis.url }, apiBase, ...account });
});

afterAll(async () => {
  await Promise.all(all.map((instance) => instance.close()));
  await mock?.close();
  await redis?.stop();
});

it.skipIf(!redisAvailable())(`${INSTANCES} processes, one Redis vs. one MemoryStore each`, async () => {
  // A whole round first, not reported: the first round in fresh processes runs before the JIT has warmed up, and
  // measured 2-3x slower whichever store it used.
  await run('warm-up', true);
  delete report['warm-up'];
  await run('redis', false);
  await run('memory', true);
  report.machine = { cpus: cpus().length, loadavg: loadavg().map((l) => Math.round(l * 10) / 10), node: process.version };
  report.settings = { instances: INSTANCES, coldRequestsPerInstance: COLD_REQUESTS, warmMs: WARM_MS, concurrency: CONCURRENCY, urls: URLS };
  console.log(JSON.stringify(report, null, 2));
  // What the Redis store is for: one token call and one ticket call for all instances, none on the warm path.
  expect((report.redis as { cold: { upstream: unknown } }).cold.upstream).toEqual({ token: 0, stableToken: 1, ticket: 1 });
});
