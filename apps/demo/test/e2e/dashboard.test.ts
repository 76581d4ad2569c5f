// The dashboard in Chromium: it reads GET /wx/analytics with the offline demo's key and draws views, arrivals by
// channel and shares as SVG bars, and the top pages; events posted meanwhile show up without a reload.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launch, startDemo, type RunningDemo } from './harness.js';

describeBrowser('the analytics dashboard', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'share-dashboard-'));
  let browser: Browser;
  let running: RunningDemo;
  beforeAll(async () => {
    running = await startDemo({ dataDir, warm: false });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (event: object) =>
    fetch(`${running.base}/wx/event`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(event) }).then((res) => expect(res.status).toBe(204));

  it('draws the counts and picks up new ones live', async () => {
    const page = `${running.base}/app/tea/longjing`;
    await post({ kind: 'view', url: page, from: 'groupmessage' });
    await post({ kind: 'view', url: page, from: 'timeline' });
    await post({ kind: 'share', url: page, api: 'onMenuShareAppMessage' });
    const tab = await browser.newPage();
    await tab.goto(`${running.base}/dashboard/`);
    await tab.waitForSelector('#top tr');
    expect(await tab.locator('#top tr td').allTextContents()).toEqual([page, '2', '2', '1']);
    expect(await tab.locator('#views svg rect').count()).toBe(1);
    expect(await tab.locator('#arrivals svg rect').count()).toBe(2);
    expect(await tab.locator('#arrivals .legend').textContent()).toMatch(/to a group 1.*on Moments 1/);
    expect(await tab.locator('#shares svg title').first().textContent()).toBe('Completed shares, by API');
    expect(await tab.locator('#views svg text').allTextContents()).toContain('0');

    await post({ kind: 'view', url: `${running.base}/`, from: 'singlemessage' });
    await tab.waitForFunction(() => document.querySelectorAll('#top tr').length === 2);
    expect(await tab.locator('#arrivals .legend').textContent()).toMatch(/to a friend 1/);
    await tab.close();
  });
});
