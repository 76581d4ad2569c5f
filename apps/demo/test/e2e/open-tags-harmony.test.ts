// Issue 21 in the single-page app, real jweixin 1.6.0 and the emulated bridge in headless Chromium: the open tag
// (wx-open-launch-weapp) declared in every wx.config, and HarmonyOS NEXT WeChat healing the configuration after a
// route change whichever url its bridge verifies.
import { expect, it } from 'vitest';
import { userAgents } from '@share/wechat-mock/bridge';
import { bridgeState, describeBrowser, openTab, settled, useBrowserAndDemo } from './harness.js';

describeBrowser('issue 21: open tags and HarmonyOS WeChat in the single-page app', () => {
  const env = useBrowserAndDemo();

  it('the open tag is in every wx.config, is rendered after the route change and launches on a tap', async () => {
    const tab = await openTab(env.browser, 'android');
    const { page } = tab;
    try {
      await page.goto(`${env.demo.base}/app/`);
      expect(await settled(page)).toBe('ok');
      await page.click('.shop-nav a[href="/app/tea/longjing"]');
      const tag = page.locator('wx-open-launch-weapp');
      // WeChat renders the tag's template once a configuration for this url allows it: the emulator does the same.
      await expect.poll(async () => (await bridgeState(page)).openTags).toEqual(['wx-open-launch-weapp']);
      await expect.poll(() => tag.evaluate((element) => element.shadowRoot?.textContent ?? '')).toContain('Order in our mini-program');
      const launched = tag.evaluate((element) => new Promise((resolve) => element.addEventListener('launch', () => resolve('launch'))));
      await tag.click();
      expect(await launched).toBe('launch');
      const state = await bridgeState(page);
      expect(state.verifications.map((v) => [v.url, v.errMsg, v.openTagList])).toEqual([
        [`${env.demo.base}/app/`, 'preVerifyJSAPI:ok', ['wx-open-launch-weapp']],
        [`${env.demo.base}/app/tea/longjing`, 'preVerifyJSAPI:ok', ['wx-open-launch-weapp']],
      ]);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });

  it('an iPhone also configures again after a route change when the page has open tags (the landing url each time)', async () => {
    const tab = await openTab(env.browser, 'ios');
    const { page } = tab;
    try {
      await page.goto(`${env.demo.base}/app/`);
      expect(await settled(page)).toBe('ok');
      await page.click('.shop-nav a[href="/app/tea/longjing"]');
      await expect.poll(async () => (await bridgeState(page)).verifications.length).toBe(2);
      const state = await bridgeState(page);
      expect(state.verifications.map((v) => [v.url, v.errMsg])).toEqual([
        [`${env.demo.base}/app/`, 'preVerifyJSAPI:ok'],
        [`${env.demo.base}/app/`, 'preVerifyJSAPI:ok'],
      ]);
      await expect.poll(() => page.locator('wx-open-launch-weapp').evaluate((e) => Boolean(e.shadowRoot))).toBe(true);
    } finally {
      await tab.context.close();
    }
  });

  it.each([
    ['its default (the landing url, as measured)', undefined],
    ['the landing url', 'landing'],
    ['the current url', 'current'],
  ] as const)(
    'HarmonyOS NEXT WeChat verifying %s: ends configured with the new card after a route change',
    async (_, verifies) => {
      const tab = await openTab(env.browser, 'android', verifies, userAgents.harmony);
      const { page } = tab;
      try {
        await page.goto(`${env.demo.base}/app/`);
        expect(await settled(page)).toBe('ok');
        expect(await page.textContent('[data-qa="environment"], .panel')).toContain('HarmonyOS');
        await page.click('.shop-nav a[href="/app/tea/longjing"]');
        const shareTitle = () => bridgeState(page).then((state) => state.appMessageShareData?.title);
        await expect.poll(shareTitle).toBe('Longjing (Dragon Well) — ¥128 / 50 g');
        const state = await bridgeState(page);
        const accepted = state.verifications.filter((v) => v.errMsg === 'preVerifyJSAPI:ok');
        // The last configuration WeChat saw was accepted, and never more than two for a url.
        expect(state.verifications.at(-1)!.errMsg).toBe('preVerifyJSAPI:ok');
        expect(accepted.length).toBe(2);
        expect(state.verifications.length).toBeLessThanOrEqual(4);
        const last = state.invocations.filter((i) => i.name === 'updateAppMessageShareData').at(-1)!;
        expect([last.args.title, last.errMsg]).toEqual(['Longjing (Dragon Well) — ¥128 / 50 g', 'updateAppMessageShareData:ok']);
        expect(await page.textContent('[data-qa="events"]').catch(() => '')).not.toContain('invalid signature —');
        expect(tab.errors).toEqual([]);
      } finally {
        await tab.context.close();
      }
    },
  );
});
