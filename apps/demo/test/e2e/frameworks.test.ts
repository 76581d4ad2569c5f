// share() and update() called the way framework effects call them, through a re-shared link (WeChat's `from` and
// isappinstalled in the url): React (a child's effect before its parent's, strict mode running each twice) and Vue
// (the root's mounted hook, then the router's afterEach). Plain module scripts stand in for the frameworks: they make
// the same calls in the same order without installing React or Vue. Real jweixin, emulated bridge, headless Chromium.
import { expect, it } from 'vitest';
import { bridgeState, describeBrowser, openTab, useBrowserAndDemo } from './harness.js';

/** The calls each framework's effects make on a page load, none awaited (effects do not wait). */
const FLOWS = {
  // React 18 strict mode: effects run, clean up, run again; children's effects run before their parent's.
  react: `for (let run = 0; run < 2; run += 1) { calls.push(update({ title: 'Item 7' })); calls.push(share(options)); }`,
  // Vue: the root component's mounted hook, then router.afterEach for the initial route.
  vue: `calls.push(share(options)); calls.push(update({ title: 'Item 7' }));`,
} as const;

const page = (flow: keyof typeof FLOWS) => `<!doctype html><html><head><meta charset="utf-8"><title>Item 7</title>
<meta property="og:image" content="/img/share-card.jpg">
<script type="importmap">{ "imports": { "@share/client": "/client/share.js" } }</script>
<script src="/__wechat/bridge.js"></script>
<script type="module">
  import { share, update } from '@share/client';
  const options = { sdkUrl: '/jweixin-1.6.0.js', title: 'Item 7', onError: (failure) => window.failures.push(failure) };
  const calls = [];
  window.failures = [];
  ${FLOWS[flow]}
  window.results = Promise.all(calls);
</script></head><body><h1>Item 7</h1></body></html>`;

describeBrowser('framework effects through a re-shared link', () => {
  const env = useBrowserAndDemo();

  it.each(['react', 'vue'] as const)('%s: one redirect, only the cleaned url signed, `from` sent with it', async (flow) => {
    const tab = await openTab(env.browser, 'android');
    try {
      await tab.page.route(`${env.demo.base}/flow/**`, (route) =>
        route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: page(flow) }),
      );
      const clean = `${env.demo.base}/flow/${flow}?id=7`;
      await tab.page.goto(`${env.demo.base}/flow/${flow}?id=7&from=singlemessage&isappinstalled=0`);
      await tab.page.waitForURL(clean);
      await expect.poll(() => bridgeState(tab.page).then((state) => state.appMessageShareData?.title)).toBe('Item 7');
      const results = await tab.page.evaluate(() => (window as unknown as { results: Promise<{ url: string }[]> }).results);
      expect(new Set(results.map((result) => result.url))).toEqual(new Set([clean]));
      const signed = tab.requests.filter((url) => url.includes('/wx/signature'));
      expect(signed.length).toBeGreaterThanOrEqual(1);
      for (const request of signed) expect(new URL(request).searchParams.get('url')).toBe(clean); // never the un-cleaned url
      // WeChat's from reached the server once, with the first signature request of the cleaned page.
      expect(signed.filter((request) => new URL(request).searchParams.get('from') === 'singlemessage')).toHaveLength(1);
      expect(tab.navigations.filter((url) => url.includes('from='))).toHaveLength(1); // the re-shared link, then the redirect
      expect(await tab.page.evaluate(() => (window as unknown as { failures: unknown[] }).failures)).toEqual([]);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });

  it.each(['react', 'vue'] as const)('%s outside WeChat: resolves "not available", no request, no unhandled rejection', async (flow) => {
    const tab = await openTab(env.browser, 'plain');
    try {
      await tab.page.route(`${env.demo.base}/flow/**`, (route) =>
        route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: page(flow) }),
      );
      await tab.page.goto(`${env.demo.base}/flow/${flow}?id=7`);
      const results = await tab.page.evaluate(() => (window as unknown as { results: Promise<unknown[]> }).results);
      expect(results).toEqual(results.map(() => ({ available: false, reason: 'not in WeChat' })));
      expect(tab.requests.filter((url) => url.includes('/wx/signature') || url.includes('jweixin'))).toEqual([]);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });
});
