import { describe, expect, it } from 'vitest';
import type { BenchResults } from '../src/results.js';
import { callsPerMinute, checkTargets, formatRatio, MB, overFloor, rssGrowth, upstreamCalls } from '../src/targets.js';
import { handler, outage, sampleResults as results, sharePage, warm } from './sample-results.js';

const statuses = (r: BenchResults) => checkTargets(r).map((check) => check.status);

describe('checkTargets', () => {
  it('marks every target met when the results reach them', () => {
    expect(statuses(results())).toEqual(Array(12).fill('met'));
  });

  it('marks each target missed on its own', () => {
    const base = results().warm;
    expect(statuses(results({ warm: base.map((row) => (row.key === 'ours' ? warm('ours', 9_990) : row)) }))[0]).toBe('missed');
    expect(statuses(results({ warm: base.map((row) => (row.key === 'bare-raw' ? warm('bare-raw', 11_000) : row)) }))[1]).toBe('missed');
    expect(statuses(results({ warm: base.map((row) => (row.key === 'theirs' ? warm('theirs', 9_000) : row)) }))[2]).toBe('missed');
    const storm = results().storm.map((row) => ({ ...row, stableToken: 2 }));
    expect(statuses(results({ storm }))[3]).toBe('missed');
    const failedStorm = results().storm.map((row) => ({ ...row, ok: 999, failed: 1 }));
    expect(statuses(results({ storm: failedStorm }))[3]).toBe('missed');
    const memory = results().memory.map((row) => ({ ...row, rssAfterGc: 151 * MB }));
    expect(statuses(results({ memory }))[4]).toBe('missed');
    const client = [{ key: 'ours' as const, label: 'ours', file: 'f', bytes: 2000, gzip: 1025 }];
    expect(statuses(results({ client }))[5]).toBe('missed');
    const instances = results().instances.map((row) => ({ ...row, stormCalls: { token: 0, stableToken: 2, ticket: 1 } }));
    expect(statuses(results({ instances }))[6]).toBe('missed');
    const failedInstances = results().instances.map((row) => ({ ...row, stormFailed: 3 }));
    expect(statuses(results({ instances: failedInstances }))[6]).toBe('missed');
  });

  it('does not call a memory run that stopped at its time bound met', () => {
    const memory = results().memory.map((row) => ({ ...row, signed: 10, timedOut: true }));
    expect(statuses(results({ memory }))[4]).toBe('missed');
  });

  it('says "not measured" rather than guessing when a row is absent', () => {
    const none = { warm: [], storm: [], memory: [], client: [], instances: [], nodeHttp: [], outage: [], shareReady: [] };
    expect(statuses(results(none))).toEqual(Array(12).fill('not measured'));
  });

  it('counts classic and stable token calls together', () => {
    const storm = results().storm.map((row) => ({ ...row, token: 1, stableToken: 1 }));
    expect(checkTargets(results({ storm }))[3]).toMatchObject({ status: 'missed', measured: expect.stringContaining('2 token') });
  });
});

describe('checkTargets: wxShare as a bare node:http handler (issue 10)', () => {
  const check = (nodeHttp: BenchResults['nodeHttp']) => checkTargets(results({ nodeHttp }))[7];

  it('is met at 0.95x a bare node:http handler and missed below', () => {
    expect(check([handler('node-bare', 10_000), handler('node-ours', 9_500)])).toMatchObject({ status: 'met', measured: '0.95x' });
    expect(check([handler('node-bare', 10_000), handler('node-ours', 9_499)])).toMatchObject({ status: 'missed', measured: '0.94x' });
  });

  it('says "not measured" and gives the reason when this build cannot serve it', () => {
    const unavailable = { key: 'node-ours' as const, label: 'x', unavailable: 'not available in this build: GET /elsewhere got no answer' };
    expect(check([handler('node-bare', 10_000), unavailable])).toEqual({
      target: expect.stringContaining('issue 10'),
      measured: 'not available in this build: GET /elsewhere got no answer',
      status: 'not measured',
    });
  });

  it('needs the ceiling measured too', () => {
    expect(check([handler('node-ours', 9_500)])?.status).toBe('not measured');
  });
});

describe('checkTargets: upstream calls during a WeChat outage (issue 9)', () => {
  const check = (row: ReturnType<typeof outage>) => checkTargets(results({ outage: [row, outage('theirs')] }))[8];

  it('is met at 10 calls a minute with a 200 after recovery, and states both figures', () => {
    const met = check(outage('ours', { calls: { token: 0, stableToken: 10, ticket: 0 }, outageSeconds: 60, recoverySeconds: 30.04 }));
    expect(met).toEqual({
      target: 'issue 9: WeChat answering -1 for 60 s to 10 clients -> <= 10 upstream calls a minute, then a 200 within 40 s',
      measured: '10.0 a minute (10 in 60.0 s); first 200 30.0 s after recovery',
      status: 'met',
    });
  });

  it('is missed above 10 calls a minute, counting every endpoint over the outage as measured', () => {
    // 11 calls in 60 s; 10 calls in 59 s is 10.2 a minute.
    expect(check(outage('ours', { calls: { token: 1, stableToken: 5, ticket: 5 } }))?.status).toBe('missed');
    expect(check(outage('ours', { calls: { token: 0, stableToken: 10, ticket: 0 }, outageSeconds: 59 }))?.status).toBe('missed');
  });

  it('is missed by a server that never answers 200 again, however few calls it made', () => {
    const silent = outage('ours', { calls: { token: 0, stableToken: 0, ticket: 0 }, recoverySeconds: undefined });
    expect(check(silent)).toMatchObject({ status: 'missed', measured: expect.stringContaining('no 200 within 40 s of recovery') });
  });

  it('judges wxShare only, not wechat-jssdk', () => {
    expect(checkTargets(results({ outage: [outage('theirs')] }))[8]?.status).toBe('not measured');
  });
});

describe('checkTargets: time to share-ready (issue 13)', () => {
  // The floor: 3 round trips in a row, 460 ms at the median.
  const floor = sharePage('floor', [450, 460, 470]);
  const checks = (...pages: ReturnType<typeof sharePage>[]) => checkTargets(results({ shareReady: [floor, ...pages] })).slice(9);
  const ssr = (trips: number[], overrides = {}) => checks(sharePage('ssr', [700, 710, 720], { firstRoundTrips: trips, ...overrides }))[0];
  const fetched = (trips: number[]) => checks(sharePage('static', [700, 710, 720], { firstRoundTrips: trips, signatureRequests: 6 }))[2];

  it('holds the server-rendered page to the floor in round trips, and states the times beside them', () => {
    expect(ssr([3, 3, 4])).toEqual({
      target: 'issue 13: server-rendered page (jweixin preloaded) share-ready = jweixin alone (no added round trip of 150 ms), 0 signature requests',
      measured: '+0 round trips (3 in a row, jweixin alone 3); +250 ms at the medians of 3 and 3 views; 0 signature requests',
      status: 'met',
    });
    expect(ssr([3, 4, 4])).toMatchObject({ measured: expect.stringMatching(/^\+1 round trips \(4 in a row/), status: 'missed' });
  });

  it('misses a server-rendered page that made a signature request', () => {
    expect(ssr([3, 3, 3], { signatureRequests: 1 })).toMatchObject({ measured: expect.stringContaining('1 signature requests'), status: 'missed' });
  });

  it('misses a page with a round that never became share-ready', () => {
    expect(ssr([3, 3], { failures: ['not share-ready within 20000 ms'] })).toMatchObject({
      measured: expect.stringContaining('1 rounds failed'),
      status: 'missed',
    });
  });

  it('allows the static page one round trip more, not two', () => {
    expect(fetched([4, 4, 5])).toMatchObject({ measured: expect.stringContaining('+1 round trips'), status: 'met' });
    expect(fetched([4, 5, 5])?.status).toBe('missed');
  });

  it('says "not measured" without the floor or the page', () => {
    expect(checkTargets(results({ shareReady: [sharePage('ssr', [450])] })).slice(9).map((check) => check.status)).toEqual(Array(3).fill('not measured'));
    expect(checks()[1]?.status).toBe('not measured');
  });
});

describe('overFloor', () => {
  it('is the difference of medians, in round trips and in ms, of the first or the repeat visits', () => {
    const page = sharePage('static', [900, 600, 610], { firstRoundTrips: [4, 4, 5], repeatRoundTrips: [2, 2, 2] });
    const base = sharePage('floor', [460, 300, 460], { firstRoundTrips: [3, 3, 3], repeatRoundTrips: [1, 1, 2] });
    expect(overFloor(page, base)).toEqual({ roundTrips: 1, ms: 150 });
    expect(overFloor(page, base, 'repeat')).toEqual({ roundTrips: 1, ms: 150 });
    expect(overFloor(sharePage('ssr', []), base)).toBeUndefined();
  });
});

describe('callsPerMinute', () => {
  it('adds every endpoint and scales the outage as measured to a minute', () => {
    expect(upstreamCalls({ token: 1, stableToken: 2, ticket: 3 })).toBe(6);
    expect(callsPerMinute({ calls: { token: 1, stableToken: 2, ticket: 3 }, outageSeconds: 30 })).toBe(12);
  });
});

describe('formatRatio', () => {
  it('rounds down so that a miss never shows as 1.00x', () => {
    expect(formatRatio(0.996)).toBe('0.99x');
    expect(formatRatio(1.004)).toBe('1.00x');
    expect(formatRatio(2.5)).toBe('2.50x');
  });
});

describe('rssGrowth', () => {
  it('is what the process keeps after GC', () => {
    expect(rssGrowth({ rssBefore: 10, rssAfterGc: 30 })).toBe(20);
  });
});
