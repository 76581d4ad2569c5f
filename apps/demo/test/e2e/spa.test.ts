// The single-page app (ESM API, history.pushState routes) in headless Chromium on emulated iOS and Android WeChat.
import { expect, it } from 'vitest';
import { bridgeState, describeBrowser, openTab, settled, useBrowserAndDemo } from './harness.js';

describeBrowser('single-page app with the ESM API', () => {
  const env = useBrowserAndDemo();

  it.each(['ios', 'android'] as const)('%s WeChat: route changes keep a valid signature and move the share card', async (platform) => {
    const tab = await openTab(env.browser, platform);
    const { page } = tab;
    try {
      await page.goto(`${env.demo.base}/app/`);
      expect(await settled(page)).toBe('ok');
      const shareTitle = () => bridgeState(page).then((state) => state.appMessageShareData?.title);
      expect(await shareTitle()).toBe('Leaf & Cup — spring teas are in');

      await page.click('.shop-nav a[href="/app/tea/longjing"]');
      await expect.poll(shareTitle).toBe('Longjing (Dragon Well) — ¥128 / 50 g');
      await page.click('.shop-nav a[href="/app/about?ref=nav"]');
      await expect.poll(shareTitle).toBe('About Leaf & Cup');
      expect(page.url()).toBe(`${env.demo.base}/app/about?ref=nav`);

      const state = await bridgeState(page);
      const verified = state.verifications.map((v) => [v.url, v.errMsg]);
      if (platform === 'ios') {
        // iOS verifies the landing url: every wx.config (if the client makes more than one) signs it.
        expect(verified.length).toBeGreaterThanOrEqual(1);
        for (const [url, errMsg] of verified) expect([url, errMsg]).toEqual([`${env.demo.base}/app/`, 'preVerifyJSAPI:ok']);
      } else {
        expect(verified).toEqual([
          [`${env.demo.base}/app/`, 'preVerifyJSAPI:ok'],
          [`${env.demo.base}/app/tea/longjing`, 'preVerifyJSAPI:ok'],
          [`${env.demo.base}/app/about?ref=nav`, 'preVerifyJSAPI:ok'],
        ]);
      }
      // Every share call was accepted: the emulator refuses them when the url WeChat checks was not signed.
      const updates = state.invocations.filter((i) => i.name.startsWith('update'));
      expect(updates).toHaveLength(6);
      for (const update of updates) expect(update.errMsg).toMatch(/:ok$/);
      expect(state.appMessageShareData).toEqual({
        title: 'About Leaf & Cup',
        desc: 'A two-person tea shop that tastes every harvest before it sells it.',
        link: `${env.demo.base}/app/about?ref=nav`,
        imgUrl: `${env.demo.base}/img/share-card.jpg`,
      });

      // A share through the legacy API reaches the app's onShare callback, shown in the panel.
      await page.click('[data-share="appmessage:cancel"]');
      await expect.poll(() => page.textContent('[data-qa="events"]')).toContain('onMenuShareAppMessage: cancel');
      expect(await settled(page)).toBe('ok');
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });
});
