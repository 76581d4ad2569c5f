// Scenario 9 (issue 14): the signature route's warm throughput with analytics off and on, side by side in one run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Fixture } from '../children.js';
import { createFetchHandler } from '@share/server';
import { MemoryAnalyticsStore } from '@share/server/analytics';
import type { AnalyticsCpuRow, AnalyticsRow } from '../results.js';
import { processCpuMicros } from '../process-cpu.js';
import { bestOf, interleavedRounds, type RoundResult } from '../rounds.js';
import { account, startEmulator, startServer } from '../servers.js';
import { PAGE_HOST, pageUrl, signaturePath } from '../urls.js';
import { errorMessage, type ScenarioContext } from './context.js';

export const ANALYTICS_TARGETS = [
  { key: 'analytics-off', label: 'wxShare, analytics off, one url', analytics: false },
  { key: 'analytics-on', label: 'wxShare, analytics on (SQLite store), one url', analytics: true },
] as const;

/** A page load's first signature request: it reports the view and WeChat's from (ignored with analytics off). */
export const VIEW_PATH = `${signaturePath(pageUrl(0))}&view=1&from=timeline`;

export async function runAnalytics(context: ScenarioContext): Promise<AnalyticsRow[]> {
  const { settings, log } = context;
  const dir = mkdtempSync(join(tmpdir(), 'share-bench-analytics-'));
  const emulator = await startEmulator(ANALYTICS_TARGETS.map((_, i) => account(i + 20)));
  const running: { target: (typeof ANALYTICS_TARGETS)[number]; server: Fixture }[] = [];
  const unavailable = new Map<string, string>();
  try {
    await Promise.all(
      ANALYTICS_TARGETS.map(async (target, i) => {
        try {
          const analyticsFile = target.analytics ? { analyticsFile: join(dir, 'analytics.db') } : {};
          const server = await startServer('ours', target.key, { mode: 'http', apiBase: emulator.url, ...account(i + 20), ...analyticsFile }, { cpuProfDir: context.cpuProfDir });
          // Analytics is on exactly where it should be: the answer names the event route.
          const answer = (await (await fetch(`${server.url}${VIEW_PATH}`)).json()) as { events?: string };
          if ((answer.events === '/wx/event') !== target.analytics) {
            await server.close();
            throw new Error(`the signature answer ${target.analytics ? 'lacks' : 'has'} the events field`);
          }
          running.push({ target, server });
        } catch (error) {
          unavailable.set(target.key, errorMessage(error));
          context.skip(`analytics: ${target.label}: ${errorMessage(error)}`);
        }
      }),
    );
    running.sort((a, b) => ANALYTICS_TARGETS.indexOf(a.target) - ANALYTICS_TARGETS.indexOf(b.target));
    const results = await interleavedRounds(
      running.map(({ target, server }) => ({ label: target.label, url: server.url, paths: [VIEW_PATH], cpuMicros: () => processCpuMicros(server.pid) })),
      settings,
      log,
    );
    return ANALYTICS_TARGETS.map((target): AnalyticsRow => {
      const at = running.findIndex((run) => run.target === target);
      if (at === -1) return { key: target.key, label: target.label, unavailable: `not measured: ${unavailable.get(target.key) ?? 'did not start'}` };
      const rounds = results[at] ?? [];
      const cpu = serverCpuPerRequest(rounds);
      return { key: target.key, label: target.label, ...bestOf(rounds), ...(cpu === undefined ? {} : { serverCpuMicros: cpu }) };
    });
  } finally {
    await Promise.all([...running.map((run) => run.server.close()), emulator.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The server's CPU µs per request over every measured round; undefined without /proc (then no round has it). */
export function serverCpuPerRequest(rounds: readonly RoundResult[]): number | undefined {
  if (rounds.length === 0 || rounds.some((round) => round.serverCpuMicros === undefined)) return undefined;
  const requests = rounds.reduce((sum, round) => sum + round.requests, 0);
  return requests === 0 ? undefined : rounds.reduce((sum, round) => sum + round.serverCpuMicros!, 0) / requests;
}

/**
 * The same request to createFetchHandler() in this process, CPU time per request with analytics off and on
 * (a memory store: the route's own cost). CPU time moves less than req/s with other load on the machine.
 */
export async function runAnalyticsCpu(context: ScenarioContext, requests = 20_000): Promise<AnalyticsCpuRow[]> {
  const emulator = await startEmulator([account(30)]);
  const best = { off: Infinity, on: Infinity };
  try {
    for (const on of [false, true, false, true, false, true]) {
      const micros = await inProcessCpuPerRequest(emulator.url, on, requests);
      if (on) best.on = Math.min(best.on, micros);
      else best.off = Math.min(best.off, micros);
    }
  } finally {
    await emulator.close();
  }
  context.log(`in process: ${best.off.toFixed(1)} µs CPU per request off, ${best.on.toFixed(1)} µs on`);
  return [{ requests, offMicros: best.off, onMicros: best.on }];
}

/** CPU µs per request of `requests` counted first views through a fresh createFetchHandler(), analytics `on` or off. */
export async function inProcessCpuPerRequest(apiBase: string, on: boolean, requests: number): Promise<number> {
  const handler = createFetchHandler({
    ...account(30), apiBase, allowedHosts: [PAGE_HOST], warm: false, logger: { warn() {}, error() {} },
    ...(on ? { analytics: { store: new MemoryAnalyticsStore() } } : {}),
  });
  try {
    const url = `http://127.0.0.1${VIEW_PATH}`;
    if ((await handler(new Request(url))).status !== 200) throw new Error('the fetch handler did not sign');
    const start = process.cpuUsage();
    for (let i = 0; i < requests; i++) await handler(new Request(url));
    const used = process.cpuUsage(start);
    return (used.user + used.system) / requests;
  } finally {
    await handler.signer.close();
  }
}
