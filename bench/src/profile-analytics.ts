// `pnpm --filter @share/bench profile-analytics`: where the CPU time of a counted signature request goes. Scenario 9's
// in-process loop (createFetchHandler, a memory store) runs with analytics off and on, each in a child under
// `node --cpu-prof`; the self time of @share/server's bundle is summed per source module (the bundle's `// src/…`
// markers), lru-cache apart, and printed per request beside the loop's CPU time.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CpuProfile } from './profile-summary.js';

const REQUESTS = Number(process.env.PROFILE_REQUESTS ?? 60_000);
const ROUNDS = 3;

/** The bundle's line -> the source module it came from, from the `// src/x.ts` comments tsup leaves. */
export function modulesByLine(bundle: string): (line: number) => string {
  const starts: { line: number; name: string }[] = [];
  bundle.split('\n').forEach((text, line) => {
    const marker = /^\/\/ (src\/\S+\.ts)$/.exec(text);
    if (marker) starts.push({ line, name: marker[1]! });
  });
  return (line) => {
    let name = '(bundle preamble)';
    for (const start of starts) if (start.line <= line) name = start.name;
    return name;
  };
}

/** Self µs per @share/server module (and lru-cache, and everything else as one line) over a profile. */
export function selfTimeByModule(profile: CpuProfile & { nodes: { callFrame: { url: string; lineNumber: number } }[] }, bundleUrl: string, moduleOf: (line: number) => string) {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byModule = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = frames.get(id);
    if (!frame || frame.functionName === '(idle)' || frame.functionName === '(program)') return;
    const name =
      frame.url === bundleUrl ? `@share/server ${moduleOf(frame.lineNumber)}`
      : frame.url.includes('/lru-cache/') ? 'lru-cache'
      : frame.url.includes('undici') || frame.url.includes('webstreams') ? "Node's Request / Response (undici, web streams)"
      : frame.functionName === '(garbage collector)' || frame.functionName === 'runMicrotasks' ? frame.functionName
      : '(everything else)';
    byModule.set(name, (byModule.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return byModule;
}

async function child(on: boolean): Promise<void> {
  const { createFetchHandler, MemoryAnalyticsStore } = await import('@share/server');
  const { account, startEmulator } = await import('./servers.js');
  const { PAGE_HOST } = await import('./urls.js');
  const { VIEW_PATH } = await import('./scenarios/analytics.js');
  const emulator = await startEmulator([account(30)]);
  const handler = createFetchHandler({
    ...account(30), apiBase: emulator.url, allowedHosts: [PAGE_HOST], warm: false, logger: { warn() {}, error() {} },
    ...(on ? { analytics: { store: new MemoryAnalyticsStore() } } : {}),
  });
  const url = `http://127.0.0.1${VIEW_PATH}`;
  if ((await handler(new Request(url))).status !== 200) throw new Error('the fetch handler did not sign');
  const start = process.cpuUsage();
  for (let i = 0; i < REQUESTS * ROUNDS; i++) await handler(new Request(url));
  const used = process.cpuUsage(start);
  console.log(JSON.stringify({ cpuMicros: (used.user + used.system) / (REQUESTS * ROUNDS) }));
  await handler.signer.close();
  await emulator.close();
}

function main(): void {
  // The ESM entry, as the child imports it (require would resolve the CommonJS one).
  const bundleUrl = import.meta.resolve('@share/server');
  const bundlePath = fileURLToPath(bundleUrl);
  const moduleOf = modulesByLine(readFileSync(bundlePath, 'utf8'));
  const rows = new Map<string, { off: number; on: number }>();
  const cpu = { off: 0, on: 0 };
  for (const mode of ['off', 'on'] as const) {
    const dir = mkdtempSync(join(tmpdir(), `share-profile-${mode}-`));
    try {
      const out = execFileSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', 'tsx', fileURLToPath(import.meta.url), 'child', mode], { encoding: 'utf8' });
      cpu[mode] = (JSON.parse(out.trim().split('\n').pop()!) as { cpuMicros: number }).cpuMicros;
      const main = readdirSync(dir).find((file) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(file))!;
      const profile = JSON.parse(readFileSync(join(dir, main), 'utf8'));
      for (const [name, micros] of selfTimeByModule(profile, bundleUrl, moduleOf)) {
        const row = rows.get(name) ?? { off: 0, on: 0 };
        row[mode] = micros / (REQUESTS * ROUNDS);
        rows.set(name, row);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(`${REQUESTS * ROUNDS} requests each; CPU per request: off ${cpu.off.toFixed(1)} µs, on ${cpu.on.toFixed(1)} µs\n`);
  console.log('| self time per request (µs) | off | on | on - off |\n|---|---|---|---|');
  for (const [name, { off, on }] of [...rows].sort((a, b) => b[1].on - a[1].on)) {
    if (Math.max(off, on) >= 0.05) console.log(`| ${name} | ${off.toFixed(2)} | ${on.toFixed(2)} | ${(on - off).toFixed(2)} |`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === 'child') await child(process.argv[3] === 'on');
  else main();
}
