import { afterAll, describe, expect, it } from 'vitest';
import { killAll, liveCount } from '../../src/children.js';
import { renderMarkdown } from '../../src/report.js';
import { ANALYTICS_TARGETS, runAnalytics, VIEW_PATH } from '../../src/scenarios/analytics.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { sampleResults } from '../sample-results.js';

afterAll(() => killAll());

describe('analytics scenario', () => {
  it('measures analytics off and on side by side, every answer a 200, and judges the 10% target', async () => {
    const skipped: string[] = [];
    const settings = { ...DEFAULT_SETTINGS, connections: 4, warmupSeconds: 0.3, seconds: 0.5, rounds: 1 };
    const rows = await runAnalytics({ settings, cpuProfDir: undefined, log: () => {}, skip: (r) => skipped.push(r) });
    expect(skipped).toEqual([]);
    expect(rows.map((row) => row.key)).toEqual(ANALYTICS_TARGETS.map((target) => target.key));
    for (const row of rows) {
      if (row.unavailable !== undefined) throw new Error(`${row.label}: ${row.unavailable}`);
      expect(row.rps).toBeGreaterThan(0);
      expect(row.non2xx + row.errors).toBe(0);
      // Linux: the server's CPU per request from /proc, a figure with a plausible size (above 1 µs, below 1 s).
      if (process.platform === 'linux') expect(row.serverCpuMicros).toBeGreaterThan(1);
      if (process.platform === 'linux') expect(row.serverCpuMicros).toBeLessThan(1_000_000);
    }
    expect(VIEW_PATH).toMatch(/&view=1&from=timeline$/);
    const md = renderMarkdown(sampleResults({ analytics: rows }));
    for (const target of ANALYTICS_TARGETS) expect(md).toContain(`| ${target.label} |`);
    expect(md).toMatch(/\| analytics on >= 0\.90x analytics off \(within 10%\) \| \d+\.\d\dx \| (met|missed) \|/);
    if (process.platform === 'linux') expect(md).toMatch(/Server CPU per request .*\*\*\d+\.\d µs\*\* off, \*\*\d+\.\d µs\*\* on/);
    expect(liveCount()).toBe(0);
  });
}, 180_000);
