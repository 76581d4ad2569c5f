// Warm throughput of several servers side by side: a warm-up each, then rounds interleaved server by server, so that
// load from elsewhere on the machine hits all of them alike. Shared by the warm and node:http scenarios.
import { load, type LoadResult } from './load.js';
import type { Settings, ThroughputFigures } from './results.js';

export interface LoadTarget {
  label: string;
  url: string;
  /** One path, or many in rotation (then one full pass before the warm-up warms a cache). */
  paths: string[];
  /** The server process's CPU time so far, µs (see processCpuMicros): when given, each round records the server's. */
  cpuMicros?: () => number | undefined;
}

export interface RoundResult extends LoadResult {
  /**
   * The server's CPU µs from the start of this round to the start of its next one (or the end): its work for the
   * round's requests, including what it deferred past the round (a write once a second). Only with `cpuMicros`.
   */
  serverCpuMicros?: number;
}

/** Every round's result, per target, in the order given. */
export async function interleavedRounds(
  targets: readonly LoadTarget[],
  settings: Settings,
  log: (line: string) => void,
): Promise<RoundResult[][]> {
  const { connections } = settings;
  for (const target of targets) {
    log(`warm-up ${target.label}`);
    if (target.paths.length > 1) await load(target.url, target.paths, { connections, amount: target.paths.length });
    await load(target.url, target.paths, { connections, seconds: settings.warmupSeconds });
  }
  const results = targets.map((): RoundResult[] => []);
  /** Per target: its CPU time when its last round started, to charge to that round when the next one starts. */
  const roundStart = targets.map((): number | undefined => undefined);
  const chargeLastRound = (i: number) => {
    const start = roundStart[i];
    const now = targets[i]?.cpuMicros?.();
    const last = results[i]?.at(-1);
    if (start !== undefined && now !== undefined && last !== undefined) last.serverCpuMicros = now - start;
    roundStart[i] = now;
  };
  for (let round = 1; round <= settings.rounds; round++) {
    for (const [i, target] of targets.entries()) {
      chargeLastRound(i);
      const result: RoundResult = await load(target.url, target.paths, { connections, seconds: settings.seconds });
      results[i]?.push(result);
      log(
        `round ${round} ${target.label}: ${Math.round(result.rps)} req/s, p50 ${result.p50} ms, ` +
          `p99 ${result.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`,
      );
    }
  }
  targets.forEach((_, i) => chargeLastRound(i));
  return results;
}

/** The best round's figures (the one least disturbed by other load), with every round's req/s and all failures. */
export function bestOf(results: readonly LoadResult[]): ThroughputFigures {
  if (results.length === 0) throw new Error('no round was measured (BENCH_ROUNDS must be at least 1)');
  const best = results.reduce((a, b) => (b.rps > a.rps ? b : a));
  return {
    rps: best.rps,
    p50: best.p50,
    p99: best.p99,
    rounds: results.map((result) => result.rps),
    non2xx: results.reduce((sum, result) => sum + result.non2xx, 0),
    errors: results.reduce((sum, result) => sum + result.errors + result.timeouts, 0),
  };
}
