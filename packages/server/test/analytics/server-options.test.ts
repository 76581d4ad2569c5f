import { describe, expect, it } from 'vitest';
import { ANALYTICS_DEFAULTS } from '../../src/analytics/defaults.js';
import { MemoryAnalyticsStore } from '../../src/analytics/memory-store.js';
import { resolveOptions, type Options } from '../../src/options.js';
import { spyLogger } from '../helpers/fakes.js';

const KEY = 'analytics-key-0123456789';
const creds = { appId: 'wxtestappid000001', appSecret: 'test-app-secret-value' };
const resolve = (analytics: Options['analytics'], env: NodeJS.ProcessEnv = {}, more: Options = {}) => {
  const logger = spyLogger();
  return { config: resolveOptions({ ...creds, logger, analytics, ...more }, env).analytics, logger };
};

describe('the analytics option', () => {
  it.each([undefined, false])('%s is off', (value) => {
    expect(resolve(value).config).toBeUndefined();
  });

  it('true: the defaults, a memory store with a warning that names the file store, no read route', () => {
    const { config, logger } = resolve(true);
    expect(config).toEqual({
      store: expect.any(MemoryAnalyticsStore),
      keys: [],
      timeZone: ANALYTICS_DEFAULTS.timeZone,
      maxPages: ANALYTICS_DEFAULTS.maxPages,
      retentionDays: ANALYTICS_DEFAULTS.retentionDays,
      flushIntervalMs: ANALYTICS_DEFAULTS.flushIntervalMs,
      eventsPerMinute: ANALYTICS_DEFAULTS.eventsPerMinute,
      maxPendingEntries: ANALYTICS_DEFAULTS.maxPendingEntries,
      logger,
      now: Date.now,
      eventPath: '/wx/event',
      readPath: '/wx/analytics',
    });
    expect(logger.warnings.join('\n')).toMatch(/lost when the process ends.*@share\/analytics-sqlite/);
  });

  it('an object with a store: no warning, its values over the defaults, frozen options untouched', () => {
    const store = new MemoryAnalyticsStore();
    const given = Object.freeze({ store, keys: Object.freeze([KEY]) as string[], timeZone: 'UTC', maxPages: 5, retentionDays: 30, eventsPerMinute: 10, flushIntervalMs: undefined });
    const { config, logger } = resolve(given);
    expect(config).toMatchObject({ store, keys: [KEY], timeZone: 'UTC', maxPages: 5, retentionDays: 30, eventsPerMinute: 10, flushIntervalMs: 1000 });
    expect(logger.warnings).toEqual([]);
  });

  it('reads WX_ANALYTICS_KEYS (comma-separated) when keys are not given; the option wins', () => {
    expect(resolve(true, { WX_ANALYTICS_KEYS: ` ${KEY}, other-key-0123456789abc ` }).config!.keys).toEqual([KEY, 'other-key-0123456789abc']);
    expect(resolve({ keys: [KEY] }, { WX_ANALYTICS_KEYS: 'other-key-0123456789abc' }).config!.keys).toEqual([KEY]);
    expect(resolve(undefined, { WX_ANALYTICS_KEYS: KEY }).config).toBeUndefined();
  });

  it.each([
    [{ key: [KEY] }, /unknown option `analytics.key`/],
    [{ logger: console }, /analytics.logger is not taken here: analytics report through the `logger` option of wxShare\(\)/],
    ['yes', /analytics must be true, false, or/],
    [{ keys: ['short'] }, /analytics.keys\[0\] must be a string of at least 16 characters/],
    [{ keys: [] }, /analytics.keys must list at least one key/],
    [{ eventsPerMinute: 0 }, /`analytics.eventsPerMinute` must be a whole number/],
  ])('throws for %j in words', (value, message) => {
    expect(() => resolve(value as Options['analytics'])).toThrow(message);
  });

  it('a short WX_ANALYTICS_KEYS key is named by its position, never shown', () => {
    expect(() => resolve(true, { WX_ANALYTICS_KEYS: 'tiny-secret' })).toThrow(/WX_ANALYTICS_KEYS\[0\]/);
    expect(() => resolve(true, { WX_ANALYTICS_KEYS: 'tiny-secret' })).not.toThrow(/tiny-secret/);
  });

  it('puts the routes next to path, and refuses a path that collides with them', () => {
    expect(resolve(true, {}, { path: '/api/sign' }).config).toMatchObject({ eventPath: '/api/event', readPath: '/api/analytics' });
    expect(() => resolve(true, {}, { path: '/event' })).toThrow(/\/event is taken by another route/);
    expect(() => resolve(true, {}, { tokenService: { keys: [KEY], path: '/wx/analytics' } })).toThrow(/taken by another route/);
  });
});
