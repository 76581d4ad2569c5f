import { describe, expect, it } from 'vitest';
import { renderMarkdown, table } from '../src/report.js';
import { sampleResults, warm } from './sample-results.js';

describe('renderMarkdown', () => {
  it('states the machine, the targets and one table per scenario', () => {
    const md = renderMarkdown(sampleResults());
    expect(md).toContain('on cpu (2 cores, 8 GB RAM), Node v20');
    expect(md).toContain('| warm req/s >= 1.0x bare Express (route with res.json) | 1.00x | met |');
    for (const heading of ['## 1. Warm throughput', '## 2. Cold storm', '## 3. Memory', '## 4. Client bundle', '## 5. 4 wxShare processes']) {
      expect(md).toContain(heading);
    }
    expect(md).not.toContain('Not measured in this run');
    expect(md).toContain('| cold storm: 4 x 250 concurrent first requests | 1000 | 0 | 0 token, 1 stable_token, 1 ticket |');
  });

  it('leaves the instances section out when it did not run', () => {
    expect(renderMarkdown(sampleResults({ instances: [] }))).not.toContain('## 5.');
  });

  it('gives each warm row its ratio to bare Express and to the matching wechat-jssdk row', () => {
    const md = renderMarkdown(
      sampleResults({
        warm: [warm('bare', 10_000), warm('ours', 9_000), warm('ours-rotating', 8_000), warm('theirs', 3_000), warm('theirs-rotating', 2_000)],
      }),
    );
    expect(md).toMatch(/\| ours \| 9,000 \|.*\| 0\.90x \| 3\.00x \|/);
    expect(md).toMatch(/\| ours-rotating \| 8,000 \|.*\| 0\.80x \| 4\.00x \|/);
    expect(md).toMatch(/\| bare \| 10,000 \|.*\| - \| - \|/);
  });

  it('flags a loaded machine and lists what was not measured', () => {
    const base = sampleResults();
    const md = renderMarkdown({
      ...base,
      machine: { ...base.machine, loadBefore: 3.2 },
      skipped: ['storm: wechat-jssdk 5.1.0: it exited'],
    });
    expect(md).toContain('figures are indicative');
    expect(md).toContain('## Not measured in this run\n\n- storm: wechat-jssdk 5.1.0: it exited');
  });

  it('marks a memory run that stopped at its time bound', () => {
    const base = sampleResults();
    const memory = base.memory.map((row) => ({ ...row, signed: 10, timedOut: true }));
    expect(renderMarkdown({ ...base, memory })).toContain('(stopped at the 45 s bound)');
  });
});

describe('table', () => {
  it('renders a markdown table and escapes pipes in cells', () => {
    expect(table(['a', 'b'], [['1', 'x|y']])).toBe('| a | b |\n|---|---|\n| 1 | x\\|y |');
  });
});
