// A static site on another origin than the signing API (page on localhost, API on 127.0.0.1), through the script tag.
import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bridgeState, describeBrowser, launch, listen, openTab, startDemo, type RunningDemo } from './harness.js';

/**
 * The static site: an HTML page that loads everything from the API's origin (oneTag: wxShare's own share.min.js, no
 * data-endpoint). `attributes`: more on the client's tag (data-debug, crossorigin).
 */
function site(api: string, oneTag = false, attributes = ''): string {
  const sdks = `data-sdk-url="${api}/jweixin-1.6.0.js" data-wecom-sdk-url="${api}/wecom-jssdk.js" ${attributes}`;
  const client = oneTag
    ? `<script src="${api}/wx/share.min.js" ${sdks}></script>`
    : `<script src="${api}/share.min.js" data-endpoint="${api}/wx/signature" ${sdks}></script>`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>Another origin</title>
<meta property="og:title" content="A static site elsewhere"><meta property="og:description" content="Signed by an API on another origin.">
<meta property="og:image" content="/cover.jpg">
<script src="${api}/__wechat/bridge.js"></script>
${client}
</head><body><h1>A static site elsewhere</h1></body></html>`;
}

interface Outcome {
  result?: { url: string; data: { imgUrl: string; link: string } };
  failure?: { message: string; hint: string };
}

describeBrowser('static page on another origin (CORS)', () => {
  let browser: Browser;
  let withCors: RunningDemo;
  let withoutCors: RunningDemo;
  let pages: Server;
  let pagesPort: number;
  beforeAll(async () => {
    [browser, withCors, withoutCors] = await Promise.all([launch(), startDemo({ cors: true }), startDemo({ cors: false })]);
    ({ server: pages, port: pagesPort } = await listen((req, res) => {
      const api = req.url?.startsWith('/no-cors') ? withoutCors.base : withCors.base;
      const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
      const attributes = `${query.has('debug') ? 'data-debug' : ''} ${query.get('crossorigin') === null ? '' : 'crossorigin'}`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(site(api, req.url?.startsWith('/one-tag'), attributes));
    }));
  });
  afterAll(async () => {
    await browser?.close();
    pages?.closeAllConnections();
    await new Promise((resolve) => pages?.close(resolve));
    await Promise.all([withCors?.close(), withoutCors?.close()]);
  });

  const outcome = (tab: Awaited<ReturnType<typeof openTab>>) =>
    tab.page.evaluate(() =>
      (window as unknown as { WxShare: { ready: Promise<Outcome['result']> } }).WxShare.ready.then(
        (result): Outcome => ({ result }),
        (failure: Outcome['failure']): Outcome => ({ failure }),
      ),
    );

  it('signs the page through a cross-origin request and configures sharing', async () => {
    const tab = await openTab(browser, 'android');
    try {
      const pageUrl = `http://localhost:${pagesPort}/page.html?x=1`;
      await tab.page.goto(pageUrl);
      const { result } = await outcome(tab);
      expect(result?.url).toBe(pageUrl);
      expect(result?.data.imgUrl).toBe(`http://localhost:${pagesPort}/cover.jpg`);
      expect(tab.requests).toContain(`${withCors.base}/wx/signature?url=${encodeURIComponent(pageUrl)}&view=1`);
      const state = await bridgeState(tab.page);
      expect(state.verifications.map((v) => [v.url, v.errMsg])).toEqual([[pageUrl, 'preVerifyJSAPI:ok']]);
      expect(state.appMessageShareData?.title).toBe('A static site elsewhere');
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });

  it('one tag: the share.min.js that wxShare() serves signs against its own server, without data-endpoint', async () => {
    const tab = await openTab(browser, 'android');
    try {
      const pageUrl = `http://localhost:${pagesPort}/one-tag/page.html`;
      await tab.page.goto(pageUrl);
      const { result, failure } = await outcome(tab);
      expect(failure).toBeUndefined();
      expect(result?.url).toBe(pageUrl);
      expect(tab.requests).toContain(`${withCors.base}/wx/share.min.js`);
      expect(tab.requests).toContain(`${withCors.base}/wx/signature?url=${encodeURIComponent(pageUrl)}&view=1`);
      const state = await bridgeState(tab.page);
      expect(state.verifications.map((v) => [v.url, v.errMsg])).toEqual([[pageUrl, 'preVerifyJSAPI:ok']]);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });

  // A classic script from another origin cannot import() './share-apps.js' (its base url is about:blank): the tag
  // loads its other files by absolute url from where it came from, with or without a crossorigin attribute.
  it.each([
    ['wecom', ''],
    ['wecom', 'crossorigin'],
    ['miniprogram', ''],
    ['miniprogram', 'crossorigin'],
  ] as const)('%s %s: share-apps.js from the API origin, shared', async (container, crossorigin) => {
    const tab = await openTab(browser, container);
    try {
      const pageUrl = `http://localhost:${pagesPort}/one-tag/page.html${crossorigin ? '?crossorigin' : ''}`;
      await tab.page.goto(pageUrl);
      const { result, failure } = await outcome(tab);
      expect(failure).toBeUndefined();
      expect(result).toMatchObject({ available: true, container });
      expect(tab.requests).toContain(`${withCors.base}/wx/share-apps.js`);
      const state = await bridgeState(tab.page);
      // WeCom 4.1 (3.0.24+): WeCom's JS-SDK runs agentConfig alone when the corp has an app, else wx.config.
      const verified = [...state.verifications, ...state.agentConfigs].map((v) => v.errMsg);
      if (container === 'wecom') expect(verified).toEqual([expect.stringMatching(/^(preVerifyJSAPI|agentConfig):ok$/)]);
      else expect(state.miniProgramMessages).toHaveLength(1);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });

  it.each(['', 'crossorigin'])('data-debug %s: share-debug.js from the API origin runs and logs', async (crossorigin) => {
    const tab = await openTab(browser, 'android');
    const logs: string[] = [];
    tab.page.on('console', (message) => logs.push(message.text()));
    try {
      const pageUrl = `http://localhost:${pagesPort}/one-tag/page.html?debug${crossorigin ? '&crossorigin' : ''}`;
      await tab.page.goto(pageUrl);
      const { result, failure } = await outcome(tab);
      expect(failure).toBeUndefined();
      expect(result?.url).toBe(pageUrl);
      expect(tab.requests).toContain(`${withCors.base}/wx/share-debug.js`);
      expect(logs).toContainEqual(expect.stringContaining(`[share] accepted ${pageUrl}`));
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });

  it('without CORS on the API: a clear failure, no uncaught exception', async () => {
    const tab = await openTab(browser, 'ios');
    try {
      await tab.page.goto(`http://localhost:${pagesPort}/no-cors`);
      const { failure, result } = await outcome(tab);
      expect(result).toBeUndefined();
      expect(failure?.message).toMatch(/endpoint unreachable/);
      expect((await bridgeState(tab.page)).verifications).toEqual([]);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });
});
