// The demo counts with the SQLite store: views and arrivals from signature requests, shares from beacons, the read
// route behind the demo's key, the dashboard page; and the counts are still there after the demo restarts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_ANALYTICS_KEY } from '../src/options.js';
import { startDemo, type RunningDemo } from './e2e/harness.js';

const dataDir = mkdtempSync(join(tmpdir(), 'share-demo-analytics-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function counts(running: RunningDemo) {
  const res = await fetch(`${running.base}/wx/analytics`, { headers: { authorization: `Bearer ${DEMO_ANALYTICS_KEY}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as { days: { page: string; counts: Record<string, number> }[]; top: { page: string; counts: Record<string, number> }[] };
}

describe('demo analytics', () => {
  it('counts a shared-link visit and a share, and keeps them across a restart', async () => {
    const first = await startDemo({ dataDir, warm: false });
    const page = `${first.base}/`;
    const sign = await fetch(`${first.base}/wx/signature?url=${encodeURIComponent(`${page}?from=timeline`)}&view=1&from=timeline`);
    expect(await sign.json()).toMatchObject({ events: '/wx/event' });
    const beacon = await fetch(`${first.base}/wx/event`, { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: JSON.stringify({ kind: 'share', url: page, api: 'onMenuShareTimeline' }) });
    expect(beacon.status).toBe(204);
    const expected = { views: 1, 'arrival:timeline': 1, 'share:onMenuShareTimeline': 1 };
    expect((await counts(first)).top).toEqual([{ page, counts: expected }]);
    await first.close();

    const second = await startDemo({ dataDir, warm: false });
    try {
      // Another port, so another page url: the first one's counts are read back from the file.
      expect((await counts(second)).top).toEqual([{ page, counts: expected }]);
    } finally {
      await second.close();
    }
  });

  it('answers the read route only with the key, tells the offline dashboard its key, and serves the dashboard', async () => {
    const running = await startDemo({ dataDir, warm: false });
    try {
      const refused = await fetch(`${running.base}/wx/analytics`);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer');
      expect(await (await fetch(`${running.base}/__demo/mode.json`)).json()).toMatchObject({ analyticsKey: DEMO_ANALYTICS_KEY });
      const dashboard = await fetch(`${running.base}/dashboard/`);
      expect(dashboard.status).toBe(200);
      expect(await dashboard.text()).toContain('<script type="module" src="/dashboard/dashboard.js">');
    } finally {
      await running.close();
    }
  });

  it('with WX_ANALYTICS_KEYS set, keeps the key from the dashboard', async () => {
    const running = await startDemo({ dataDir, warm: false, analyticsKeys: ['owner-key-0123456789abcdef'] });
    try {
      expect(await (await fetch(`${running.base}/__demo/mode.json`)).json()).not.toHaveProperty('analyticsKey');
      expect((await fetch(`${running.base}/wx/analytics`, { headers: { authorization: `Bearer ${DEMO_ANALYTICS_KEY}` } })).status).toBe(401);
    } finally {
      await running.close();
    }
  });
});
