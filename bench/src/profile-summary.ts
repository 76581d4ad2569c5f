// `pnpm --filter @share/bench profile-summary [folder]`: the functions with the most self time in each fixture's
// main-thread CPU profile (as written by `pnpm bench --cpu-prof`), idle time left out.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = `file://${fileURLToPath(new URL('../../', import.meta.url))}`;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

type CallFrame = CpuProfile['nodes'][number]['callFrame'];

/** Self time (µs) summed by the key `keyOf` gives each sampled frame (undefined: left out), busiest first. */
export function selfTimesBy(profile: CpuProfile, keyOf: (frame: CallFrame) => string | undefined): { name: string; micros: number }[] {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byName = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = frames.get(id);
    const name = frame === undefined || frame.functionName === '(idle)' ? undefined : keyOf(frame);
    if (name !== undefined) byName.set(name, (byName.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return [...byName].map(([name, micros]) => ({ name, micros })).sort((a, b) => b.micros - a.micros);
}

/** Self time per function (µs), busiest first, without (idle). */
export function selfTimes(profile: CpuProfile): { name: string; micros: number }[] {
  return selfTimesBy(profile, (frame) => {
    const where = frame.url.replace(/^.*\/node_modules\//, '').replace(REPO_ROOT, '');
    return `${frame.functionName || '(anonymous)'} ${where}${where ? `:${frame.lineNumber + 1}` : ''}`;
  });
}

/** The main thread's profile in a fixture's folder: Node names it CPU.<date>.<time>.<pid>.<tid>.<seq>, tid 0. */
export function mainThreadProfile(dir: string): string | undefined {
  const name = readdirSync(dir).find((file) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(file));
  return name && join(dir, name);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? fileURLToPath(new URL('../profiles', import.meta.url));
  const top = Number(process.env.TOP ?? 25);
  for (const fixture of readdirSync(root).filter((entry) => statSync(join(root, entry)).isDirectory())) {
    const file = mainThreadProfile(join(root, fixture));
    if (!file) continue;
    const times = selfTimes(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
    const busy = times.reduce((sum, entry) => sum + entry.micros, 0);
    console.log(`\n## ${fixture} (${relative(process.cwd(), file)}), ${(busy / 1e6).toFixed(1)} s busy\n`);
    for (const { name, micros } of times.slice(0, top)) {
      console.log(`${((100 * micros) / busy).toFixed(1).padStart(5)}%  ${name}`);
    }
  }
}
