// data-debug in headless Chromium with the real jweixin 1.6.0: share.min.js import()s share-debug.js from next to
// itself, which logs every step and signs the url the page landed on (iOS) even when a router moved before it arrived.
import { expect, it } from 'vitest';
import { bridgeState, describeBrowser, openTab, useBrowserAndDemo } from './harness.js';

describeBrowser('the script tag with data-debug', () => {
  const env = useBrowserAndDemo();

  it('iOS: loads share-debug.js, logs each step, signs the landing url although the router moved right after the tag', async () => {
    const tab = await openTab(env.browser, 'ios');
    const logs: string[] = [];
    tab.page.on('console', (message) => logs.push(message.text()));
    await tab.page.route(`${env.demo.base}/debug/`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html><head><title>Debug</title>
          <script src="/__wechat/bridge.js"></script>
          <script src="/share.min.js" data-debug data-sdk-url="/jweixin-1.6.0.js"></script>
          <script>history.replaceState(null, '', '/debug/?step=2')</script>
          </head><body></body></html>`,
      }),
    );
    try {
      await tab.page.goto(`${env.demo.base}/debug/`);
      const outcome = await tab.page
        .waitForFunction(() => (window as unknown as { WxShare: { ready: Promise<unknown> } }).WxShare.ready.then((ok) => ({ ok }), (error) => ({ error })))
        .then((h) => h.jsonValue());
      const landing = `${env.demo.base}/debug/`;
      expect(outcome).toMatchObject({ ok: { url: landing, source: 'request' } });
      expect(tab.requests).toContain(`${env.demo.base}/share-debug.js`);
      const signed = tab.requests.filter((url) => url.includes('/wx/signature')).map((url) => new URL(url).searchParams.get('url'));
      expect(signed).toEqual([landing]);
      expect((await bridgeState(tab.page)).verifications.map((v) => [v.url, v.errMsg])).toEqual([[landing, 'preVerifyJSAPI:ok']]);
      expect(logs).toContain(`[share] sign ${landing}`);
      expect(logs.some((line) => line.startsWith(`[share] accepted ${landing} request`))).toBe(true);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });
});
