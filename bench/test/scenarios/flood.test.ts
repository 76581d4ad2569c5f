import { afterAll, describe, expect, it } from 'vitest';
import { killAll, liveCount } from '../../src/children.js';
import { renderMarkdown } from '../../src/report.js';
import { FLOOD_TARGETS, runFlood } from '../../src/scenarios/flood.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { sampleResults } from '../sample-results.js';

afterAll(() => killAll());

describe('flood scenario', () => {
  it('floods each store in turn at the rate asked, every answer a 200, and judges the p99 target', async () => {
    const skipped: string[] = [];
    const settings = { ...DEFAULT_SETTINGS, floodRate: 200, floodSeconds: 1 };
    const rows = await runFlood({ settings, cpuProfDir: undefined, log: () => {}, skip: (r) => skipped.push(r) });
    expect(rows.map((row) => row.key)).toEqual(FLOOD_TARGETS.map((target) => target.key));
    for (const row of rows) {
      if (row.unavailable !== undefined) {
        // Only Redis may be missing, and only where redis-server is not installed (CI requires it).
        expect([row.key, process.env.SHARE_REQUIRE_REDIS]).toEqual(['redis', undefined]);
        continue;
      }
      expect(row.requests).toBeGreaterThanOrEqual(20); // a loaded machine answers fewer; never more than the rate
      expect(row.requests).toBeLessThanOrEqual(250);
      expect(row.non2xx).toBe(0);
      expect(row.rssAfterMb).toBeGreaterThan(0);
    }
    const md = renderMarkdown(sampleResults({ flood: rows, settings }));
    expect(md).toContain('## 11. A flood of distinct page views (issue 20): 200 a second, each analytics store in turn');
    for (const row of rows) expect(md).toMatch(new RegExp(`\\| ${row.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\| .*\\| (met|missed|not measured) \\|`));
    expect(skipped.length).toBe(rows.filter((row) => row.unavailable !== undefined).length);
    expect(liveCount()).toBe(0);
  }, 120_000);
});
