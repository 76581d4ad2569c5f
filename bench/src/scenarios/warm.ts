// Scenario 1: warm throughput and latency of each server, rounds interleaved so that load from elsewhere hits all alike.
import type { Fixture } from '../children.js';
import { load, type LoadResult } from '../load.js';
import type { ServerKey, WarmRow } from '../results.js';
import { account, startEmulator, startServer, type ServerKind } from '../servers.js';
import { pageUrl, signaturePath, signaturePaths } from '../urls.js';
import { errorMessage, type ScenarioContext } from './context.js';

interface Target {
  key: ServerKey;
  kind: ServerKind;
  label: string;
  rotating: boolean;
  rawWrite?: boolean;
}

export const WARM_TARGETS: readonly Target[] = [
  { key: 'bare', kind: 'bare', label: 'bare Express 5 route, res.json (ceiling)', rotating: false },
  {
    key: 'bare-raw',
    kind: 'bare',
    label: 'bare Express 5 route, writeHead + end (strict ceiling)',
    rotating: false,
    rawWrite: true,
  },
  { key: 'ours', kind: 'ours', label: 'wxShare, one url', rotating: false },
  { key: 'ours-rotating', kind: 'ours', label: 'wxShare, rotating urls', rotating: true },
  { key: 'theirs', kind: 'theirs', label: 'wechat-jssdk 5.1.0, one url', rotating: false },
  { key: 'theirs-rotating', kind: 'theirs', label: 'wechat-jssdk 5.1.0, rotating urls', rotating: true },
];

export async function runWarm(context: ScenarioContext): Promise<WarmRow[]> {
  const { settings, log } = context;
  const emulator = await startEmulator(WARM_TARGETS.map((_, i) => account(i + 1)));
  const running: { target: Target; server: Fixture; paths: string[]; results: LoadResult[] }[] = [];
  try {
    const count = settings.rotatingUrls.toLocaleString('en-US');
    const started = await Promise.all(
      WARM_TARGETS.map(async (listed, i) => {
        const target = listed.rotating ? { ...listed, label: listed.label.replace('rotating', `${count} rotating`) } : listed;
        try {
          const server = await startServer(
            target.kind,
            target.key,
            { mode: 'http', apiBase: emulator.url, ...account(i + 1), rawWrite: target.rawWrite === true },
            { cpuProfDir: context.cpuProfDir },
          );
          const paths = target.rotating ? signaturePaths(settings.rotatingUrls) : [signaturePath(pageUrl(0))];
          return { target, server, paths, results: [] as LoadResult[] };
        } catch (error) {
          context.skip(`warm: ${target.label}: ${errorMessage(error)}`);
          return undefined;
        }
      }),
    );
    for (const run of started) if (run) running.push(run);

    for (const run of running) {
      log(`warm-up ${run.target.label}`);
      // Rotating: one pass over every url first, so the measured rounds see a warm cache.
      if (run.paths.length > 1) {
        await load(run.server.url, run.paths, { connections: settings.connections, amount: run.paths.length });
      }
      await load(run.server.url, run.paths, { connections: settings.connections, seconds: settings.warmupSeconds });
    }
    for (let round = 1; round <= settings.rounds; round++) {
      for (const run of running) {
        const result = await load(run.server.url, run.paths, {
          connections: settings.connections,
          seconds: settings.seconds,
        });
        run.results.push(result);
        log(
          `round ${round} ${run.target.label}: ${Math.round(result.rps)} req/s, p50 ${result.p50} ms, ` +
            `p99 ${result.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`,
        );
      }
    }
    return running.map(({ target, results }) => toRow(target, results));
  } finally {
    await Promise.all([...running.map((run) => run.server.close()), emulator.close()]);
  }
}

function toRow(target: Target, results: LoadResult[]): WarmRow {
  const best = results.reduce((a, b) => (b.rps > a.rps ? b : a));
  return {
    key: target.key,
    label: target.label,
    rps: best.rps,
    p50: best.p50,
    p99: best.p99,
    rounds: results.map((result) => result.rps),
    non2xx: results.reduce((sum, result) => sum + result.non2xx, 0),
    errors: results.reduce((sum, result) => sum + result.errors + result.timeouts, 0),
  };
}
