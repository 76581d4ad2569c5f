// The server's counter: createAnalytics over wxShare()'s resolved analytics settings, every bound passed on.
import { describe, expect, it } from 'vitest';
import { counterOf } from '../../src/analytics/counter.js';
import { resolveOptions } from '../../src/options.js';
import { MemoryAnalyticsStore } from '../../src/analytics/memory-store.js';
import { fakeClock, spyLogger } from '../helpers/fakes.js';

describe('counterOf', () => {
  it('is off without analytics', () => {
    expect(counterOf(resolveOptions({ appId: 'wx1234567890abcdef', appSecret: 'secret', logger: spyLogger() }))).toBeUndefined();
  });

  it("passes maxPendingEntries on: a hung store holds that many counters, the rest are dropped and logged", () => {
    const store = new MemoryAnalyticsStore();
    let writes = 0;
    store.increment = () => {
      writes++;
      return new Promise<never>(() => {});
    };
    const logger = spyLogger();
    const config = resolveOptions({
      appId: 'wx1234567890abcdef', appSecret: 'secret', logger, now: fakeClock(),
      analytics: { store, maxPendingEntries: 7 },
    });
    const analytics = counterOf(config)!;
    for (let i = 0; i < 20; i++) analytics.record({ kind: 'view', url: `https://a.example/${i}` });
    expect(writes).toBe(1);
    expect(logger.warnings.join('\n')).toMatch(/7 counters are held while one write is in flight/);
    expect(logger.warnings.join('\n')).toMatch(/1 count\(s\) dropped/);
  });
});
