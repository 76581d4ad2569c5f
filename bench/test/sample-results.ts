// A complete, made-up run's results that meets every target; tests override what they need.
import type { BenchResults, WarmRow } from '../src/results.js';
import { DEFAULT_SETTINGS } from '../src/settings.js';
import { MB } from '../src/targets.js';

export const warm = (key: WarmRow['key'], rps: number): WarmRow => ({
  key,
  label: key,
  rps,
  p50: 1,
  p99: 5,
  rounds: [rps],
  non2xx: 0,
  errors: 0,
});

export function sampleResults(overrides: Partial<BenchResults> = {}): BenchResults {
  return {
    machine: { cpu: 'cpu', cores: 2, ramGb: 8, node: 'v20', os: 'Linux', date: 'd', loadBefore: 0, loadAfter: 0 },
    settings: DEFAULT_SETTINGS,
    warm: [warm('bare', 10_000), warm('bare-raw', 10_020), warm('ours', 10_050), warm('theirs', 4_000)],
    storm: [
      { key: 'ours', label: 'ours', requests: 1000, ok: 1000, failed: 0, token: 0, stableToken: 1, ticket: 1, seconds: 1, p99: 9 },
    ],
    memory: [
      {
        key: 'ours',
        label: 'ours',
        requested: 1_000_000,
        signed: 1_000_000,
        failed: 0,
        timedOut: false,
        seconds: 5,
        rssBefore: 100 * MB,
        rssPeak: 160 * MB,
        rssAfter: 130 * MB,
        rssAfterGc: 120 * MB,
        heapBefore: 0,
        heapAfter: 0,
        heapAfterGc: 0,
        heapTotalBefore: 0,
        heapTotalAfterGc: 0,
        externalBefore: 0,
        externalAfterGc: 0,
      },
    ],
    client: [{ key: 'ours', label: 'ours', file: 'f', bytes: 2000, gzip: 1000 }],
    instances: [
      {
        processes: 4,
        requestsPerProcess: 250,
        stormOk: 1000,
        stormFailed: 0,
        stormSeconds: 2,
        stormCalls: { token: 0, stableToken: 1, ticket: 1 },
        rps: 9000,
        p99: 20,
        warmFailed: 0,
        warmCalls: { token: 0, stableToken: 0, ticket: 0 },
      },
    ],
    skipped: [],
    totalSeconds: 100,
    ...overrides,
  };
}
