// Scenario 5 (issue 6): several wxShare processes sharing one Redis and one emulated WeChat: a cold storm spread
// over them, then warm throughput of all of them at once, and the upstream calls each costs.
import type { Fixture } from '../children.js';
import { load, type LoadResult } from '../load.js';
import type { UpstreamCalls } from '../protocol.js';
import { redisServerInstalled, startRedisServer } from '../redis-server.js';
import type { InstancesResult } from '../results.js';
import { account, startEmulator, startServer } from '../servers.js';
import { pageUrl, signaturePath, signaturePaths } from '../urls.js';
import type { ScenarioContext } from './context.js';

export async function runInstances(context: ScenarioContext): Promise<InstancesResult[]> {
  const { settings, log } = context;
  if (!redisServerInstalled()) {
    context.skip('instances: redis-server is not installed (apt-get install -y redis-server)');
    return [];
  }
  const processes = settings.instances;
  const perInstance = Math.floor(settings.stormRequests / processes);
  const credentials = account(300);
  const redis = await startRedisServer();
  const emulator = await startEmulator([credentials], settings.upstreamDelayMs);
  const servers: Fixture[] = [];
  try {
    const started = await Promise.allSettled(
      Array.from({ length: processes }, (_, i) =>
        startServer('ours', `instance-${i + 1}`, { mode: 'http', apiBase: emulator.url, ...credentials, redisUrl: redis.url }),
      ),
    );
    for (const result of started) {
      if (result.status === 'rejected') throw result.reason;
      servers.push(result.value);
    }

    await emulator.call('reset-calls');
    const storm = await Promise.all(
      servers.map((server, i) =>
        load(server.url, signaturePaths(perInstance, i * perInstance), {
          connections: perInstance,
          amount: perInstance,
          timeoutSeconds: 30,
        }),
      ),
    );
    const stormCalls = await emulator.call<UpstreamCalls>('calls');
    log(
      `instances: storm of ${processes} x ${perInstance}: ${stormCalls.token} token + ${stormCalls.stableToken} ` +
        `stable_token + ${stormCalls.ticket} ticket calls`,
    );

    const connections = Math.max(1, Math.floor(settings.connections / processes));
    const path = [signaturePath(pageUrl(0))];
    await Promise.all(servers.map((server) => load(server.url, path, { connections, seconds: settings.warmupSeconds })));
    await emulator.call('reset-calls');
    const warm = await Promise.all(servers.map((server) => load(server.url, path, { connections, seconds: settings.seconds })));
    const warmCalls = await emulator.call<UpstreamCalls>('calls');
    const rps = warm.reduce((sum, result) => sum + result.rps, 0);
    log(`instances: ${processes} processes together: ${Math.round(rps)} req/s`);

    return [
      {
        processes,
        requestsPerProcess: perInstance,
        stormOk: sum(storm, (result) => result.requests - result.non2xx),
        stormFailed: sum(storm, (result) => result.non2xx + result.errors + result.timeouts),
        stormSeconds: Math.max(...storm.map((result) => result.seconds)),
        stormCalls,
        rps,
        p99: Math.max(...warm.map((result) => result.p99)),
        warmFailed: sum(warm, (result) => result.non2xx + result.errors + result.timeouts),
        warmCalls,
      },
    ];
  } finally {
    await Promise.all([...servers.map((server) => server.close()), emulator.close()]);
    await redis.stop();
  }
}

function sum(results: LoadResult[], of: (result: LoadResult) => number): number {
  return results.reduce((total, result) => total + of(result), 0);
}
