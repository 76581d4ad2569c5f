// The containers that are not WeChat itself, and the self-healing url, in headless Chromium with the real builds:
// a mini-program web-view (jweixin 1.6.0's wx.miniProgram), and a page whose first candidate url WeChat refuses.
import { expect, it } from 'vitest';
import { bridgeState, DEMO_META, describeBrowser, openTab, settled, tapShare, useBrowserAndDemo } from './harness.js';

describeBrowser('mini-program web-views, and what WeChat itself downloads', () => {
  const env = useBrowserAndDemo();

  it('mini-program web-view: no signature, the share data posted to the mini-program, whose share uses it', async () => {
    const tab = await openTab(env.browser, 'miniprogram');
    try {
      await tab.page.goto(`${env.demo.base}/`);
      expect(await settled(tab.page)).toBe('ok');
      const card = { ...DEMO_META, link: `${env.demo.base}/`, imgUrl: `${env.demo.base}/img/share-card.jpg` };
      const state = await bridgeState(tab.page);
      expect(state.container).toBe('miniprogram');
      expect(state.miniProgramMessages).toEqual([card]);
      expect(state.verifications).toEqual([]); // no wx.config
      expect(tab.requests.filter((url) => url.includes('/wx/signature'))).toEqual([]);
      expect(tab.requests).toContain(`${env.demo.base}/share-apps.js`);
      expect(await tab.page.evaluate(() => (window as unknown as { __wxjs_environment?: string }).__wxjs_environment)).toBe('miniprogram');

      // The user shares from the mini-program's menu: its onShareAppMessage takes the last message.
      expect(await tapShare(tab.page, 'appmessage', 'ok')).toEqual({ target: 'appmessage', via: 'miniprogram', result: 'ok', card });
      await expect.poll(() => tab.page.getAttribute('[data-qa="mini-program-messages"]', 'data-count')).toBe('1');
      expect(await tab.page.textContent('[data-qa="status"]')).toContain('posted to the mini-program');
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });

  it('mini-program web-view, single-page app: every update() posts the new route’s share data again', async () => {
    const tab = await openTab(env.browser, 'miniprogram');
    try {
      await tab.page.goto(`${env.demo.base}/app/`);
      expect(await settled(tab.page)).toBe('ok');
      await tab.page.click('.shop-nav a[href="/app/tea/longjing"]');
      const titles = () => bridgeState(tab.page).then((state) => state.miniProgramMessages.map((m) => (m as { title: string }).title));
      await expect.poll(titles).toEqual(['Leaf & Cup — spring teas are in', 'Longjing (Dragon Well) — ¥128 / 50 g']);
      const last = (await bridgeState(tab.page)).miniProgramMessages.at(-1);
      expect(last).toMatchObject({ link: `${env.demo.base}/app/tea/longjing`, imgUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/img\//) });
      expect(tab.requests.filter((url) => url.includes('/wx/signature'))).toEqual([]);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });

  it.each(['ios', 'android'] as const)('%s WeChat downloads none of the WeCom, mini-program and debug code', async (platform) => {
    const tab = await openTab(env.browser, platform);
    try {
      await tab.page.goto(`${env.demo.base}/`);
      expect(await settled(tab.page)).toBe('ok');
      expect(tab.requests.filter((url) => /share-apps|share-containers|share-debug|wecom-jssdk|jweixin-1\.2/.test(url))).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });

  it('self-healing url: WeChat refuses the candidate the iOS rule picks, the client signs the other once and is accepted', async () => {
    // An iPad-like WeChat: its UA says iOS, but it verifies the current url. The page's router rewrites the url
    // after the client loaded, so the two candidates differ.
    const tab = await openTab(env.browser, 'ios', 'current');
    const logs: string[] = [];
    tab.page.on('console', (message) => logs.push(message.text()));
    await tab.page.route(`${env.demo.base}/heal/`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html><head><title>Heal</title>
          <script type="importmap">{ "imports": { "@share/client": "/client/share.js" } }</script>
          <script src="/__wechat/bridge.js"></script>
          <script type="module">
            import { share } from '@share/client';
            history.replaceState(null, '', '/heal/?step=2');
            window.outcome = share({ sdkUrl: '/jweixin-1.6.0.js', debug: true }).then((ok) => ({ ok }), (error) => ({ error }));
          </script></head><body></body></html>`,
      }),
    );
    try {
      await tab.page.goto(`${env.demo.base}/heal/`);
      const outcome = await tab.page.waitForFunction(() => (window as unknown as { outcome?: Promise<unknown> }).outcome).then((h) => h.jsonValue());
      const landing = `${env.demo.base}/heal/`;
      const current = `${env.demo.base}/heal/?step=2`;
      expect(outcome).toMatchObject({ ok: { url: current, appId: env.demo.demo.appId } });
      const signed = tab.requests.filter((url) => url.includes('/wx/signature')).map((url) => new URL(url).searchParams.get('url'));
      expect(signed).toEqual([landing, current]);
      await expect.poll(async () => (await bridgeState(tab.page)).verifications.map((v) => [v.url, v.errMsg])).toEqual([
        [current, 'preVerifyJSAPI:fail_invalid signature'],
        [current, 'preVerifyJSAPI:ok'],
      ]);
      const state = await bridgeState(tab.page);
      expect(state.invocations.filter((i) => i.name.startsWith('update')).map((i) => i.errMsg)).toEqual([
        'updateAppMessageShareData:ok',
        'updateTimelineShareData:ok',
      ]);
      expect(logs.some((line) => line.includes('config:invalid signature') && line.includes(landing))).toBe(true);
      expect(logs.some((line) => line.includes('accepted') && line.includes(current))).toBe(true);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });
});
