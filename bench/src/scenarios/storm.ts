// Scenario 2: a storm of concurrent first requests on a cold server, and the upstream calls it costs.
import { load } from '../load.js';
import type { UpstreamCalls } from '../protocol.js';
import type { StormRow } from '../results.js';
import { account, startEmulator, startServer } from '../servers.js';
import { signaturePaths } from '../urls.js';
import { errorMessage, type ScenarioContext } from './context.js';

const SIDES = [
  { key: 'ours', label: 'wxShare' },
  { key: 'theirs', label: 'wechat-jssdk 5.1.0' },
] as const;

export async function runStorm(context: ScenarioContext): Promise<StormRow[]> {
  const rows: StormRow[] = [];
  for (const side of SIDES) {
    try {
      rows.push(await stormOne(side.key, side.label, context));
    } catch (error) {
      context.skip(`storm: ${side.label}: ${errorMessage(error)}`);
    }
  }
  return rows;
}

async function stormOne(key: 'ours' | 'theirs', label: string, context: ScenarioContext): Promise<StormRow> {
  const requests = context.settings.stormRequests;
  // A fresh emulator and a fresh server: the counters see this storm and nothing else.
  const credentials = account(100);
  const emulator = await startEmulator([credentials], context.settings.upstreamDelayMs);
  try {
    const server = await startServer(key, `storm-${key}`, { mode: 'http', apiBase: emulator.url, ...credentials });
    try {
      await emulator.call('reset-calls');
      const result = await load(server.url, signaturePaths(requests), {
        connections: requests,
        amount: requests,
        timeoutSeconds: 30,
      });
      const calls = await emulator.call<UpstreamCalls>('calls');
      const failed = result.non2xx + result.errors + result.timeouts;
      context.log(
        `storm ${label}: ${calls.token} token + ${calls.stableToken} stable_token + ${calls.ticket} ticket calls, ` +
          `${failed} failed of ${requests}`,
      );
      return {
        key,
        label,
        requests,
        ok: result.requests - result.non2xx,
        failed,
        token: calls.token,
        stableToken: calls.stableToken,
        ticket: calls.ticket,
        seconds: result.seconds,
        p99: result.p99,
      };
    } finally {
      await server.close();
    }
  } finally {
    await emulator.close();
  }
}
