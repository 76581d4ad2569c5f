import { describe, expect, it } from 'vitest';
import { addDays, checkTimeZone, dayOf, daysBetween, isDay } from '../../src/analytics/day.js';

describe('dayOf', () => {
  it('starts a Shanghai day at 16:00 UTC the day before', () => {
    expect(dayOf(Date.UTC(2026, 2, 9, 15, 59, 59, 999), 'Asia/Shanghai')).toBe('2026-03-09');
    expect(dayOf(Date.UTC(2026, 2, 9, 16, 0, 0, 0), 'Asia/Shanghai')).toBe('2026-03-10');
  });

  it('follows a zone across its daylight-saving change (New York, 8 March 2026: midnight is 05:00 UTC before, 04:00 after)', () => {
    expect(dayOf(Date.UTC(2026, 2, 8, 4, 59), 'America/New_York')).toBe('2026-03-07');
    expect(dayOf(Date.UTC(2026, 2, 8, 5, 0), 'America/New_York')).toBe('2026-03-08');
    expect(dayOf(Date.UTC(2026, 2, 9, 3, 59), 'America/New_York')).toBe('2026-03-08');
    expect(dayOf(Date.UTC(2026, 2, 9, 4, 0), 'America/New_York')).toBe('2026-03-09');
  });

  it('rejects an unknown zone with a message naming a real one', () => {
    expect(() => checkTimeZone('Mars/Olympus')).toThrow(/unknown time zone "Mars\/Olympus".*Asia\/Shanghai/);
    expect(() => checkTimeZone('Europe/Berlin')).not.toThrow();
  });
});

describe('calendar days', () => {
  it('adds days across months, leap days and years', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-01-01', -399)).toBe('2024-11-28');
    expect(daysBetween('2026-03-01', '2026-03-01')).toBe(1);
    expect(daysBetween('2026-02-27', '2026-03-02')).toBe(4);
  });

  it('knows a real day from a look-alike', () => {
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-2-1')).toBe(false);
    expect(() => addDays('yesterday', 1)).toThrow(/not a day/);
  });
});
