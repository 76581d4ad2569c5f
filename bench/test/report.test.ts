import { describe, expect, it } from 'vitest';
import { renderMarkdown, table, waterfall as waterfallOf } from '../src/report.js';
import { handler, outage, sampleResults, sharePage, warm } from './sample-results.js';

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

describe('renderMarkdown: the handlers without Express (issue 10)', () => {
  it('gives each handler its ratio to bare node:http, and the fetch handlers theirs to the bare fetch handler', () => {
    const md = renderMarkdown(sampleResults());
    expect(md).toContain('## 6. Without Express (issue 10)');
    expect(md).toMatch(/\| node-bare \| 12,000 \| 12,000 \| 1 \| 5 \| 0 \| - \| - \|/);
    expect(md).toMatch(/\| node-ours \| 11,500 \|.*\| 0\.95x \| - \|/);
    expect(md).toMatch(/\| fetch-bare \| 8,000 \|.*\| 0\.66x \| - \|/);
    expect(md).toMatch(/\| fetch-ours \| 6,000 \|.*\| 0\.50x \| 0\.75x \|/);
    expect(md).toContain('| issue 10: http.createServer(wxShare()) >= 0.95x a bare node:http handler | 0.95x | met |');
  });

  it('shows a row this build cannot serve with its reason, in the table and in the target', () => {
    const reason = 'not available in this build: @share/server has no createFetchHandler export';
    const nodeHttp = [
      handler('node-bare', 12_000),
      { key: 'node-ours' as const, label: 'node-ours', unavailable: 'not available in this build: GET /elsewhere got no answer' },
      handler('fetch-bare', 8_000),
      { key: 'fetch-ours' as const, label: 'fetch-ours', unavailable: reason },
    ];
    const md = renderMarkdown(sampleResults({ nodeHttp }));
    expect(md).toContain(`| fetch-ours | ${reason} | - | - | - | - | - | - |`);
    expect(md).toContain(
      '| issue 10: http.createServer(wxShare()) >= 0.95x a bare node:http handler | not available in this build: GET /elsewhere got no answer | not measured |',
    );
  });

  it('leaves the section out when the scenario did not run', () => {
    expect(renderMarkdown(sampleResults({ nodeHttp: [] }))).not.toContain('## 6.');
  });
});

describe('renderMarkdown: the WeChat outage (issue 9)', () => {
  it('reports both libraries side by side: calls, calls a minute, answers and recovery', () => {
    const md = renderMarkdown(sampleResults());
    expect(md).toContain('## 7. WeChat outage (issue 9): -1 for 60 s under 10 clients, then recovery');
    expect(md).toContain('again 100 ms after every answer');
    expect(md).toContain('| ours | 6 | 6.0 | 0 / 6 / 0 | 0 | 5000 (5000) | 0 | 0 | 12.5 |');
    expect(md).toContain('| theirs | 30000 | 30000.0 | 30000 / 0 / 0 | 0 | 0 (0) | 30000 | 0 | 0.1 |');
    expect(md).toMatch(/\| issue 9: .* \| 6\.0 a minute \(6 in 60\.0 s\); first 200 12\.5 s after recovery \| met \|/);
  });

  it('says when no 200 came within the bound', () => {
    const md = renderMarkdown(sampleResults({ outage: [outage('ours', { recoverySeconds: undefined })] }));
    expect(md).toContain('| ours | 6 | 6.0 | 0 / 6 / 0 | 0 | 5000 (5000) | 0 | 0 | none within 40 s |');
  });

  it('leaves the section out when the scenario did not run', () => {
    expect(renderMarkdown(sampleResults({ outage: [] }))).not.toContain('## 7.');
  });
});

describe('table', () => {
  it('renders a markdown table and escapes pipes in cells', () => {
    expect(table(['a', 'b'], [['1', 'x|y']])).toBe('| a | b |\n|---|---|\n| 1 | x\\|y |');
  });
});

describe('renderMarkdown: a simulated day (issue 12)', () => {
  it('shows the calls and first latencies of each run, and says why a run is not available', () => {
    const md = renderMarkdown(
      sampleResults({
        day: [
          { label: 'warm off', warm: false, requests: 600, tokenCalls: 9, ticketCalls: 10, firstAfterQuiet: [{ at: '07:01', ms: 61.2 }, { at: '13:30', ms: 7 }] },
          { label: 'warm on', warm: true, unavailable: 'not available in this build: @share/server has no `warm` option' },
        ],
      }),
    );
    expect(md).toContain('## 8. A simulated day');
    expect(md).toContain('| warm off | 600 | 9 | 10 | 07:01: 61.2, 13:30: 7 |');
    expect(md).toContain('| warm on | not available in this build: @share/server has no `warm` option | - | - | - |');
    expect(renderMarkdown(sampleResults({ day: [] }))).not.toContain('## 8.');
  });
});

describe('renderMarkdown: time to share-ready (issue 13)', () => {
  it('gives each page its medians, spread and round trips over jweixin alone, first and repeat visit', () => {
    const md = renderMarkdown(sampleResults());
    expect(md).toContain('## 10. Time to share-ready (issue 13): headless Chromium, the real jweixin 1.6.0, 150 ms a response');
    expect(md).toContain('| floor | 3 (3–3) | 460 | 455–465 | 450–470 | - | 1 (1–1) | 160 | 155–165 | - | 310 | 0.00 | 0 |');
    expect(md).toContain('| static | 4 (4–4) | 610 | 605–615 | 600–620 | +1 round trips, +150 ms | 2 (2–2) | 310 | 305–315 | +1 round trips, +150 ms | 460 | 1.00 | 0 |');
    expect(md).toContain('| ssr | 3 (3–3) | 465 | 460–470 | 455–475 | +0 round trips, +5 ms |');
  });

  it('lists the first visits\' requests in the order they were sent, with median times', () => {
    const waterfall = { page: { start: [0, 0], end: [150, 170] }, '/bridge/verify': { start: [480, 500], end: [640, 660] }, '/jweixin-1.6.0.js': { start: [170, 190], end: [330, 350] } };
    const md = renderMarkdown(sampleResults({ shareReady: [sharePage('floor', [660], { waterfall })] }));
    expect(md).toContain('| floor | page 0–160, /jweixin-1.6.0.js 180–340, /bridge/verify 490–650 |');
    expect(waterfallOf({ waterfall: {} })).toBe('');
  });

  it('lists the rounds that failed, and leaves the section out when the scenario did not run', () => {
    const md = renderMarkdown(sampleResults({ shareReady: [sharePage('ssr', [], { failures: ['/ssr was not share-ready within 20000 ms'], views: 2 })] }));
    expect(md).toContain('| ssr | - | - | - | - | - | - | - | - | - | - | 0.00 | 1 |');
    expect(md).toContain('Rounds that did not become share-ready:\n\n- ssr: /ssr was not share-ready within 20000 ms');
    expect(renderMarkdown(sampleResults({ shareReady: [] }))).not.toContain('## 10.');
  });
});
