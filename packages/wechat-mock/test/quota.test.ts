import { describe, expect, it } from 'vitest';
import { DailyQuota, chinaDay } from '../src/quota.js';
import { fakeClock } from './helpers.js';

describe('chinaDay', () => {
  it('changes at midnight UTC+8 (16:00 UTC)', () => {
    expect(chinaDay(Date.UTC(2025, 0, 1, 15, 59, 59, 999))).toBe(chinaDay(Date.UTC(2025, 0, 1, 0, 0)));
    expect(chinaDay(Date.UTC(2025, 0, 1, 16, 0))).toBe(chinaDay(Date.UTC(2025, 0, 1, 15, 59)) + 1);
  });
});

describe('DailyQuota', () => {
  it('allows `limit` uses per key per day, counts nothing when refused, resets the next day', () => {
    const clock = fakeClock(Date.UTC(2025, 0, 1, 15, 0));
    const quota = new DailyQuota(2, clock.now);
    expect([quota.take('a'), quota.take('a'), quota.take('a')]).toEqual([true, true, false]);
    expect(quota.count('a')).toBe(2);
    expect(quota.take('b')).toBe(true);
    clock.advance(3_600_000);
    expect(quota.count('a')).toBe(0);
    expect(quota.take('a')).toBe(true);
  });

  it('a limit of 0 refuses everything', () => {
    expect(new DailyQuota(0, Date.now).take('a')).toBe(false);
  });
});
