import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, isDefault, readScenarios, readSettings, SCENARIOS } from '../src/settings.js';

describe('readSettings', () => {
  it('uses the defaults when nothing is set', () => {
    expect(readSettings({})).toEqual(DEFAULT_SETTINGS);
    expect(readSettings({ BENCH_SECONDS: '' })).toEqual(DEFAULT_SETTINGS);
    expect(isDefault(readSettings({}))).toBe(true);
  });

  it('bounds the default run: under 3 minutes of load before the outage, about 4 with it', () => {
    const s = DEFAULT_SETTINGS;
    const throughputTargets = 6 + 4; // warm, then node:http
    const throughputSeconds = throughputTargets * (s.warmupSeconds + s.rounds * s.seconds);
    const instancesSeconds = s.warmupSeconds + s.seconds;
    // The three memory loops run side by side, and so do the two libraries' outages.
    const beforeOutage = throughputSeconds + instancesSeconds + s.memoryTimeLimitSeconds;
    expect(beforeOutage).toBeLessThan(180);
    expect(beforeOutage + s.outageSeconds + s.outageRecoverySeconds).toBeLessThan(250);
  });

  it('runs the outage of issue 9: -1 for 60 s under 10 clients', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({ outageSeconds: 60, outageClients: 10 });
    // Enough to see a back-off capped at 30 s let a request through.
    expect(DEFAULT_SETTINGS.outageRecoverySeconds).toBeGreaterThan(30);
  });

  it('reads BENCH_* numbers', () => {
    const settings = readSettings({ BENCH_SECONDS: '2', BENCH_MEMORY_URLS: '1000', BENCH_OUTAGE_SECONDS: '5' });
    expect(settings).toMatchObject({ seconds: 2, memoryUrls: 1000, outageSeconds: 5, rounds: DEFAULT_SETTINGS.rounds });
    expect(isDefault(settings)).toBe(false);
  });

  it('refuses a value that is not a positive number, naming the variable', () => {
    expect(() => readSettings({ BENCH_SECONDS: 'abc' })).toThrow(/BENCH_SECONDS/);
    expect(() => readSettings({ BENCH_ROUNDS: '0' })).toThrow(/BENCH_ROUNDS/);
  });
});

describe('readScenarios', () => {
  it('runs every scenario by default', () => {
    expect(readScenarios({})).toEqual([...SCENARIOS]);
  });

  it('runs only the listed ones, in the usual order', () => {
    expect(readScenarios({ BENCH_ONLY: 'client, warm' })).toEqual(['warm', 'client']);
    expect(readScenarios({ BENCH_ONLY: 'outage,node:http' })).toEqual(['node:http', 'outage']);
  });

  it('runs the share-ready scenario alone (issue 13), with its latency and rounds from BENCH_*', () => {
    expect(readScenarios({ BENCH_ONLY: 'share-ready' })).toEqual(['share-ready']);
    expect(DEFAULT_SETTINGS).toMatchObject({ shareLatencyMs: 150, shareRounds: 9 });
    expect(readSettings({ BENCH_SHARE_LATENCY_MS: '300', BENCH_SHARE_ROUNDS: '3' })).toMatchObject({ shareLatencyMs: 300, shareRounds: 3 });
  });

  it('refuses an unknown scenario', () => {
    expect(() => readScenarios({ BENCH_ONLY: 'warm,cold' })).toThrow(/unknown scenario 'cold'/);
  });
});
