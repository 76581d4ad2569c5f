// The built dist/share.min.js run the way a static site runs it: its own <script> tag with data-* attributes.
import { readFileSync } from 'node:fs';
import { JSDOM, VirtualConsole } from 'jsdom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeWx, SHARE_APIS, type FakeWx } from './fake-wx.js';

const BUNDLE = readFileSync(new URL('../dist/share.min.js', import.meta.url), 'utf8');
const ANDROID = 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Mobile MicroMessenger/8.0.50.2600(0x28003253)';
const SIGNATURE = { appId: 'wx1234567890abcdef', timestamp: 1700000000, nonceStr: 'n0nce', signature: 'c'.repeat(40) };

interface Page {
  attributes?: string;
  ua?: string;
  url?: string;
  head?: string;
  answer?: () => Response | Promise<Response>;
  /** The bundle as served (default: dist/share.min.js as built). */
  bundle?: string;
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
const pages: JSDOM[] = [];
const WAIT = { timeout: 20_000 }; // vi.waitFor: generous on a loaded machine

const open = ({ attributes = '', ua = ANDROID, url = 'https://site.example/page?id=1', head = '', answer, bundle = BUNDLE }: Page) => {
  const wx = createFakeWx();
  const fetchMock = vi.fn(async (_: string) => (answer ? answer() : json(SIGNATURE)));
  const info = vi.fn();
  const beacons: { url: string; event: unknown }[] = [];
  const jsdomErrors: string[] = [];
  const virtualConsole = new VirtualConsole();
  virtualConsole.on('jsdomError', (error: Error) => jsdomErrors.push(error.message));
  virtualConsole.on('info', info);
  const html = `<!doctype html><html><head><title>Static page</title>${head}
    <script ${attributes}>${bundle}</script></head><body></body></html>`;
  const dom = new JSDOM(html, {
    url,
    runScripts: 'dangerously',
    virtualConsole,
    beforeParse(window) {
      Object.defineProperty(window.navigator, 'userAgent', { value: ua });
      const sendBeacon = (url: string | URL, body: string) => beacons.push({ url: String(url), event: JSON.parse(body) }) > 0;
      Object.defineProperty(window.navigator, 'sendBeacon', { value: sendBeacon });
      Object.assign(window, { wx, fetch: fetchMock });
    },
  });
  pages.push(dom);
  const WxShare = (dom.window as unknown as { WxShare: Record<string, unknown> }).WxShare;
  return { window: dom.window, WxShare, ready: WxShare.ready as Promise<unknown>, wx, fetchMock, info, beacons, jsdomErrors };
};

afterEach(() => {
  pages.splice(0).forEach((dom) => dom.window.close());
});

describe('dist/share.min.js from a script tag', () => {
  it('a server-rendered page: configures from #wx-share-config with no request when its url matches', async () => {
    const url = 'https://site.example/page?id=1';
    const config = { ...SIGNATURE, signature: 'd'.repeat(40), url };
    const head = `<script type="application/json" id="wx-share-config">${JSON.stringify(config)}</script>`;
    const { ready, wx, fetchMock } = open({ url, head });
    await expect(ready).resolves.toMatchObject({ url, source: 'page' });
    expect(fetchMock).not.toHaveBeenCalled();
    expect(wx.configs).toMatchObject([{ signature: config.signature }]);
  });

  it('a server-rendered page whose element names another url: signs through the endpoint', async () => {
    const config = { ...SIGNATURE, signature: 'd'.repeat(40), url: 'https://site.example/other' };
    const head = `<script type="application/json" id="wx-share-config">${JSON.stringify(config)}</script>`;
    const { ready, fetchMock } = open({ head });
    await expect(ready).resolves.toMatchObject({ source: 'request' });
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('analytics: the redirect keeps `from`, the landed page reports it with view=1, a completed share beacons', async () => {
    const url = 'https://site.example/page?id=1';
    const redirected = open({ url: url + '&from=timeline&isappinstalled=0' });
    await vi.waitFor(() => expect(redirected.jsdomErrors).toEqual([expect.stringMatching(/navigation/)]), WAIT);
    expect(redirected.window.sessionStorage.getItem('share:from')).toBe('timeline');

    // The page it lands on: a new document of the same tab (jsdom gives each its own storage, so it is copied over).
    const { ready, fetchMock, wx, beacons } = open({
      url,
      head: `<script>sessionStorage.setItem('share:from', 'timeline')</script>`,
      answer: () => json({ ...SIGNATURE, events: '/wx/event' }),
    });
    await ready;
    expect(fetchMock).toHaveBeenCalledExactlyOnceWith('/wx/signature?url=' + encodeURIComponent(url) + '&view=1&from=timeline');
    wx.userShares('onMenuShareAppMessage', 'success');
    wx.userShares('updateAppMessageShareData', 'success');
    expect(beacons).toEqual([{ url: 'https://site.example/wx/event', event: { kind: 'share', url, api: 'onMenuShareAppMessage' } }]);
  });

  it('analytics: a server-rendered page with `events` reports its view with one beacon, without a request', async () => {
    const url = 'https://site.example/page?id=1';
    const config = { ...SIGNATURE, signature: 'd'.repeat(40), url, events: '/wx/event' };
    const head = `<script type="application/json" id="wx-share-config">${JSON.stringify(config)}</script>`;
    const { ready, fetchMock, beacons } = open({ url, head });
    await expect(ready).resolves.toMatchObject({ source: 'page' });
    expect(fetchMock).not.toHaveBeenCalled();
    expect(beacons).toEqual([{ url: 'https://site.example/wx/event', event: { kind: 'view', url } }]);
  });

  it('analytics off (no `events`): no beacon for a completed share', async () => {
    const { ready, wx, beacons } = open({});
    await ready;
    wx.userShares('onMenuShareTimeline', 'success');
    expect(beacons).toEqual([]);
  });

  it('defines the global WxShare with share, update and the automatic run', () => {
    const { WxShare } = open({ ua: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0' });
    expect(typeof WxShare.share).toBe('function');
    expect(typeof WxShare.update).toBe('function');
    expect(typeof (WxShare.ready as Promise<unknown>).then).toBe('function'); // a promise of the page's realm
  });

  it('defaults: /wx/signature, metas from the page, all seven APIs configured and applied', async () => {
    const { ready, wx, fetchMock } = open({
      head: '<meta property="og:description" content="About"><meta property="og:image" content="/i.png">',
    });
    await expect(ready).resolves.toMatchObject({ url: 'https://site.example/page?id=1' });
    expect(fetchMock).toHaveBeenCalledWith('/wx/signature?url=' + encodeURIComponent('https://site.example/page?id=1') + '&view=1');
    expect(wx.configs[0]).toMatchObject({ ...SIGNATURE, debug: false, jsApiList: SHARE_APIS });
    expect(wx.calls.map((c) => c.api)).toEqual(SHARE_APIS);
    for (const { arg } of wx.calls)
      expect(arg).toMatchObject({
        title: 'Static page',
        desc: 'About',
        link: 'https://site.example/page?id=1',
        imgUrl: 'https://site.example/i.png',
      });
  });

  it('reads every data attribute', async () => {
    const { ready, wx, fetchMock, info } = open({
      attributes: `data-endpoint="https://api.example.net/wx/signature" data-title="T" data-desc="D"
        data-link="/landing" data-img-url="img/c.png" data-sdk-url="/never-loaded.js" data-timeout="5000" data-appid="wxb0de0000000000a1"`,
    });
    await ready;
    expect(fetchMock.mock.calls[0]![0]).toMatch(/^https:\/\/api\.example\.net\/wx\/signature\?url=/);
    expect(new URL(fetchMock.mock.calls[0]![0]).searchParams.get('appid')).toBe('wxb0de0000000000a1');
    expect((wx as FakeWx).calls[0]!.arg).toMatchObject({
      title: 'T',
      desc: 'D',
      link: 'https://site.example/landing',
      imgUrl: 'https://site.example/img/c.png',
    });
    expect(info).not.toHaveBeenCalled(); // no data-debug: quiet
  });

  it('data-debug: hands the run to share-debug.js, import()ed from next to the script, with the landing url', async () => {
    // jsdom runs no import(): the bundle's one import of share-debug.js is pointed at a stand-in that records the call.
    const DEBUG_IMPORT = /import\((\w+)\("share-debug\.js"\)\)/;
    expect(BUNDLE.split(DEBUG_IMPORT)).toHaveLength(3); // one import, by absolute url (its argument, captured)
    const bundle = BUNDLE.replace(DEBUG_IMPORT, 'window.debugBuild($1("share-debug.js"))');
    const head = `<script>
      window.handed = [];
      window.debugBuild = (from) => Promise.resolve({ run: (...args) => (handed.push([from, ...args]), Promise.resolve('debug run')) });
    </script>`;
    const url = 'https://site.example/page?id=1';
    const { ready, fetchMock, window } = open({ url, head, bundle, attributes: 'data-debug data-title="T"' });
    await expect(ready).resolves.toBe('debug run');
    const [from, options, landing] = (window as unknown as { handed: unknown[][] }).handed[0]!;
    // An inline tag has no src: next to the page. (A tag with src: next to it, test/parts.test.ts.)
    expect(from).toBe('https://site.example/share-debug.js');
    expect(options).toMatchObject({ debug: true, title: 'T', force: false });
    expect(landing).toBe(url);
    expect(fetchMock).not.toHaveBeenCalled(); // share-debug.js does the work
  });

  it('makes no request outside WeChat, unless data-force', async () => {
    const desktop = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Safari/605.1.15';
    const { ready, fetchMock } = open({ ua: desktop });
    await expect(ready).resolves.toEqual({ available: false, reason: 'not in WeChat' });
    expect(fetchMock).not.toHaveBeenCalled();
    const forced = open({ ua: desktop, attributes: 'data-force' });
    await expect(forced.ready).resolves.toMatchObject({ appId: SIGNATURE.appId });
  });

  it('data-timeout: gives up after that many milliseconds', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      const { ready } = open({ attributes: 'data-timeout="3000"', answer: () => new Promise<Response>(() => {}) });
      const outcome = ready.catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(3000);
      expect(await outcome).toMatchObject({ message: 'timeout' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('redirects a re-shared url once, unless data-redirect="false"', async () => {
    const url = 'https://site.example/page?from=singlemessage&isappinstalled=0';
    const redirected = open({ url });
    await vi.waitFor(() => expect(redirected.jsdomErrors).toEqual([expect.stringMatching(/navigation/)]), WAIT);
    expect(redirected.fetchMock).not.toHaveBeenCalled();

    const kept = open({ url, attributes: 'data-redirect="false"' });
    await expect(kept.ready).resolves.toMatchObject({ url, data: { link: 'https://site.example/page' } });
    expect(kept.jsdomErrors).toEqual([]);
  });

  it.each([
    ['5xx', () => new Response('oops', { status: 500 }), 'endpoint: HTTP 500'],
    ['garbage', () => new Response('<html>'), 'endpoint: no signature'],
    ['network error', () => Promise.reject(new TypeError('Failed to fetch')), 'endpoint unreachable'],
  ])('endpoint %s: no exception reaches the page, a ShareFailure with the message (hints are in the README)', async (_, answer, message) => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const { ready, wx, jsdomErrors } = open({ answer });
      await expect(ready).rejects.toEqual({ message, hint: '' });
      await new Promise((resolve) => setTimeout(resolve, 0)); // let an unhandled rejection surface
      expect(unhandled).not.toHaveBeenCalled();
      expect(jsdomErrors).toEqual([]); // no uncaught exception in the page
      expect(wx.calls).toEqual([]);
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
