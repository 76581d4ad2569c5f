// Scenario 1: warm throughput and latency of each server, rounds interleaved so that load from elsewhere hits all alike.
import type { Fixture } from '../children.js';
import type { ServerKey, WarmRow } from '../results.js';
import { bestOf, interleavedRounds } from '../rounds.js';
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
  const running: { target: Target; server: Fixture; paths: string[] }[] = [];
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
          return { target, server, paths };
        } catch (error) {
          context.skip(`warm: ${target.label}: ${errorMessage(error)}`);
          return undefined;
        }
      }),
    );
    for (const run of started) if (run) running.push(run);

    const results = await interleavedRounds(
      running.map((run) => ({ label: run.target.label, url: run.server.url, paths: run.paths })),
      settings,
      log,
    );
    return running.map(({ target }, i) => ({ key: target.key, label: target.label, ...bestOf(results[i] ?? []) }));
  } finally {
    await Promise.all([...running.map((run) => run.server.close()), emulator.close()]);
  }
}
