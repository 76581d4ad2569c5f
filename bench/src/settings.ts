// The run's knobs, from BENCH_* environment variables; the defaults bound a whole `pnpm bench` (see the README).
import type { Settings } from './results.js';

export const DEFAULT_SETTINGS: Settings = {
  warmupSeconds: 1.5,
  seconds: 4,
  rounds: 2,
  connections: 50,
  rotatingUrls: 10_000,
  stormRequests: 1000,
  upstreamDelayMs: 100,
  memoryUrls: 1_000_000,
  memoryTimeLimitSeconds: 45,
  instances: 4,
  outageSeconds: 60,
  outageClients: 10,
  outagePauseMs: 100,
  // A back-off that doubles up to 30 s recovers within 30 s and a request: the bound leaves room for a loaded machine.
  outageRecoverySeconds: 40,
  // A phone on a good mobile network (150 ms round trip); 9 rounds keep the scenario under a minute on 2 cores.
  shareLatencyMs: 150,
  shareRounds: 9,
  // Issue 20's flood: 2,000 distinct page views a second, 10 s per store (SQLite writes once a second: 10 writes).
  floodRate: 2000,
  floodSeconds: 10,
  // Issue 22: 500 authorizers, each viewed 36 times a day (every 40 minutes on average): every 2-hour lifetime sees traffic.
  platformAuthorizers: 500,
  platformRequests: 36,
};

const ENV: Record<keyof Settings, string> = {
  warmupSeconds: 'BENCH_WARMUP_SECONDS',
  seconds: 'BENCH_SECONDS',
  rounds: 'BENCH_ROUNDS',
  connections: 'BENCH_CONNECTIONS',
  rotatingUrls: 'BENCH_ROTATING_URLS',
  stormRequests: 'BENCH_STORM_REQUESTS',
  upstreamDelayMs: 'BENCH_UPSTREAM_DELAY_MS',
  memoryUrls: 'BENCH_MEMORY_URLS',
  memoryTimeLimitSeconds: 'BENCH_MEMORY_TIME_LIMIT_SECONDS',
  instances: 'BENCH_INSTANCES',
  outageSeconds: 'BENCH_OUTAGE_SECONDS',
  outageClients: 'BENCH_OUTAGE_CLIENTS',
  outagePauseMs: 'BENCH_OUTAGE_PAUSE_MS',
  outageRecoverySeconds: 'BENCH_OUTAGE_RECOVERY_SECONDS',
  shareLatencyMs: 'BENCH_SHARE_LATENCY_MS',
  shareRounds: 'BENCH_SHARE_ROUNDS',
  floodRate: 'BENCH_FLOOD_RATE',
  floodSeconds: 'BENCH_FLOOD_SECONDS',
  platformAuthorizers: 'BENCH_PLATFORM_AUTHORIZERS',
  platformRequests: 'BENCH_PLATFORM_REQUESTS',
};

export const SCENARIOS = ['warm', 'node:http', 'storm', 'memory', 'client', 'instances', 'outage', 'day', 'accounts', 'analytics', 'share-ready', 'flood', 'platform'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** Reads the settings; a variable that is set but not a positive number throws, naming it. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const settings = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(ENV) as (keyof Settings)[]) {
    const raw = env[ENV[key]];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${ENV[key]} must be a positive number, got '${raw}'`);
    settings[key] = value;
  }
  return settings;
}

/** BENCH_ONLY=warm,storm runs only those scenarios (and then results.md is not rewritten). */
export function readScenarios(env: NodeJS.ProcessEnv = process.env): Scenario[] {
  const raw = env.BENCH_ONLY;
  if (raw === undefined || raw.trim() === '') return [...SCENARIOS];
  const wanted = raw.split(',').map((name) => name.trim());
  for (const name of wanted) {
    if (!(SCENARIOS as readonly string[]).includes(name)) {
      throw new Error(`BENCH_ONLY: unknown scenario '${name}' (known: ${SCENARIOS.join(', ')})`);
    }
  }
  return SCENARIOS.filter((name) => wanted.includes(name));
}

export function isDefault(settings: Settings): boolean {
  return (Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]).every((key) => settings[key] === DEFAULT_SETTINGS[key]);
}
