// Issue 14's done-when in Chromium: a page opened from a shared link and then shared shows up in the read route the
// dashboard draws from, the counts are still there after the demo restarts on the same data folder, and the read
// route answers only with the key.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_ANALYTICS_KEY } from '../../src/options.js';
import { describeBrowser, launch, openTab, settled, startDemo, tapShare, type RunningDemo } from './harness.js';

interface Row {
  page: string;
  counts: Record<string, number>;
}

describeBrowser('analytics from the client to the dashboard', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'share-analytics-e2e-'));
  let browser: Browser;
  let running: RunningDemo | undefined;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const read = async (key?: string) => {
    const headers: Record<string, string> = key === undefined ? {} : { authorization: `Bearer ${key}` };
    return fetch(`${running!.base}/wx/analytics`, { headers });
  };
  /** The read route's top rows once `ready` holds for them (the counts are written in batches, about once a second). */
  const topWhen = async (ready: (top: Row[]) => boolean): Promise<Row[]> => {
    for (;;) {
      const body = (await (await read(DEMO_ANALYTICS_KEY)).json()) as { top: Row[] };
      if (ready(body.top)) return body.top;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  it('counts the view, the arrival by channel and the completed share, and keeps them across a restart', async () => {
    running = await startDemo({ dataDir, warm: false });
    const page = `${running.base}/`;
    const tab = await openTab(browser, 'android');
    await tab.page.goto(`${running.base}/?from=timeline&isappinstalled=0`);
    expect(await settled(tab.page)).toBe('ok');
    expect(tab.page.url()).toBe(page); // the canonical redirect took WeChat's parameters away
    const signing = tab.requests.filter((url) => url.includes('/wx/signature?'));
    expect(signing).toHaveLength(1);
    expect(signing[0]).toContain('&view=1&from=timeline');

    const beacon = tab.page.waitForResponse((response) => response.url().endsWith('/wx/event') && response.request().method() === 'POST');
    await tapShare(tab.page, 'appmessage', 'ok');
    const answered = await beacon;
    expect(JSON.parse(answered.request().postData()!)).toEqual({ kind: 'share', url: page, api: 'onMenuShareAppMessage' });
    expect(answered.status()).toBe(204);
    await tab.context.close();

    const expected = { views: 1, 'arrival:timeline': 1, 'share:onMenuShareAppMessage': 1 };
    const top = await topWhen((rows) => rows.some((row) => row.page === page && row.counts['share:onMenuShareAppMessage'] === 1));
    expect(top.find((row) => row.page === page)!.counts).toEqual(expected);

    expect((await read()).status).toBe(401);
    expect((await read('not-the-key-of-this-demo')).status).toBe(401);

    await running.close();
    running = await startDemo({ dataDir, warm: false });
    const after = (await (await read(DEMO_ANALYTICS_KEY)).json()) as { top: Row[] };
    expect(after.top.find((row) => row.page === page)?.counts).toEqual(expected); // the page as first served (its port)
  });

  it('WeCom: a page opened from a shared link reports its view and arrival with its container=wecom request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'share-analytics-wecom-e2e-'));
    const wecom = await startDemo({ dataDir: dir, warm: false });
    try {
      const tab = await openTab(browser, 'wecom');
      await tab.page.goto(`${wecom.base}/?from=groupmessage&isappinstalled=0`);
      expect(await settled(tab.page)).toBe('ok');
      expect(tab.page.url()).toBe(`${wecom.base}/`);
      const signing = tab.requests.filter((url) => url.includes('/wx/signature?'));
      expect(signing).toEqual([`${wecom.base}/wx/signature?container=wecom&url=${encodeURIComponent(`${wecom.base}/`)}&view=1&from=groupmessage`]);
      await tab.context.close();
      const headers = { authorization: `Bearer ${DEMO_ANALYTICS_KEY}` };
      for (;;) {
        const { top } = (await (await fetch(`${wecom.base}/wx/analytics`, { headers })).json()) as { top: Row[] };
        const counts = top.find((row) => row.page === `${wecom.base}/`)?.counts;
        if (counts) {
          expect(counts).toEqual({ views: 1, 'arrival:groupmessage': 1 });
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100)); // written in batches, about once a second
      }
    } finally {
      await wecom.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
