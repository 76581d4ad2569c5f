// The static page (script tag) in headless Chromium with the real jweixin 1.6.0 and the emulated WeChat bridge.
import { expect, it } from 'vitest';
import { DEFAULT_ACCOUNT } from '@share/wechat-mock';
import { bridgeState, DEMO_META, describeBrowser, openTab, settled, SEVEN_DECLARED, tapShare, useBrowserAndDemo } from './harness.js';

describeBrowser('static page with the script tag', () => {
  const env = useBrowserAndDemo();

  it.each(['ios', 'android'] as const)('%s WeChat: config ok, all seven APIs declared, share data from the metas', async (platform) => {
    const tab = await openTab(env.browser, platform);
    try {
      await tab.page.goto(`${env.demo.base}/`);
      expect(await settled(tab.page)).toBe('ok');
      const state = await bridgeState(tab.page);
      expect(state.platform).toBe(platform);
      expect(state.verifications).toHaveLength(1);
      const [verification] = state.verifications;
      expect(verification).toMatchObject({ url: `${env.demo.base}/`, appId: DEFAULT_ACCOUNT.appId, errMsg: 'preVerifyJSAPI:ok' });
      expect([...verification!.jsApiList].sort()).toEqual([...SEVEN_DECLARED].sort());

      const card = { ...DEMO_META, link: `${env.demo.base}/`, imgUrl: `${env.demo.base}/img/share-card.jpg` };
      expect(state.appMessageShareData).toEqual(card);
      expect(state.timelineShareData).toEqual({ title: card.title, link: card.link, imgUrl: card.imgUrl });
      expect([...state.listeners].sort()).toEqual(SEVEN_DECLARED.filter((api) => api.startsWith('menu:')).sort());
      expect(state.invocations.filter((i) => i.name.startsWith('update')).map((i) => i.errMsg)).toEqual([
        'updateAppMessageShareData:ok',
        'updateTimelineShareData:ok',
      ]);
      // Like on a phone, jweixin then asks the network type and sends its report beacon (blocked: no internet here).
      await expect.poll(() => tab.blocked.some((url) => url.startsWith('https://open.weixin.qq.com/sdk/report'))).toBe(true);
      expect(state.invocations.some((i) => i.name === 'getNetworkType')).toBe(true);

      // The user shares to a chat: WeChat takes the card from the legacy listener the client registered.
      const shared = await tapShare(tab.page, 'appmessage', 'ok');
      expect(shared).toEqual({ target: 'appmessage', via: 'legacy', result: 'ok', card });

      await expect.poll(() => tab.page.textContent('[data-qa="config"]')).toContain('config:ok');
      expect(await tab.page.textContent('[data-qa="signed-url"]')).toBe(`${env.demo.base}/`);
      // The QA panel runs the card check's rules (card-rules.ts, as the debug log and check-card do) on the card applied.
      const rows = await tab.page.$$eval('[data-rule-row]', (trs) => trs.map((tr) => [tr.getAttribute('data-rule-row'), tr.querySelector('.check')?.className, tr.querySelector('.check')?.textContent?.trim()]));
      expect(rows).toEqual([
        ['title', 'check ok', '✓ title, title-length'],
        ['desc', 'check ok', '✓ desc, desc-length'],
        ['link', 'check ok', '✓ link-host'],
        ['imgUrl', 'check ok', '✓ image-url, image-not-data, image-https'],
        ['og', 'check ok', '✓ og-tags'],
      ]);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });

  it('a url with a hash: the url is signed without it', async () => {
    const tab = await openTab(env.browser, 'ios');
    try {
      await tab.page.goto(`${env.demo.base}/?utm_source=qa#program`);
      expect(await settled(tab.page)).toBe('ok');
      const state = await bridgeState(tab.page);
      expect(state.verifications.map((v) => [v.url, v.errMsg])).toEqual([[`${env.demo.base}/?utm_source=qa`, 'preVerifyJSAPI:ok']]);
      const signatureRequests = tab.requests.filter((url) => url.includes('/wx/signature'));
      expect(signatureRequests).toEqual([`${env.demo.base}/wx/signature?url=${encodeURIComponent(`${env.demo.base}/?utm_source=qa`)}&view=1`]);
      expect(state.appMessageShareData?.link.startsWith(`${env.demo.base}/?utm_source=qa`)).toBe(true);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });

  it('a re-shared url (from, isappinstalled): redirected once, other parameters and the hash kept', async () => {
    const tab = await openTab(env.browser, 'android');
    try {
      await tab.page.goto(`${env.demo.base}/?a=1&from=singlemessage&isappinstalled=0&b=%E8%8C%B6#program`);
      expect(await settled(tab.page)).toBe('ok');
      expect(tab.page.url()).toBe(`${env.demo.base}/?a=1&b=%E8%8C%B6#program`);
      const documents = tab.requests.filter((url) => url.startsWith(`${env.demo.base}/?`));
      expect(documents).toEqual([`${env.demo.base}/?a=1&from=singlemessage&isappinstalled=0&b=%E8%8C%B6`, `${env.demo.base}/?a=1&b=%E8%8C%B6`]);
      const state = await bridgeState(tab.page);
      expect(state.verifications.map((v) => [v.url, v.errMsg])).toEqual([[`${env.demo.base}/?a=1&b=%E8%8C%B6`, 'preVerifyJSAPI:ok']]);
      const link = new URL(state.appMessageShareData!.link);
      expect([...link.searchParams.keys()]).toEqual(['a', 'b']);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });

  it.each(['ios', 'android'] as const)('%s: opened from a shared link, redirected; the first signature request reports the view and from', async (platform) => {
    const tab = await openTab(env.browser, platform);
    try {
      await tab.page.goto(`${env.demo.base}/?from=singlemessage`);
      expect(await settled(tab.page)).toBe('ok');
      expect(tab.navigations).toEqual([`${env.demo.base}/?from=singlemessage`, `${env.demo.base}/`]);
      const signatureRequests = tab.requests.filter((url) => new URL(url).pathname === '/wx/signature');
      expect(signatureRequests).toHaveLength(1);
      const query = new URL(signatureRequests[0]!).searchParams;
      expect([query.get('url'), query.get('view'), query.get('from')]).toEqual([`${env.demo.base}/`, '1', 'singlemessage']);
      // Read once: the redirect's copy is gone, a reload does not report the arrival again.
      expect(await tab.page.evaluate(() => sessionStorage.getItem('share:from'))).toBeNull();
      const before = tab.requests.length;
      await tab.page.reload();
      expect(await settled(tab.page)).toBe('ok');
      const again = tab.requests.slice(before).filter((url) => new URL(url).pathname === '/wx/signature');
      expect(again.map((url) => [new URL(url).searchParams.get('view'), new URL(url).searchParams.get('from')])).toEqual([['1', null]]);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });

  it('desktop browser: the emulation switch makes it WeChat on Android, then on iOS', async () => {
    const tab = await openTab(env.browser, 'desktop-android');
    try {
      await tab.page.goto(`${env.demo.base}/`);
      expect(await settled(tab.page)).toBe('ok');
      expect(await tab.page.evaluate(() => navigator.userAgent)).toMatch(/MicroMessenger\/8\.0\.50.*Android|Android.*MicroMessenger/);
      expect((await bridgeState(tab.page)).platform).toBe('android');
      expect(await tab.page.getAttribute('[data-mode="android"]', 'class')).toBe('on');

      await Promise.all([tab.page.waitForEvent('load'), tab.page.click('[data-mode="ios"]')]);
      expect(await settled(tab.page)).toBe('ok');
      const state = await bridgeState(tab.page);
      expect(state.platform).toBe('ios');
      expect(state.verifications.map((v) => v.errMsg)).toEqual(['preVerifyJSAPI:ok']);
      expect(await tab.page.evaluate(() => navigator.userAgent)).toContain('iPhone');
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });
});
