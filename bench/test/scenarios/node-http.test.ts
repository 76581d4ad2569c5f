import { afterAll, describe, expect, it } from 'vitest';
import { killAll, liveCount } from '../../src/children.js';
import { renderMarkdown } from '../../src/report.js';
import { HANDLER_TARGETS, NOT_AVAILABLE, runNodeHttp } from '../../src/scenarios/node-http.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { sampleResults } from '../sample-results.js';

afterAll(() => killAll());

const exports = new Set(Object.keys(await import('@share/server')));

describe('node:http scenario', () => {
  it('gives every handler a row: measured, or "not available in this build" with the reason', async () => {
    const skipped: string[] = [];
    const settings = { ...DEFAULT_SETTINGS, connections: 4, warmupSeconds: 0.3, seconds: 0.5, rounds: 1 };
    const rows = await runNodeHttp({ settings, cpuProfDir: undefined, log: () => {}, skip: (r) => skipped.push(r) });
    expect(skipped).toEqual([]);
    expect(rows.map((row) => row.key)).toEqual(HANDLER_TARGETS.map((target) => target.key));
    for (const row of rows) {
      if (row.unavailable !== undefined) {
        expect(row.unavailable).toMatch(new RegExp(`^${NOT_AVAILABLE}: .+`));
        continue;
      }
      expect(row.rps).toBeGreaterThan(0);
      expect(row.rounds).toHaveLength(1);
      expect(row.non2xx + row.errors).toBe(0);
    }
    const byKey = new Map(rows.map((row) => [row.key, row]));
    // The ceilings are this bench's own: always measured.
    expect(byKey.get('node-bare')?.unavailable).toBeUndefined();
    expect(byKey.get('fetch-bare')?.unavailable).toBeUndefined();
    // The fetch handler is measured exactly when this build exports it.
    expect(byKey.get('fetch-ours')?.unavailable === undefined).toBe(exports.has('createFetchHandler'));
    if (!exports.has('createFetchHandler')) {
      expect(byKey.get('fetch-ours')?.unavailable).toBe(`${NOT_AVAILABLE}: @share/server has no createFetchHandler export`);
    }

    // The report shows every row, and the target is judged or says why not.
    const md = renderMarkdown(sampleResults({ nodeHttp: rows }));
    for (const target of HANDLER_TARGETS) expect(md).toContain(`| ${target.label} |`);
    const nodeOurs = byKey.get('node-ours');
    expect(md).toMatch(
      nodeOurs?.unavailable === undefined
        ? /\| issue 10: http\.createServer\(wxShare\(\)\) >= 0\.95x a bare node:http handler \| \d+\.\d\dx \| (met|missed) \|/
        : /\| issue 10: .* \| not available in this build: .* \| not measured \|/,
    );
    expect(liveCount()).toBe(0);
  });
}, 180_000);
