// `pnpm --filter @share/bench profile-analytics`: where the CPU time of a counted signature request goes. Scenario 9's
// in-process loop (createFetchHandler, a memory store) runs with analytics off and on, each in a child under
// `node --cpu-prof`; the self time of @share/server's bundle is summed per source module (the bundle's `// src/…`
// markers), lru-cache apart, and printed per request beside the loop's CPU time.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mainThreadProfile, selfTimesBy, type CpuProfile } from './profile-summary.js';

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

/**
 * Self µs per @share/server module (lru-cache, Node's Request/Response, GC and microtasks apart, the rest as one line).
 * `bundleUrl`: the built file, or the folder of the built files (the entries share chunks), whose frames are counted.
 */
export function selfTimeByModule(profile: CpuProfile, bundleUrl: string, moduleOf: (line: number, url: string) => string): Map<string, number> {
  const times = selfTimesBy(profile, (frame) =>
    frame.functionName === '(program)' ? undefined
    : frame.url.startsWith(bundleUrl) ? `@share/server ${moduleOf(frame.lineNumber, frame.url)}`
    : frame.url.includes('/lru-cache/') ? 'lru-cache'
    : frame.url.includes('undici') || frame.url.includes('webstreams') ? "Node's Request / Response (undici, web streams)"
    : frame.functionName === '(garbage collector)' || frame.functionName === 'runMicrotasks' ? frame.functionName
    : '(everything else)',
  );
  return new Map(times.map(({ name, micros }) => [name, micros]));
}

async function child(on: boolean): Promise<void> {
  const { account, startEmulator } = await import('./servers.js');
  const { inProcessCpuPerRequest } = await import('./scenarios/analytics.js');
  const emulator = await startEmulator([account(30)]);
  try {
    console.log(JSON.stringify({ cpuMicros: await inProcessCpuPerRequest(emulator.url, on, REQUESTS * ROUNDS) }));
  } finally {
    await emulator.close();
  }
}

function main(): void {
  // The ESM entry, as the child imports it (require would resolve the CommonJS one).
  // The entry and the chunks it shares with the other entries, all in its folder.
  const bundleUrl = new URL('.', import.meta.resolve('@share/server')).href;
  const files = new Map<string, (line: number) => string>();
  const moduleOf = (line: number, url: string) => {
    let ofFile = files.get(url);
    if (ofFile === undefined) files.set(url, (ofFile = modulesByLine(readFileSync(fileURLToPath(url), 'utf8'))));
    return ofFile(line);
  };
  const rows = new Map<string, { off: number; on: number }>();
  const cpu = { off: 0, on: 0 };
  for (const mode of ['off', 'on'] as const) {
    const dir = mkdtempSync(join(tmpdir(), `share-profile-${mode}-`));
    try {
      const out = execFileSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', 'tsx', fileURLToPath(import.meta.url), 'child', mode], { encoding: 'utf8' });
      cpu[mode] = (JSON.parse(out.trim().split('\n').pop()!) as { cpuMicros: number }).cpuMicros;
      const file = mainThreadProfile(dir);
      if (file === undefined) throw new Error(`no main-thread CPU profile was written to ${dir}`);
      const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
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
