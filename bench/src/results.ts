// The shape of one bench run's results, as the scenarios produce them and the report renders them.
import type { MemoryReport, UpstreamCalls } from './protocol.js';

/** Which server a row is about. */
export type ServerKey = 'bare' | 'bare-raw' | 'ours' | 'ours-rotating' | 'theirs' | 'theirs-rotating';

export interface Machine {
  cpu: string;
  cores: number;
  ramGb: number;
  node: string;
  os: string;
  date: string;
  /** 1-minute load average when the run started and when it ended. */
  loadBefore: number;
  loadAfter: number;
}

export interface Settings {
  warmupSeconds: number;
  seconds: number;
  rounds: number;
  connections: number;
  rotatingUrls: number;
  stormRequests: number;
  /** The emulator answers each upstream call of the storm after this long, ms. */
  upstreamDelayMs: number;
  memoryUrls: number;
  memoryTimeLimitSeconds: number;
  /** Scenario 5: wxShare processes sharing Redis. */
  instances: number;
}

export interface WarmRow {
  key: ServerKey;
  label: string;
  /** The best round's figures (fewest interference from other load on the machine). */
  rps: number;
  p50: number;
  p99: number;
  /** req/s of every round, in order. */
  rounds: number[];
  non2xx: number;
  errors: number;
}

export interface StormRow {
  key: 'ours' | 'theirs';
  label: string;
  requests: number;
  ok: number;
  failed: number;
  token: number;
  stableToken: number;
  ticket: number;
  seconds: number;
  p99: number;
}

export interface MemoryRow extends MemoryReport {
  /** ours-control: wxShare with a one-entry signature cache, the same work with nothing kept. */
  key: 'ours' | 'ours-control' | 'theirs';
  label: string;
}

export interface ClientRow {
  key: 'ours' | 'theirs';
  label: string;
  file: string;
  bytes: number;
  gzip: number;
}

/** Scenario 5: several wxShare processes sharing Redis and the emulator. */
export interface InstancesResult {
  processes: number;
  requestsPerProcess: number;
  stormOk: number;
  stormFailed: number;
  stormSeconds: number;
  stormCalls: UpstreamCalls;
  /** All processes under load at once: the sum of their req/s, the worst p99. */
  rps: number;
  p99: number;
  warmFailed: number;
  /** Upstream calls during the warm run (none expected: every process serves from its in-process cache). */
  warmCalls: UpstreamCalls;
}

export interface BenchResults {
  machine: Machine;
  settings: Settings;
  warm: WarmRow[];
  storm: StormRow[];
  memory: MemoryRow[];
  client: ClientRow[];
  instances: InstancesResult[];
  /** Scenarios or rows that could not run, and why. */
  skipped: string[];
  totalSeconds: number;
}
