// Scenario 7 (issue 9): WeChat answers -1 to every call for a while, under closed-loop clients, then recovers: the
// upstream calls each library makes during the outage, and how soon it answers 200 again. Both libraries go through
// it at the same time, each against its own emulator process, so the scenario costs one outage of wall time.
import type { Fixture } from '../children.js';
import { startClients, type Clients } from '../outage-clients.js';
import type { UpstreamCalls } from '../protocol.js';
import type { OutageRow } from '../results.js';
import { account, startEmulator, startServer } from '../servers.js';
import { pageUrl, signaturePath } from '../urls.js';
import { callsPerMinute, upstreamCalls } from '../targets.js';
import { errorMessage, type ScenarioContext } from './context.js';

const SIDES = [
  { key: 'ours', label: 'wxShare' },
  { key: 'theirs', label: 'wechat-jssdk 5.1.0' },
] as const;

type Side = (typeof SIDES)[number];

export async function runOutage(context: ScenarioContext): Promise<OutageRow[]> {
  const rows = await Promise.all(
    SIDES.map((side, i) =>
      outageOne(side, i, context).catch((error: unknown) => {
        context.skip(`outage: ${side.label}: ${errorMessage(error)}`);
        return undefined;
      }),
    ),
  );
  return rows.filter((row): row is OutageRow => row !== undefined);
}

async function outageOne(side: Side, index: number, context: ScenarioContext): Promise<OutageRow> {
  const { settings, log } = context;
  const credentials = account(400 + index);
  const emulator = await startEmulator([credentials]);
  let server: Fixture | undefined;
  let clients: Clients | undefined;
  try {
    // WeChat is down before the server starts: whatever the server fetches at start-up meets the outage too, and
    // nothing can be served from a credential fetched earlier.
    await emulator.call('start-outage');
    server = await startServer(side.key, `outage-${side.key}`, { mode: 'http', apiBase: emulator.url, ...credentials });
    const base = server.url;
    await emulator.call('reset-calls');
    const urls = Array.from({ length: settings.outageClients }, (_, i) => base + signaturePath(pageUrl(i)));
    clients = startClients(urls, { pauseMs: settings.outagePauseMs, requestTimeoutMs: 30_000 });
    const started = performance.now();
    log(`outage ${side.label}: ${settings.outageClients} clients, WeChat answering -1 for ${settings.outageSeconds} s`);
    await new Promise((resolve) => setTimeout(resolve, settings.outageSeconds * 1000));

    const answers = clients.nextPhase();
    const outageSeconds = (performance.now() - started) / 1000;
    const calls = await emulator.call<UpstreamCalls>('end-outage');
    const recoveryMs = await clients.firstOk(settings.outageRecoverySeconds * 1000);
    const row: OutageRow = {
      key: side.key,
      label: side.label,
      clients: settings.outageClients,
      outageSeconds,
      calls,
      answers,
      recoverySeconds: recoveryMs === undefined ? undefined : recoveryMs / 1000,
      recoveryBoundSeconds: settings.outageRecoverySeconds,
    };
    log(
      `outage ${side.label}: ${upstreamCalls(calls)} upstream calls in ${outageSeconds.toFixed(1)} s ` +
        `(${callsPerMinute(row).toFixed(1)} a minute); first 200 ` +
        (row.recoverySeconds === undefined ? `not within ${row.recoveryBoundSeconds} s` : `${row.recoverySeconds.toFixed(1)} s`) +
        ' after recovery',
    );
    return row;
  } finally {
    await clients?.stop();
    await Promise.all([server?.close(), emulator.close()]);
  }
}
