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

  it('WeChat 7.0.9 (open tags need 7.0.12): WeixinOpenTagsError reaches onError with its hint, sharing still works', async () => {
    const old = userAgents.android.replace(/MicroMessenger\/8\.0\.50/, 'MicroMessenger/7.0.9');
    const tab = await openTab(env.browser, 'android', undefined, old);
    const { page } = tab;
    try {
      await page.goto(`${env.demo.base}/app/`);
      await expect.poll(() => page.textContent('.panel')).toContain('WeixinOpenTagsError: WeChat 7.0.9 is older than 7.0.12');
      expect(await page.textContent('.panel')).toContain('in an iframe'); // the hint (the ESM build has the hint texts)
      const state = await bridgeState(page);
      expect(state.openTags).toEqual([]);
      expect(state.appMessageShareData?.title).toBe('Leaf & Cup — spring teas are in');
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

describeBrowser('issue 21: the script tag with data-js-api-list and data-open-tags', () => {
  const env = useBrowserAndDemo();

  const page = `<!doctype html><html><head><meta charset="utf-8"><title>Tag page</title>
<meta property="og:image" content="/img/share-card.jpg">
<script src="/__wechat/bridge.js"></script>
<script src="/wx/share.min.js" data-sdk-url="/jweixin-1.6.0.js" data-js-api-list="scanQRCode, chooseImage"
  data-open-tags="wx-open-launch-weapp"></script>
</head><body><h1>Tag page</h1></body></html>`;

  it.each(['android', 'ios'] as const)('%s: every wx.config, the first and the one after a route change, declares them', async (platform) => {
    const tab = await openTab(env.browser, platform);
    try {
      await tab.page.route(`${env.demo.base}/tag/**`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: page }));
      await tab.page.goto(`${env.demo.base}/tag/one`);
      const ready = await tab.page.evaluate(() => (window as unknown as { WxShare: { ready: Promise<{ available: boolean }> } }).WxShare.ready);
      expect(ready).toMatchObject({ available: true });
      // The page's own code takes the configured wx from the result, and a route change re-configures with the lists.
      await tab.page.evaluate(async () => {
        const client = (window as unknown as { WxShare: { ready: Promise<{ wx: unknown }>; update(data: object): Promise<unknown> } }).WxShare;
        if ((await client.ready).wx !== (window as unknown as { wx: unknown }).wx) throw new Error('result.wx is not jweixin');
        history.pushState(null, '', '/tag/two');
        await client.update({ title: 'Two' });
      });
      const state = await bridgeState(tab.page);
      expect(state.verifications.length).toBe(2);
      for (const verification of state.verifications) {
        expect(verification.errMsg).toBe('preVerifyJSAPI:ok');
        expect(verification.jsApiList).toEqual(expect.arrayContaining(['scanQRCode', 'chooseImage', 'updateAppMessageShareData']));
        expect(verification.openTagList).toEqual(['wx-open-launch-weapp']);
      }
      expect(state.appMessageShareData?.title).toBe('Two');
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });
});
