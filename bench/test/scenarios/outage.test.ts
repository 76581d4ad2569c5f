import { afterAll, describe, expect, it } from 'vitest';
import { killAll, liveCount } from '../../src/children.js';
import { runOutage } from '../../src/scenarios/outage.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { upstreamCalls } from '../../src/targets.js';

afterAll(() => killAll());

describe('outage scenario', () => {
  it('takes both libraries through a short outage at once, counts their upstream calls, and sees them recover', async () => {
    const skipped: string[] = [];
    // Recovery is waited for as an event: the bound only has to exceed a 30 s back-off.
    const settings = { ...DEFAULT_SETTINGS, outageSeconds: 2, outageClients: 3, outagePauseMs: 20, outageRecoverySeconds: 45 };
    const rows = await runOutage({ settings, cpuProfDir: undefined, log: () => {}, skip: (r) => skipped.push(r) });
    expect(skipped).toEqual([]);
    expect(rows.map((row) => row.key)).toEqual(['ours', 'theirs']);
    for (const row of rows) {
      expect(row.clients).toBe(3);
      // Node's timers may fire up to a millisecond before performance.now() says the delay is over.
      expect(row.outageSeconds).toBeGreaterThanOrEqual(1.99);
      // Cold, with WeChat down: no request could be signed, and each library asked WeChat at least once.
      expect(row.answers.ok).toBe(0);
      expect(row.answers.unavailable + row.answers.otherStatus + row.answers.failed).toBeGreaterThan(0);
      expect(upstreamCalls(row.calls)).toBeGreaterThanOrEqual(1);
      // Once WeChat answers again, a 200 comes within the bound.
      expect(row.recoverySeconds).toBeGreaterThanOrEqual(0);
      expect(row.recoverySeconds).toBeLessThanOrEqual(45);
    }
    // wechat-jssdk only knows the classic token call, and never got as far as getticket.
    expect(rows[1]?.calls).toMatchObject({ stableToken: 0, ticket: 0 });
    expect(liveCount()).toBe(0);
  });
}, 180_000);
