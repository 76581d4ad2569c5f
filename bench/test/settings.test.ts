import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, isDefault, readScenarios, readSettings, SCENARIOS } from '../src/settings.js';

describe('readSettings', () => {
  it('uses the defaults when nothing is set', () => {
    expect(readSettings({})).toEqual(DEFAULT_SETTINGS);
    expect(readSettings({ BENCH_SECONDS: '' })).toEqual(DEFAULT_SETTINGS);
    expect(isDefault(readSettings({}))).toBe(true);
  });

  it('keeps the default run under 3 minutes of load', () => {
    const s = DEFAULT_SETTINGS;
    const warmTargets = 6;
    const warmSeconds = warmTargets * (s.warmupSeconds + s.rounds * s.seconds);
    const instancesSeconds = s.warmupSeconds + s.seconds;
    // The three memory loops run side by side.
    expect(warmSeconds + instancesSeconds + s.memoryTimeLimitSeconds).toBeLessThan(120);
  });

  it('reads BENCH_* numbers', () => {
    const settings = readSettings({ BENCH_SECONDS: '2', BENCH_MEMORY_URLS: '1000' });
    expect(settings).toMatchObject({ seconds: 2, memoryUrls: 1000, rounds: DEFAULT_SETTINGS.rounds });
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
  });

  it('refuses an unknown scenario', () => {
    expect(() => readScenarios({ BENCH_ONLY: 'warm,cold' })).toThrow(/unknown scenario 'cold'/);
  });
});
