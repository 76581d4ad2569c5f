import { describe, expect, it } from 'vitest';
import type { BenchResults } from '../src/results.js';
import { checkTargets, formatRatio, MB, rssGrowth } from '../src/targets.js';
import { sampleResults as results, warm } from './sample-results.js';

const statuses = (r: BenchResults) => checkTargets(r).map((check) => check.status);

describe('checkTargets', () => {
  it('marks every target met when the results reach them', () => {
    expect(statuses(results())).toEqual(['met', 'met', 'met', 'met', 'met', 'met', 'met']);
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
    expect(statuses(results({ warm: [], storm: [], memory: [], client: [], instances: [] }))).toEqual(Array(7).fill('not measured'));
  });

  it('counts classic and stable token calls together', () => {
    const storm = results().storm.map((row) => ({ ...row, token: 1, stableToken: 1 }));
    expect(checkTargets(results({ storm }))[3]).toMatchObject({ status: 'missed', measured: expect.stringContaining('2 token') });
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
