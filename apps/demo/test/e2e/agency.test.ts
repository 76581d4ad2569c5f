// The agency page in headless Chromium: a brand authorizes the platform on the emulated authorization page, then its
// share page, opened from the agency page as emulated WeChat, configures with the brand's appId.
import { expect, it } from 'vitest';
import { DEMO_BRANDS } from '../../src/platform.js';
import { bridgeState, describeBrowser, openTab, settled, useBrowserAndDemo } from './harness.js';

const brand = DEMO_BRANDS[0]!;
const row = `tr[data-brand="${brand.appId}"]`;

describeBrowser('the agency page', () => {
  const env = useBrowserAndDemo();

  it("authorize a brand, then its page in emulated WeChat: config ok with the brand's appId and card", async () => {
    await env.demo.demo.listening(env.demo.base);
    const tab = await openTab(env.browser, 'plain');
    try {
      await tab.page.goto(`${env.demo.base}/agency/`);
      await tab.page.waitForSelector(`${row} [data-state="not-authorized"]`);

      // Authorize opens WeChat's (emulated) authorization page in a new tab; the administrator "scans" as the brand.
      const [login] = await Promise.all([tab.context.waitForEvent('page'), tab.page.click(`${row} [data-action="authorize"]`)]);
      await login.waitForSelector(`a[data-appid="${brand.appId}"]`);
      await login.click(`a[data-appid="${brand.appId}"]`);
      await login.waitForFunction((appId) => document.body.textContent?.includes(`Authorized: ${appId}.`), brand.appId);
      await login.close();

      // The agency page asks share again (every 3 s while visible) and sees the brand signed for.
      await tab.page.waitForSelector(`${row} [data-state="authorized"]`, { timeout: 10_000 });
      expect(await tab.page.textContent(`${row} [data-state]`)).toBe(`authorized · signs with appId ${brand.appId}`);

      // Opened from the agency page, the brand's page runs as WeChat (the bridge emulation, iOS by default).
      await Promise.all([tab.page.waitForURL(`${env.demo.base}/agency/brands/${brand.appId}/`), tab.page.click(`${row} [data-action="open"]`)]);
      expect(await settled(tab.page)).toBe('ok');
      const state = await bridgeState(tab.page);
      expect(state.platform).toBe('ios');
      expect(state.verifications.map((v) => [v.url, v.appId, v.errMsg])).toEqual([
        [`${env.demo.base}/agency/brands/${brand.appId}/`, brand.appId, 'preVerifyJSAPI:ok'],
      ]);
      expect(state.appMessageShareData).toEqual({
        title: brand.title,
        desc: brand.desc,
        link: `${env.demo.base}/agency/brands/${brand.appId}/`,
        imgUrl: `${env.demo.base}${brand.image}`,
      });
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });
});
