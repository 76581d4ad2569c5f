// Renders a run's results as markdown: the targets with met/missed, then one table per scenario.
import { FLOOD_P99_TARGET_MS } from './scenarios/flood.js';
import { describeCalls, platformChecks } from './platform-targets.js';
import { PAGES_PER_AUTHORIZER } from './platform-traffic.js';
import type { AccountsRow, AnalyticsRow, BenchResults, FloodRow, DayRow, HandlerRow, OutageRow, PlatformResult, ServerKey, ShareReadyRow, ThroughputFigures } from './results.js';
import { summarize, type Summary } from './stats.js';
import { callsPerMinute, checkTargets, formatRatio, MB, overFloor, rssGrowth, upstreamCalls } from './targets.js';

const ALTERNATIVE_OF: Partial<Record<ServerKey, ServerKey>> = { ours: 'theirs', 'ours-rotating': 'theirs-rotating' };

export function renderMarkdown(results: BenchResults): string {
  const { machine, settings } = results;
  const lines = [
    '# Benchmark results',
    '',
    `Run ${machine.date} on ${machine.cpu} (${machine.cores} cores, ${machine.ramGb} GB RAM), Node ${machine.node}, ` +
      `${machine.os}; ${results.totalSeconds.toFixed(0)} s in all. Load average (1 min): ${machine.loadBefore.toFixed(2)} ` +
      `at the start, ${machine.loadAfter.toFixed(2)} at the end${machine.loadBefore > 0.5 ? ' (other work was running: figures are indicative)' : ''}.`,
    '',
    `Warm runs: ${settings.connections} connections, ${settings.warmupSeconds} s warm-up, then ${settings.rounds} rounds of ` +
      `${settings.seconds} s per server, interleaved; the best round is shown. Every server runs in its own process; ` +
      'the emulated WeChat API in another; autocannon drives the load from the runner. How to read this: README.md.',
    '',
    '## Targets (issue 5, and the issues rows name)',
    '',
    table(
      ['target', 'measured', 'status'],
      checkTargets(results).map((check) => [check.target, check.measured, check.status]),
    ),
    '',
    'Why a target is missed, what the profiles show and the fixes proposed: README.md, "Misses, profiles and what to ' +
      'do about them".',
    '',
    '## 1. Warm throughput',
    '',
    table(
      ['server', 'req/s', 'rounds (req/s)', 'p50 ms', 'p99 ms', 'non-2xx', 'vs bare Express', 'vs wechat-jssdk'],
      results.warm.map((row) => [
        row.label,
        whole(row.rps),
        row.rounds.map(whole).join(' / '),
        String(row.p50),
        String(row.p99),
        String(row.non2xx + row.errors),
        ratioTo(row, results.warm.find((other) => other.key === 'bare')),
        ratioTo(row, results.warm.find((other) => other.key === ALTERNATIVE_OF[row.key])),
      ]),
    ),
    '',
    `## 2. Cold storm: ${settings.stormRequests} concurrent first requests`,
    '',
    `A fresh server and a fresh emulator per library; the emulator answers each upstream call after ` +
      `${settings.upstreamDelayMs} ms, a network round trip to WeChat's API.`,
    '',
    table(
      ['server', 'answered 200', 'failed', 'token calls', 'stable_token calls', 'ticket calls', 'all answered in s', 'p99 ms'],
      results.storm.map((row) => [
        row.label,
        String(row.ok),
        String(row.failed),
        String(row.token),
        String(row.stableToken),
        String(row.ticket),
        row.seconds.toFixed(1),
        String(row.p99),
      ]),
    ),
    '',
    `## 3. Memory: ${settings.memoryUrls.toLocaleString('en-US')} distinct urls signed in process`,
    '',
    table(
      ['server', 'signed', 's', 'signs/s', 'RSS before MB', 'RSS peak MB', 'RSS after GC MB', 'RSS growth kept MB', 'peak growth MB', 'heap used growth MB', 'heap reserved growth MB', 'external growth MB'],
      results.memory.map((row) => [
        row.label + (row.timedOut ? ` (stopped at the ${settings.memoryTimeLimitSeconds} s bound)` : ''),
        row.signed.toLocaleString('en-US') + (row.failed > 0 ? ` (+${row.failed} failed)` : ''),
        row.seconds.toFixed(1),
        whole(row.signed / row.seconds),
        mb(row.rssBefore),
        mb(row.rssPeak),
        mb(row.rssAfterGc),
        mb(rssGrowth(row)),
        mb(row.rssPeak - row.rssBefore),
        mb(row.heapAfterGc - row.heapBefore),
        mb(row.heapTotalAfterGc - row.heapTotalBefore),
        mb(row.externalAfterGc - row.externalBefore),
      ]),
    ),
    '',
    'RSS growth kept: after the loop and two forced GCs, minus before it (the target). Heap used: live objects. Heap ' +
      'reserved: what V8 keeps for its heap. The control signs the same urls with a one-entry cache: what the work ' +
      'itself costs in RSS, whatever is kept. The three loops run at once, each in its own process, sharing the cores.',
    '',
    '## 4. Client bundle (gzip level 9)',
    '',
    table(
      ['bundle', 'bytes', 'gzip bytes'],
      results.client.map((row) => [`${row.label} (\`${row.file}\`)`, String(row.bytes), String(row.gzip)]),
    ),
  ];
  const instances = results.instances[0];
  if (instances) {
    const calls = (c: { token: number; stableToken: number; ticket: number }) =>
      `${c.token} token, ${c.stableToken} stable_token, ${c.ticket} ticket`;
    lines.push(
      '',
      `## 5. ${instances.processes} wxShare processes sharing Redis (@share/redis-store) and the emulated API`,
      '',
      table(
        ['phase', 'requests', 'failed', 'upstream calls', 'req/s (all processes)', 'p99 ms', 'time s'],
        [
          [
            `cold storm: ${instances.processes} x ${instances.requestsPerProcess} concurrent first requests`,
            String(instances.processes * instances.requestsPerProcess),
            String(instances.stormFailed),
            calls(instances.stormCalls),
            '-',
            '-',
            instances.stormSeconds.toFixed(1),
          ],
          [
            `warm: all ${instances.processes} under load at once, ${settings.seconds} s`,
            '-',
            String(instances.warmFailed),
            calls(instances.warmCalls),
            whole(instances.rps),
            String(instances.p99),
            String(settings.seconds),
          ],
        ],
      ),
    );
  }
  if (results.nodeHttp.length > 0) lines.push('', ...nodeHttpSection(results));
  if (results.outage.length > 0) lines.push('', ...outageSection(results));
  if (results.day.length > 0) lines.push('', ...daySection(results));
  if (results.accounts.length > 0) lines.push('', ...accountsSection(results));
  if (results.analytics.length > 0) lines.push('', ...analyticsSection(results));
  if (results.shareReady.length > 0) lines.push('', ...shareReadySection(results));
  if (results.flood.length > 0) lines.push('', ...floodSection(results));
  if (results.platform.length > 0) lines.push('', ...platformSection(results));
  if (results.skipped.length > 0) {
    lines.push('', '## Not measured in this run', '', ...results.skipped.map((reason) => `- ${reason}`));
  }
  return `${lines.join('\n')}\n`;
}

function nodeHttpSection(results: BenchResults): string[] {
  const { settings } = results;
  const measured = (key: string) => {
    const row = results.nodeHttp.find((other) => other.key === key);
    return row?.unavailable === undefined ? row : undefined;
  };
  const nodeBare = measured('node-bare');
  const fetchBare = measured('fetch-bare');
  return [
    '## 6. Without Express (issue 10): a node:http handler and a Web fetch handler',
    '',
    `The same load as the warm runs (${settings.connections} connections, best of ${settings.rounds} interleaved rounds of ` +
      `${settings.seconds} s). Both fetch handlers are served from node:http by the bench's one-file adapter ` +
      '(`src/fixtures/fetch-adapter.ts`): build a Request, write the Response back.',
    '',
    table(
      ['server', 'req/s', 'rounds (req/s)', 'p50 ms', 'p99 ms', 'non-2xx', 'vs bare node:http', 'vs bare fetch handler'],
      results.nodeHttp.map((row: HandlerRow) =>
        row.unavailable !== undefined
          ? [row.label, row.unavailable, '-', '-', '-', '-', '-', '-']
          : [
              row.label,
              whole(row.rps),
              row.rounds.map(whole).join(' / '),
              String(row.p50),
              String(row.p99),
              String(row.non2xx + row.errors),
              ratioTo(row, nodeBare),
              row.key.startsWith('fetch') ? ratioTo(row, fetchBare) : '-',
            ],
      ),
    ),
  ];
}

/** Analytics on may cost at most 10% of the signature route's warm throughput (issue 14). */
export const ANALYTICS_TARGET = 0.9;

function analyticsSection(results: BenchResults): string[] {
  const { settings } = results;
  const measured = (key: string) => {
    const row = results.analytics.find((other) => other.key === key);
    return row?.unavailable === undefined ? row : undefined;
  };
  const off = measured('analytics-off');
  const on = measured('analytics-on');
  const verdict =
    off && on
      ? `${formatRatio(on.rps / off.rps)} | ${on.rps / off.rps >= ANALYTICS_TARGET ? 'met' : 'missed'}`
      : 'not measured | not measured';
  return [
    '## 9. Analytics (issue 14): the signature route with analytics off and on',
    '',
    `Two wxShare processes side by side, the same load as the warm runs (${settings.connections} connections, best of ` +
      `${settings.rounds} interleaved rounds of ${settings.seconds} s). Every request is a page load's first signature ` +
      'request (`&view=1&from=timeline`), so with analytics on each one counts a view and an arrival, into ' +
      "@share/analytics-sqlite's store (the demo's set-up: one write a second).",
    '',
    table(
      ['server', 'req/s', 'rounds (req/s)', 'p50 ms', 'p99 ms', 'non-2xx', 'vs analytics off', 'server CPU µs/request'],
      results.analytics.map((row: AnalyticsRow) =>
        row.unavailable !== undefined
          ? [row.label, row.unavailable, '-', '-', '-', '-', '-', '-']
          : [
              row.label, whole(row.rps), row.rounds.map(whole).join(' / '), String(row.p50), String(row.p99),
              String(row.non2xx + row.errors), ratioTo(row, off), row.serverCpuMicros === undefined ? '-' : row.serverCpuMicros.toFixed(1),
            ],
      ),
    ),
    '',
    table(['target', 'measured', 'status'], [[`analytics on >= ${ANALYTICS_TARGET.toFixed(2)}x analytics off (within 10%)`, ...verdict.split(' | ')]]),
    ...(off?.serverCpuMicros !== undefined && on?.serverCpuMicros !== undefined
      ? [
          '',
          `Server CPU per request (the fixture process's user + system time from /proc over all its rounds, the write ` +
            `once a second included, divided by the requests it answered): **${off.serverCpuMicros.toFixed(1)} µs** off, ` +
            `**${on.serverCpuMicros.toFixed(1)} µs** on, so a server that is CPU-bound keeps ` +
            `**${formatRatio(off.serverCpuMicros / on.serverCpuMicros)}** of its throughput with analytics on. The req/s ` +
            'of a round moves with whatever else the machine runs; CPU per request moves less, but it moves too.',
        ]
      : []),
    ...results.analyticsCpu.flatMap((cpu) => [
      '',
      `In process, the same request to \`createFetchHandler()\` ${cpu.requests.toLocaleString('en-US')} times (memory store; ` +
        `best of 3 alternating runs each): **${cpu.offMicros.toFixed(1)} µs** of CPU per request with analytics off, ` +
        `**${cpu.onMicros.toFixed(1)} µs** on (+${(cpu.onMicros - cpu.offMicros).toFixed(1)} µs: the view and the arrival counted). ` +
        'CPU time moves less with the machine\'s load than req/s, but it moves; this path has no HTTP in it, ' +
        'so the share of a real request (node:http or Express around it) is smaller.',
    ]),
  ];
}

function floodSection(results: BenchResults): string[] {
  const { settings } = results;
  const rate = settings.floodRate.toLocaleString('en-US');
  return [
    `## 11. A flood of distinct page views (issue 20): ${rate} a second, each analytics store in turn`,
    '',
    `One wxShare process per store (Express, analytics on, the defaults: one write a second, 10,000 pending counters at ` +
      `most), asked for ${rate} signatures a second of pages never seen before, each a counted first view (\`&view=1\`, ` +
      `which needs no key), for ${settings.floodSeconds} s from 20 connections (autocannon's overallRate). The latency is ` +
      "the flood's own signature requests': what every visitor of the site waits while the store counts. Stores run one " +
      `after the other, never at once. Node ${results.machine.node}: SQLite is ${nodeHasSqlite(results.machine.node) ? 'node:sqlite' : 'better-sqlite3'} here.`,
    '',
    table(
      ['store', 'req/s', 'requests', 'p50 ms', 'p99 ms', 'max ms', 'failed', 'RSS before MB', 'RSS after MB', `p99 < ${FLOOD_P99_TARGET_MS} ms`],
      results.flood.map((row: FloodRow) =>
        row.unavailable !== undefined
          ? [row.label, row.unavailable, '-', '-', '-', '-', '-', '-', '-', 'not measured']
          : [
              row.label, whole(row.rps), whole(row.requests), String(row.p50), String(row.p99), String(row.max), String(row.non2xx),
              whole(row.rssBeforeMb), whole(row.rssAfterMb), row.p99 < FLOOD_P99_TARGET_MS ? 'met' : 'missed',
            ],
      ),
    ),
  ];
}

/** node:sqlite runs without a flag from Node 22.13 (the store prefers it there). */
function nodeHasSqlite(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 13);
}

function daySection(results: BenchResults): string[] {
  return [
    '## 8. A simulated day (issue 12): 4 instances sharing a store, 24 h of traffic with quiet hours',
    '',
    'Four signers in one process share a MemoryStore and one fake clock, which the scenario moves through 24 simulated ' +
      'hours; the emulator and the signers\' warm timers run on the same clock. 600 requests at seeded random moments of 07:00–12:00 and 13:30–23:00, ' +
      'to a random instance and one of 20 pages. Ideal with warm on: about 12 token and 12 ticket calls (each lives 2 h, refreshed ahead); warm off fetches only when traffic comes. Latency is ' +
      'wall-clock, of the first request after each quiet period (over 1 h without traffic).',
    '',
    table(
      ['run', 'requests', 'token calls', 'ticket calls', 'first request after each quiet period (ms)'],
      results.day.map((row: DayRow) =>
        row.unavailable !== undefined
          ? [row.label, row.unavailable, '-', '-', '-']
          : [
              row.label,
              String(row.requests),
              String(row.tokenCalls),
              String(row.ticketCalls),
              (row.firstAfterQuiet ?? []).map((first) => `${first.at}: ${first.ms}`).join(', '),
            ],
      ),
    ),
  ];
}

function accountsSection(results: BenchResults): string[] {
  return [
    '## 12. Many accounts (issue 19): one instance, warm on, 24 simulated hours without traffic',
    '',
    'One signer with N official accounts on a fake clock that the scenario moves one warm-timer tick (1 s) at a time ' +
      'through one quota day of the emulator; the credentials\' one timer loads every account at start-up (a bounded ' +
      'number at once) and renews token and ticket ahead of expiry, starting at most a few renewals a second. ' +
      'Targets: at most 13 token and 13 ticket calls per account, no second with more than 5 renewals, no process warning.',
    '',
    table(
      ['accounts', 'start-up calls', 'token calls, most per account', 'ticket calls, most per account', 'most calls in one second', 'heap once ready (MB)', 'process warnings'],
      results.accounts.map((row: AccountsRow) => [
        String(row.accounts),
        String(row.startUpCalls),
        String(row.tokenCallsPerAccount),
        String(row.ticketCallsPerAccount),
        String(row.mostRenewalsInOneSecond),
        row.heapMb.toFixed(1),
        String(row.processWarnings),
      ]),
    ),
  ];
}

function platformSection(results: BenchResults): string[] {
  const { settings } = results;
  const result: PlatformResult | undefined = results.platform[0];
  const checks = platformChecks(result, settings);
  const lines = [
    `## 13. A third-party platform (issue 22): ${settings.platformAuthorizers} authorizers, ${settings.instances} instances, one store`,
    '',
    'wxShare in third-party platform mode (`component`), in the runner\'s process, against the emulator\'s platform; the ' +
      'instances, the emulator and the store read one injected clock that the scenario moves. Calls are the emulator\'s ' +
      `counters.${result ? ` Store: ${result.store}.` : ''}`,
    '',
    table(['target', 'measured', 'status'], checks.map((check) => [check.target, check.measured, check.status])),
  ];
  if (result === undefined) return lines;
  const { storm, day, restart } = result;
  lines.push(
    '',
    `**Cold storm.** One authorizer authorized and a verify ticket pushed to an earlier instance, which stopped; ` +
      `${restart.downtimeHours} h later (every token and ticket expired, the verify ticket and the refresh token kept in the store) ` +
      `a fresh instance gets ${storm.requests} concurrent first requests for one page of it; the emulator answers each call after ` +
      `${settings.upstreamDelayMs} ms.`,
    '',
    table(
      ['answered 200', 'failed', 'upstream calls', 'all answered in s', 'p99 ms'],
      [[String(storm.ok), String(storm.failed), describeCalls(storm.calls), storm.seconds.toFixed(1), String(storm.p99)]],
    ),
    '',
    `**A simulated day.** ${day.authorizers} authorizers authorize at 00:00 (China time; the \`authorized\` pushes reach the ` +
      `first instance, which exchanges each code); then ${day.requests.toLocaleString('en-US')} page views at seeded random ` +
      `moments of the 24 hours (${settings.platformRequests} per authorizer, ${PAGES_PER_AUTHORIZER} pages each), each to a random one of ` +
      `${day.instances} instances; one simulated minute's views are sent at once. A verify ticket is pushed every 10 minutes.`,
    '',
    table(
      ['requests', 'failed', 'authorizer-token calls, most per authorizer', 'ticket calls, most per authorizer', 'calls of the day (setup included)', 'verify tickets pushed', 'warnings', 'wall s'],
      [[
        day.requests.toLocaleString('en-US'),
        String(day.failed),
        String(day.maxAuthorizerTokenCalls),
        String(day.maxTicketCalls),
        describeCalls(day.calls),
        String(day.verifyTicketPushes),
        String(day.warnings),
        day.wallSeconds.toFixed(1),
      ]],
    ),
    '',
    `**A restart.** Every instance stops, WeChat's pushes stop, and ${restart.downtimeHours} h later ${day.instances} new ` +
      'instances start on the same store; one page of the first authorizer is asked first, then one page of every ' +
      'authorizer, spread over the instances.',
    '',
    table(
      ['first request', 'its wall ms', 'its calls', 'pushes after the restart', 'authorizers signed', 'calls of all of them'],
      [[
        `${restart.firstStatus}${restart.firstSignatureValid ? ', valid signature' : ', signature not valid'}`,
        restart.firstMs.toFixed(0),
        describeCalls(restart.firstCalls),
        String(restart.pushesAfter),
        `${restart.authorizersSigned}/${day.authorizers}`,
        describeCalls(restart.allCalls),
      ]],
    ),
  );
  return lines;
}

function outageSection(results: BenchResults): string[] {
  const { settings } = results;
  return [
    `## 7. WeChat outage (issue 9): -1 for ${settings.outageSeconds} s under ${settings.outageClients} clients, then recovery`,
    '',
    'Each library on a cold server (no credential yet) against its own emulator, which already answers -1 (system ' +
      'busy) to every call; both go through the outage at the same time. Each client asks for its own page url, ' +
      `again ${settings.outagePauseMs} ms after every answer. Upstream calls are counted over the outage as measured ` +
      '(one account, one instance); recovery is from the emulator answering again to the first 200.',
    '',
    table(
      ['server', 'upstream calls', 'a minute', 'token / stable_token / ticket', 'answered 200', '503 (with Retry-After)', 'other status', 'no answer', 'first 200 after recovery s'],
      results.outage.map((row: OutageRow) => [
        row.label,
        String(upstreamCalls(row.calls)),
        callsPerMinute(row).toFixed(1),
        `${row.calls.token} / ${row.calls.stableToken} / ${row.calls.ticket}`,
        String(row.answers.ok),
        `${row.answers.unavailable} (${row.answers.retryAfter})`,
        String(row.answers.otherStatus),
        String(row.answers.failed),
        row.recoverySeconds === undefined ? `none within ${row.recoveryBoundSeconds} s` : row.recoverySeconds.toFixed(1),
      ]),
    ),
  ];
}

function shareReadySection(results: BenchResults): string[] {
  const latency = results.settings.shareLatencyMs;
  const floor = results.shareReady.find((row) => row.key === 'floor');
  const versusFloor = (row: ShareReadyRow, visit: 'first' | 'repeat') => {
    const over = floor && row !== floor ? overFloor(row, floor, visit) : undefined;
    if (over === undefined) return '-';
    const signed = (n: number) => `${n >= 0 ? '+' : ''}${n}`;
    return `${signed(over.roundTrips)} round trips, ${signed(Math.round(over.ms))} ms`;
  };
  const trips = (values: number[]) => {
    const summary = summarize(values);
    return summary ? `${summary.median} (${summary.min}–${summary.max})` : '-';
  };
  const failures = results.shareReady.flatMap((row) => row.failures.map((why) => `- ${row.label}: ${why}`));
  return [
    `## 10. Time to share-ready (issue 13): headless Chromium, the real jweixin 1.6.0, ${latency} ms a response`,
    '',
    `Every response of the bench's page server (page, scripts, signature, the emulated WeChat check of wx.config) is ` +
      `held ${latency} ms before it is handled; connection set-up is not modelled. Each round opens each page in a fresh ` +
      'browser context as WeChat on Android (the emulated bridge injected before the page runs), then once more in the ' +
      'same context (scripts from the HTTP cache, the page itself `no-store`); pages interleaved, one warm-up round not ' +
      'counted. Share-ready: navigation start to the moment the bridge has applied both share data calls. Round trips: ' +
      'the most requests of a view that went one after another before it was share-ready (cached ones not counted), a ' +
      "count the machine's load does not change; on a loaded machine each round trip lasts longer than the latency. " +
      '"vs jweixin alone": difference of medians. How to read this: README.md, scenario 10.',
    '',
    table(
      ['page', 'first visit: round trips (range)', 'median ms', 'IQR ms', 'min–max ms', 'vs jweixin alone', 'repeat visit: round trips (range)', 'median ms', 'IQR ms', 'vs jweixin alone', 'jweixin loaded ms (median)', 'signature requests per view', 'failed rounds'],
      results.shareReady.map((row) => {
        const first = summarize(row.first);
        const repeat = summarize(row.repeat);
        const jweixin = summarize(row.jweixinLoaded);
        return [
          row.label,
          trips(row.firstRoundTrips),
          first ? whole(first.median) : '-',
          interquartile(first),
          first ? `${whole(first.min)}–${whole(first.max)}` : '-',
          versusFloor(row, 'first'),
          trips(row.repeatRoundTrips),
          repeat ? whole(repeat.median) : '-',
          interquartile(repeat),
          versusFloor(row, 'repeat'),
          jweixin ? whole(jweixin.median) : '-',
          row.views > 0 ? (row.signatureRequests / row.views).toFixed(2) : '-',
          String(row.failures.length),
        ];
      }),
    ),
    '',
    'First visit, request by request, in the order they were sent (median ms from navigation start: sent–received). ' +
      'A request sent after another one was received waited for it: each such step is one more round trip.',
    '',
    table(
      ['page', 'requests'],
      results.shareReady.map((row) => [row.label, waterfall(row)]),
    ),
    ...(failures.length > 0 ? ['', 'Rounds that did not become share-ready:', '', ...failures] : []),
  ];
}

/** The first visits' requests in the order they were sent: 'path start–end' with median times. */
export function waterfall(row: Pick<ShareReadyRow, 'waterfall'>): string {
  return Object.entries(row.waterfall)
    .map(([path, timings]) => ({ path, start: summarize(timings.start), end: summarize(timings.end) }))
    .filter((request): request is { path: string; start: Summary; end: Summary } => request.start !== undefined && request.end !== undefined)
    .sort((a, b) => a.start.median - b.start.median)
    .map((request) => `${request.path} ${whole(request.start.median)}–${whole(request.end.median)}`)
    .join(', ');
}

function interquartile(summary: Summary | undefined): string {
  return summary ? `${whole(summary.p25)}–${whole(summary.p75)}` : '-';
}

export function table(header: string[], rows: string[][]): string {
  const cells = (row: string[]) => `| ${row.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`;
  return [cells(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(cells)].join('\n');
}

function ratioTo(row: ThroughputFigures, other: ThroughputFigures | undefined): string {
  if (!other || other === row) return '-';
  return formatRatio(row.rps / other.rps);
}

function whole(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function mb(bytes: number): string {
  return (bytes / MB).toFixed(1);
}
