import { afterAll, describe, expect, it } from 'vitest';
import { killAll, liveCount } from '../../src/children.js';
import { redisServerInstalled } from '../../src/redis-server.js';
import { runInstances } from '../../src/scenarios/instances.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';

const installed = redisServerInstalled();
if (!installed && process.env.SHARE_REQUIRE_REDIS === '1') {
  throw new Error('redis-server is not installed but SHARE_REQUIRE_REDIS=1: run `apt-get install -y redis-server`');
}
if (!installed) console.warn('\n!!! SKIPPING bench/test/scenarios/instances.test.ts: redis-server is not installed\n');

afterAll(() => killAll());

describe.skipIf(!installed)('instances scenario', () => {
  it('spreads a cold storm over processes sharing Redis for 1 token + 1 ticket call, then none while warm', async () => {
    const skipped: string[] = [];
    const settings = { ...DEFAULT_SETTINGS, instances: 2, stormRequests: 40, connections: 4, warmupSeconds: 0.5, seconds: 1 };
    const [result] = await runInstances({ settings, cpuProfDir: undefined, log: () => {}, skip: (r) => skipped.push(r) });
    expect(skipped).toEqual([]);
    expect(result).toMatchObject({
      processes: 2,
      requestsPerProcess: 20,
      stormOk: 40,
      stormFailed: 0,
      stormCalls: { token: 0, stableToken: 1, ticket: 1 },
      warmFailed: 0,
      warmCalls: { token: 0, stableToken: 0, ticket: 0 },
    });
    expect(result?.rps).toBeGreaterThan(0);
    // redis-server, the emulator and the processes are all gone.
    expect(liveCount()).toBe(0);
  });
}, 180_000);
