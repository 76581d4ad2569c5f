// The server-rendered page (/ssr/) in headless Chromium with the real jweixin 1.6.0 and the emulated WeChat bridge.
import { expect, it } from 'vitest';
import { DEFAULT_ACCOUNT } from '@share/wechat-mock';
import { bridgeState, describeBrowser, openTab, settled, useBrowserAndDemo } from './harness.js';

const signatureRequests = (requests: string[]) => requests.filter((url) => new URL(url).pathname === '/wx/signature');

describeBrowser('server-rendered page with the config in its HTML', () => {
  const env = useBrowserAndDemo();

  it.each(['ios', 'android'] as const)('%s WeChat: config ok with the share data of the page', async (platform) => {
    const tab = await openTab(env.browser, platform);
    try {
      await tab.page.goto(`${env.demo.base}/ssr/`);
      expect(await settled(tab.page)).toBe('ok');
      const state = await bridgeState(tab.page);
      expect(state.verifications).toEqual([expect.objectContaining({ url: `${env.demo.base}/ssr/`, appId: DEFAULT_ACCOUNT.appId, errMsg: 'preVerifyJSAPI:ok' })]);
      expect(state.appMessageShareData).toMatchObject({ title: 'Longjing, from leaf to cup', link: `${env.demo.base}/ssr/`, imgUrl: `${env.demo.base}/img/tea-longjing.jpg` });
      expect(await tab.page.getAttribute('#wx-share-config', 'type')).toBe('application/json');
      expect(signatureRequests(tab.requests)).toEqual([]); // configured from the page: no request to the signer
      // Preloaded: jweixin's download began before share.min.js had even arrived, and it was downloaded once.
      expect(tab.requests.filter((url) => new URL(url).pathname === '/jweixin-1.6.0.js')).toHaveLength(1);
      const timing = await tab.page.evaluate(() => {
        const entry = (path: string) => performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname === path) as PerformanceResourceTiming;
        return { jweixinStart: entry('/jweixin-1.6.0.js').startTime, shareMinEnd: entry('/share.min.js').responseEnd };
      });
      expect(timing.jweixinStart).toBeLessThan(timing.shareMinEnd);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });

  it.each(['ios', 'android'] as const)('%s WeChat: an inline url that does not match still configures, through the route', async (platform) => {
    const tab = await openTab(env.browser, platform);
    try {
      // The page as a stale cache or a proxy that signed the wrong url would serve it: the element names another url.
      const stale = `${env.demo.base}/ssr/?signed-for=another-url`;
      await tab.page.route(`${env.demo.base}/ssr/`, async (route) => {
        const response = await route.fetch();
        const html = (await response.text()).replace(/(id="wx-share-config">[^<]*"url":")[^"]*/, `$1${stale}`);
        expect(html).toContain(stale);
        await route.fulfill({ response, body: html });
      });
      await tab.page.goto(`${env.demo.base}/ssr/`);
      expect(await settled(tab.page)).toBe('ok');
      expect(signatureRequests(tab.requests).map((url) => new URL(url).searchParams.get('url'))).toEqual([`${env.demo.base}/ssr/`]);
      const state = await bridgeState(tab.page);
      expect(state.verifications).toEqual([expect.objectContaining({ url: `${env.demo.base}/ssr/`, errMsg: 'preVerifyJSAPI:ok' })]);
      await expect.poll(() => tab.page.getAttribute('[data-qa="config-source"]', 'data-source')).toBe('request');
      expect(await tab.page.textContent('[data-qa="config-source"]')).toContain('from a request');
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });

  it('the QA panel tells where the signature came from, as the network saw it', async () => {
    for (const path of ['/ssr/', '/']) {
      const tab = await openTab(env.browser, 'android');
      try {
        await tab.page.goto(`${env.demo.base}${path}`);
        expect(await settled(tab.page)).toBe('ok');
        // Whichever way the client went, the panel must say the same as the requests the page made.
        const expected = signatureRequests(tab.requests).length > 0 ? 'request' : 'page';
        expect(expected).toBe(path === '/' ? 'request' : 'page'); // only the server-rendered page has #wx-share-config
        await expect.poll(() => tab.page.getAttribute('[data-qa="config-source"]', 'data-source')).toBe(expected);
        const text = await tab.page.textContent('[data-qa="config-source"]');
        expect(text).toContain(expected === 'page' ? 'from the page' : 'from a request');
        if (path === '/ssr/') expect(text).toContain(`#wx-share-config: signed for ${env.demo.base}/ssr/`);
      } finally {
        await tab.context.close();
      }
    }
  });
});
