import { describe, expect, it } from 'vitest';
import { OVERLAP_MS, TokenRegistry } from '../src/tokens.js';
import { fakeClock } from './helpers.js';

const TTL = 7200_000;

describe('TokenRegistry', () => {
  it('classic: each issue replaces the previous one after OVERLAP_MS (40001), expiry answers 42001', () => {
    const clock = fakeClock();
    const tokens = new TokenRegistry(TTL, clock.now);
    const a = tokens.issueClassic('wx');
    const b = tokens.issueClassic('wx');
    expect(tokens.check(a.value).ok).toBe(true);
    clock.advance(OVERLAP_MS);
    expect(tokens.check(a.value)).toEqual({ ok: false, errcode: 40001 });
    clock.advance(TTL);
    expect(tokens.check(b.value)).toEqual({ ok: false, errcode: 42001 });
  });

  it('classic tokens of another account are not replaced', () => {
    const clock = fakeClock();
    const tokens = new TokenRegistry(TTL, clock.now);
    const a = tokens.issueClassic('wxa');
    tokens.issueClassic('wxb');
    clock.advance(OVERLAP_MS);
    expect(tokens.check(a.value).ok).toBe(true);
  });

  it('stable: renewal window is 5 minutes of 7200 s, 1/24 of a shorter lifetime', () => {
    const clock = fakeClock();
    const tokens = new TokenRegistry(24_000, clock.now);
    const a = tokens.stableToken('wx', false);
    clock.advance(22_999);
    expect(tokens.stableToken('wx', false)).toBe(a);
    clock.advance(1);
    expect(tokens.stableToken('wx', false)).not.toBe(a);
  });

  it('invalidate() revokes now; a revoked token stays revoked after a later invalidate', () => {
    const clock = fakeClock();
    const tokens = new TokenRegistry(TTL, clock.now);
    const a = tokens.issueClassic('wx');
    tokens.invalidate('other');
    expect(tokens.valid()).toEqual([a.value]);
    tokens.invalidate();
    expect(tokens.valid()).toEqual([]);
    expect(tokens.check(a.value)).toEqual({ ok: false, errcode: 40001 });
  });

  it('forgets tokens a day after they stopped working (they then read as unknown: 40001)', () => {
    const clock = fakeClock();
    const tokens = new TokenRegistry(TTL, clock.now);
    const old = tokens.issueClassic('wx');
    clock.advance(TTL + 24 * 3_600_000 + 1);
    expect(tokens.check(old.value).ok).toBe(false);
    tokens.issueClassic('wx');
    expect(tokens.check(old.value)).toEqual({ ok: false, errcode: 40001 });
  });

  it('unknown values answer 40001', () => {
    expect(new TokenRegistry(TTL, Date.now).check('nope')).toEqual({ ok: false, errcode: 40001 });
  });
});
