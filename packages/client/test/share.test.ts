// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { ShareResult } from '../src/types.js';
import { createFakeWx, SHARE_APIS, type FakeWx } from './fake-wx.js';

const ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36 MicroMessenger/8.0.50.2600(0x28003253) NetType/WIFI Language/zh_CN';
const IOS =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800322d) NetType/WIFI Language/zh_CN';
const DESKTOP = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';

const METAS = `
  <meta property="og:title" content="OG title">
  <meta property="og:description" content="OG description">
  <meta name="description" content="Plain description">
  <meta property="og:image" content="/img/card.png">`;

const SIGNATURE = { appId: 'wx1234567890abcdef', timestamp: 1700000000, nonceStr: 'n0nce', signature: 'a'.repeat(40) };

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

interface Setup {
  ua?: string;
  url?: string;
  head?: string;
  /** null: no window.wx (jweixin not loaded yet). */
  wx?: FakeWx | null;
  answer?: (request: string) => Response | Promise<Response>;
}

/** A fresh client module (its landing url is the url at import) on a page with this url, user agent and head. */
const load = async ({ ua = ANDROID, url = '/page?id=1', head = METAS, wx = createFakeWx(), answer }: Setup = {}) => {
  vi.resetModules();
  Object.defineProperty(navigator, 'userAgent', { value: ua, configurable: true });
  history.replaceState(null, '', url);
  document.head.innerHTML = head;
  document.title = 'Document title';
  window.wx = wx ?? undefined;
  const fetchMock = vi.fn(async (request: string) => (answer ? answer(request) : json({ ...SIGNATURE })));
  vi.stubGlobal('fetch', fetchMock);
  const client = await import('../src/share.js');
  return { ...client, wx: wx!, fetchMock, signedUrls: () => fetchMock.mock.calls.map(([r]) => new URL(r, location.href).searchParams.get('url')) };
};

/** jsdom reports location.replace() to another document as "not implemented": that is our navigation probe. */
const navigations = () => {
  const seen: string[] = [];
  const listener = (error: { type: string; message: string }) => seen.push(error.message);
  const virtualConsole = (window as unknown as { jsdom: import('jsdom').JSDOM }).jsdom.virtualConsole;
  virtualConsole.on('jsdomError', listener);
  onTestFinished(() => void virtualConsole.off('jsdomError', listener));
  return seen;
};

const WAIT = { timeout: 20_000 }; // vi.waitFor: generous on a loaded machine

beforeEach(() => {
  vi.spyOn(console, 'info').mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.useRealTimers();
  document.querySelectorAll('script').forEach((s) => s.remove());
  sessionStorage.clear();
});

describe('outside WeChat', () => {
  it('resolves with "not available", makes no request, loads nothing and does not call onError', async () => {
    const { share, update, fetchMock } = await load({ ua: DESKTOP, wx: null });
    const onError = vi.fn();
    const notAvailable = { available: false, reason: 'not in WeChat' };
    await expect(share({ onError })).resolves.toEqual(notAvailable);
    await expect(update({ title: 'Next route' })).resolves.toEqual(notAvailable);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(document.querySelector('script')).toBeNull();
    expect(onError).not.toHaveBeenCalled();
  });

  it('does not redirect outside WeChat', async () => {
    const seen = navigations();
    const { share } = await load({ ua: DESKTOP, url: '/page?from=timeline' });
    await expect(share()).resolves.toMatchObject({ available: false });
    expect(seen).toEqual([]);
  });

  it('runs with force: true', async () => {
    const { share, fetchMock } = await load({ ua: DESKTOP });
    await expect(share({ force: true })).resolves.toMatchObject({ appId: SIGNATURE.appId });
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});

describe('share() in WeChat', () => {
  it('signs the current url without the hash, configures the seven APIs and applies the metas to all of them', async () => {
    const { share, wx, fetchMock } = await load({ url: '/page?id=1&q=%E4%BD%A0#section' });
    const result = await share();
    const url = 'https://example.com/page?id=1&q=%E4%BD%A0';
    expect(fetchMock).toHaveBeenCalledWith('/wx/signature?url=' + encodeURIComponent(url) + '&view=1');
    expect(wx.configs).toEqual([{ ...SIGNATURE, debug: false, jsApiList: SHARE_APIS, openTagList: [] }]);
    const data = {
      title: 'OG title',
      desc: 'OG description',
      link: 'https://example.com/page?id=1&q=%E4%BD%A0#section',
      imgUrl: 'https://example.com/img/card.png',
    };
    expect(result).toEqual({ available: true, wx, url, appId: SIGNATURE.appId, data, source: 'request' });
    expect(wx.calls.map((c) => c.api)).toEqual(SHARE_APIS);
    for (const call of wx.calls) expect(call.arg).toMatchObject(data);
  });

  it('falls back to document.title and <meta name="description">, and leaves imgUrl empty without og:image', async () => {
    const { share } = await load({ head: '<meta name="description" content="Plain description">' });
    const { data } = (await share()) as ShareResult;
    expect(data).toEqual({ title: 'Document title', desc: 'Plain description', link: 'https://example.com/page?id=1', imgUrl: '' });
  });

  it('prefers given data over the metas and makes link and imgUrl absolute', async () => {
    const { share, wx } = await load();
    const given = Object.freeze({ title: 'T', desc: 'D', link: '/other?x=1', imgUrl: 'img/x.png' });
    const { data } = (await share(given)) as ShareResult;
    expect(data).toEqual({ title: 'T', desc: 'D', link: 'https://example.com/other?x=1', imgUrl: 'https://example.com/img/x.png' });
    expect(wx.calls[0]!.arg).toMatchObject(data);
  });

  it.each([
    ['()', undefined],
    ['{}', {}],
    ['{ x: undefined }', { endpoint: undefined, title: undefined, timeout: undefined, redirect: undefined, sdkUrl: undefined }],
  ])('share%s uses the defaults', async (_, options) => {
    const { share, fetchMock } = await load({ url: '/page?id=1&from=timeline' });
    const seen = navigations();
    share(options);
    await vi.waitFor(() => expect(seen).toHaveLength(1), WAIT); // redirect: true
    expect(fetchMock).not.toHaveBeenCalled();
    history.replaceState(null, '', '/page?id=1'); // where the redirect went; it kept `from`
    const { data } = (await share(options)) as ShareResult;
    expect(fetchMock.mock.calls[0]![0]).toBe('/wx/signature?url=' + encodeURIComponent('https://example.com/page?id=1') + '&view=1&from=timeline');
    expect(data.title).toBe('OG title');
  });

  it('appends url to an endpoint that already has a query string, on another origin', async () => {
    const { share, fetchMock } = await load();
    await share({ endpoint: 'https://api.example.net/sign?site=a' });
    expect(fetchMock).toHaveBeenCalledWith(
      'https://api.example.net/sign?site=a&url=' + encodeURIComponent('https://example.com/page?id=1') + '&view=1',
    );
  });

  it('loads jweixin from sdkUrl when window.wx is absent, in parallel with the signature request', async () => {
    const { share, fetchMock } = await load({ wx: null });
    const done = share({ sdkUrl: '/js/jweixin.js' });
    await vi.waitFor(() => expect(document.querySelector('script')).not.toBeNull(), WAIT);
    const script = document.querySelector('script')!;
    expect(script.src).toBe('https://example.com/js/jweixin.js');
    expect(fetchMock).toHaveBeenCalledTimes(1); // already asked, before jweixin arrived
    window.wx = createFakeWx();
    script.dispatchEvent(new Event('load'));
    await expect(done).resolves.toMatchObject({ appId: SIGNATURE.appId });
  });

  it('defaults sdkUrl to jweixin 1.6.0 on res.wx.qq.com and fails clearly when it does not load', async () => {
    const { share } = await load({ wx: null });
    const onError = vi.fn();
    const done = share({ onError });
    await vi.waitFor(() => expect(document.querySelector('script')).not.toBeNull(), WAIT);
    const script = document.querySelector('script')!;
    expect(script.src).toBe('https://res.wx.qq.com/open/js/jweixin-1.6.0.js');
    script.dispatchEvent(new Event('error'));
    await expect(done).rejects.toMatchObject({ message: 'jweixin not loaded' });
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'jweixin not loaded' }));
  });
});

describe('which url is signed', () => {
  it('appId: asks for the signature of that account (appid) on every request, the re-sign after a route change too', async () => {
    const { share, update, fetchMock } = await load({ ua: ANDROID, url: '/app/' });
    await share({ endpoint: '/sign?site=a', appId: 'wxb0de0000000000a1' });
    history.pushState(null, '', '/app/item/7');
    await update({ title: 'Item 7' });
    const queries = fetchMock.mock.calls.map(([r]) => new URL(r, location.href).searchParams);
    expect(queries.map((q) => [q.get('site'), q.get('appid'), q.get('url')])).toEqual([
      ['a', 'wxb0de0000000000a1', 'https://example.com/app/'],
      ['a', 'wxb0de0000000000a1', 'https://example.com/app/item/7'],
    ]);
  });

  it('Android: the current url, after pushState too; update() re-signs and re-configures', async () => {
    const { share, update, wx, signedUrls } = await load({ ua: ANDROID, url: '/app/' });
    await share();
    history.pushState(null, '', '/app/item/7?tab=2#top');
    const result = (await update({ title: 'Item 7' })) as ShareResult;
    expect(signedUrls()).toEqual(['https://example.com/app/', 'https://example.com/app/item/7?tab=2']);
    expect(result.url).toBe('https://example.com/app/item/7?tab=2');
    expect(result.data).toMatchObject({ title: 'Item 7', link: 'https://example.com/app/item/7?tab=2#top' });
    expect(wx.configs).toHaveLength(2);
    expect(wx.configs[1]!.jsApiList).toEqual(SHARE_APIS); // not the names jweixin rewrote in the first list
    expect(wx.calls).toHaveLength(14);
  });

  it('iOS: the landing url, even after pushState; update() applies the new data without signing again', async () => {
    const { share, update, wx, signedUrls } = await load({ ua: IOS, url: '/app/?ref=1' });
    history.pushState(null, '', '/app/first');
    await share();
    history.pushState(null, '', '/app/item/7#x');
    const result = (await update({ title: 'Item 7' })) as ShareResult;
    expect(signedUrls()).toEqual(['https://example.com/app/?ref=1']);
    expect(result).toMatchObject({ url: 'https://example.com/app/?ref=1', data: { title: 'Item 7', link: 'https://example.com/app/item/7#x' } });
    expect(wx.configs).toHaveLength(1);
    expect(wx.calls.slice(7).map((c) => c.arg.title)).toEqual(Array(7).fill('Item 7'));
  });

  it('update() without a route change re-applies without signing again (Android)', async () => {
    const { share, update, signedUrls, wx } = await load();
    await share();
    await update({ desc: 'new' });
    expect(signedUrls()).toHaveLength(1);
    expect(wx.calls.at(-1)!.arg.desc).toBe('new');
  });

  it('update() keeps the options of share() and lets a field go back to its default with undefined', async () => {
    const { share, update, fetchMock } = await load();
    await share({ endpoint: '/sign', title: 'Given' });
    history.pushState(null, '', '/next');
    expect(((await update({ desc: 'D' })) as ShareResult).data).toMatchObject({ title: 'Given', desc: 'D' });
    expect(fetchMock.mock.calls[1]![0]).toMatch(/^\/sign\?url=/);
    expect(((await update({ title: undefined })) as ShareResult).data.title).toBe('OG title');
  });
});

describe('failures', () => {
  const failsWith = async (setup: Setup, message: string | RegExp) => {
    const { share, wx } = await load(setup);
    const onError = vi.fn();
    const error = await share({ onError }).catch((e: unknown) => e);
    expect(error).toMatchObject({ message, hint: expect.any(String) });
    expect((error as { hint: string }).hint).not.toBe('');
    expect(onError).toHaveBeenCalledExactlyOnceWith(error);
    expect(wx.calls).toEqual([]);
  };

  it('endpoint 4xx/5xx with our JSON error body: shows its message', () =>
    failsWith(
      { answer: () => json({ error: { code: 'host_not_allowed', message: 'example.com is not in allowedHosts' } }, 403) },
      'endpoint: HTTP 403: example.com is not in allowedHosts',
    ));

  it('endpoint 5xx without a JSON body', () =>
    failsWith({ answer: () => new Response('<h1>Bad gateway</h1>', { status: 502 }) }, 'endpoint: HTTP 502'));

  it('endpoint 200 with garbage', () =>
    failsWith({ answer: () => new Response('<!doctype html><p>index</p>') }, 'endpoint: no signature'));

  it('endpoint 200 with JSON that is not a signature', () => failsWith({ answer: () => json(null) }, 'endpoint: no signature'));

  it('network error (or CORS refusal)', () =>
    failsWith({ answer: () => Promise.reject(new TypeError('Failed to fetch')) }, 'endpoint unreachable'));

  it('wx.error: WeChat’s message and hint, and no share API called although ready runs', async () => {
    const wx = createFakeWx(() => 'config:invalid signature');
    const ready = vi.fn();
    wx.ready(ready);
    await failsWith({ wx }, 'config:invalid signature');
    expect(ready).toHaveBeenCalled(); // jweixin's ready did run
  });

  it('the hint of wx.error comes from the table', async () => {
    const { share } = await load({ wx: createFakeWx(() => 'config:invalid url domain') });
    await expect(share()).rejects.toMatchObject({ hint: expect.stringMatching(/JS safe domain/) });
  });

  it('timeout: the endpoint never answers', async () => {
    vi.useFakeTimers();
    const { share } = await load({ answer: () => new Promise<Response>(() => {}) });
    const onError = vi.fn();
    const done = share({ timeout: 3000, onError }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2999);
    expect(onError).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(await done).toMatchObject({ message: 'timeout' });
    expect(onError).toHaveBeenCalledOnce();
  });

  it('timeout: WeChat never answers wx.config (default 8000 ms)', async () => {
    vi.useFakeTimers();
    const { share, wx } = await load({ wx: createFakeWx(() => null) });
    const done = share().catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(8000);
    expect(await done).toMatchObject({ message: 'timeout' });
    expect(wx.calls).toEqual([]);
  });

  it('a window.wx that is not jweixin: a failure, not an exception or an unhandled rejection', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const { share } = await load({ wx: { config: 1 } as unknown as FakeWx });
      const onError = vi.fn();
      await expect(share({ onError })).rejects.toMatchObject({ message: expect.stringMatching(/TypeError/), hint: expect.any(String) });
      expect(onError).toHaveBeenCalledOnce();
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('an unexpected error (an og:image that is no url) becomes a ShareFailure too', async () => {
    const { share } = await load({ head: '<meta property="og:image" content="http://exa mple.com/i.png">' });
    const onError = vi.fn();
    await expect(share({ onError })).rejects.toEqual({ message: expect.stringMatching(/Invalid URL/), hint: '' });
    expect(onError).toHaveBeenCalledOnce();
  });

  it('signs again on the next call after a failure', async () => {
    let calls = 0;
    const { share, update } = await load({ answer: () => (calls++ ? json(SIGNATURE) : new Response('', { status: 500 })) });
    await expect(share()).rejects.toMatchObject({ message: 'endpoint: HTTP 500' });
    await expect(update({})).resolves.toMatchObject({ appId: SIGNATURE.appId });
  });

  it('a refused second config (jweixin runs ready at once then) rejects update() after its retry and reaches onError', async () => {
    let n = 0;
    const wx = createFakeWx(() => (n++ ? 'config:invalid signature' : 'config:ok'));
    const { share, update, signedUrls } = await load({ wx });
    const onError = vi.fn();
    await share({ onError });
    history.pushState(null, '', '/next');
    await expect(update({})).rejects.toMatchObject({ message: 'config:invalid signature' });
    expect(onError).toHaveBeenCalledOnce();
    // The current url, then the other candidate (the landing url): two configurations for this route, no more.
    expect(signedUrls()).toEqual(['https://example.com/page?id=1', 'https://example.com/next', 'https://example.com/page?id=1']);
    await update({}).catch(() => {});
    expect(signedUrls()).toHaveLength(5); // after that failure the next call signs again
  });
});

describe('whatever wx calls back with', () => {
  /** A wx whose error callback gets `arg` (jweixin passes `{ errMsg }`; a broken or hostile one anything). */
  const hostileWx = (arg: unknown) =>
    ({
      config() {},
      ready(callback: () => void) {
        void Promise.resolve().then(callback);
      },
      error(callback: (res: unknown) => void) {
        callback(arg);
      },
    }) as unknown as FakeWx;

  for (const [name, arg] of [
    ['no argument', undefined],
    ['null', null],
    ['a string', 'config:invalid signature'],
    ['an object without errMsg', {}],
    ['a number as errMsg', { errMsg: 40093 }],
  ] as const) {
    it(`wx.error with ${name}: a ShareFailure, no exception`, async () => {
      const { share } = await load({ wx: hostileWx(arg) });
      const onError = vi.fn();
      const error = await share({ onError }).catch((e: unknown) => e);
      expect(error).toEqual({ message: typeof arg === 'object' && arg && 'errMsg' in arg ? String(arg.errMsg) : 'config:fail', hint: expect.any(String) });
      expect(onError).toHaveBeenCalledWith(error);
    });
  }
});

describe('self-healing: the other candidate url after config:invalid signature', () => {
  /** The endpoint signs each url with a signature naming it; WeChat accepts only the signature of `accepted`. */
  const setup = async (ua: string, accepts: (signedFor: string) => boolean) => {
    const answer = (request: string) =>
      json({ ...SIGNATURE, signature: 'for ' + new URL(request, location.href).searchParams.get('url') });
    const wx = createFakeWx((config) => (accepts(String(config.signature).slice(4)) ? 'config:ok' : 'config:invalid signature'));
    const client = await load({ ua, url: '/landing', wx, answer });
    history.pushState(null, '', '/current#x');
    return client;
  };
  const LANDING = 'https://example.com/landing';
  const CURRENT = 'https://example.com/current';

  it('Android refused the current url: signs the landing url once and resolves with it, no onError', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const { share, wx, signedUrls } = await setup(ANDROID, (url) => url === LANDING);
    const onError = vi.fn();
    await expect(share({ onError, debug: true })).resolves.toMatchObject({ url: LANDING });
    expect(signedUrls()).toEqual([CURRENT, LANDING]);
    expect(wx.configs.map((c) => c.signature)).toEqual(['for ' + CURRENT, 'for ' + LANDING]);
    expect(onError).not.toHaveBeenCalled();
    expect(wx.calls.length).toBe(SHARE_APIS.length); // the data applied once, after the accepted config
    const lines = info.mock.calls.map((args) => args.join(' '));
    expect(lines).toContainEqual(expect.stringContaining('config:invalid signature ' + CURRENT));
    expect(lines).toContainEqual(expect.stringContaining('accepted ' + LANDING));
  });

  it('iOS refused the landing url (iPad, desktop WeChat): signs the current url', async () => {
    const { share, signedUrls } = await setup(IOS, (url) => url === CURRENT);
    await expect(share()).resolves.toMatchObject({ url: CURRENT });
    expect(signedUrls()).toEqual([LANDING, CURRENT]);
  });

  it('later calls start with the url that worked: update() does not sign or configure again', async () => {
    const { share, update, wx, signedUrls } = await setup(ANDROID, (url) => url === LANDING);
    await share();
    await expect(update({ title: 'T' })).resolves.toMatchObject({ url: LANDING, data: { title: 'T' } });
    expect(signedUrls()).toEqual([CURRENT, LANDING]);
    expect(wx.configs).toHaveLength(2);
  });

  it('both refused: after exactly two wx.config calls share() rejects and onError has the refusal once', async () => {
    const { share, update, wx } = await setup(ANDROID, () => false);
    const onError = vi.fn();
    // jweixin runs ready at once on the second config, before WeChat answers: the verdict still decides.
    await expect(share({ onError })).rejects.toMatchObject({ message: 'config:invalid signature' });
    expect(wx.configs).toHaveLength(2);
    expect(onError).toHaveBeenCalledOnce();
    await expect(update({})).rejects.toMatchObject({ message: 'config:invalid signature' }); // signs again: two more, no loop
    expect(onError).toHaveBeenCalledTimes(2);
    expect(wx.configs.map((c) => c.signature)).toEqual(['for ' + CURRENT, 'for ' + LANDING, 'for ' + CURRENT, 'for ' + LANDING]);
  });

  it('a later route refused (HarmonyOS WeChat verifies the landing url): update() heals with the other url, then keeps it', async () => {
    const HARMONY =
      'Mozilla/5.0 (Phone; OpenHarmony 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36 ArkWeb/4.1.6.1 Mobile MicroMessenger/8.0.10.41(0xf3100a29) Weixin NetType/WIFI Language/zh_CN';
    const answer = (request: string) =>
      json({ ...SIGNATURE, signature: 'for ' + new URL(request, location.href).searchParams.get('url') });
    const wx = createFakeWx((config) => (String(config.signature).slice(4) === LANDING ? 'config:ok' : 'config:invalid signature'));
    const { share, update, signedUrls } = await load({ ua: HARMONY, url: '/landing', wx, answer });
    const onError = vi.fn();
    await expect(share({ onError })).resolves.toMatchObject({ url: LANDING });
    history.pushState(null, '', '/item/7');
    await expect(update({ title: 'Item 7' })).resolves.toMatchObject({ url: LANDING, data: { title: 'Item 7' } });
    expect(signedUrls()).toEqual([LANDING, 'https://example.com/item/7', LANDING]);
    // The data went to WeChat after the accepted configuration: the last calls carry the new title.
    expect(wx.calls.at(-1)!.arg.title).toBe('Item 7');
    history.pushState(null, '', '/item/8');
    await expect(update({ title: 'Item 8' })).resolves.toMatchObject({ url: LANDING });
    expect(signedUrls()).toHaveLength(3); // the rule that worked is remembered: the landing url stays configured
    expect(onError).not.toHaveBeenCalled();
  });

  it('one candidate only (the url did not change): no retry', async () => {
    const wx = createFakeWx(() => 'config:invalid signature');
    const { share, signedUrls } = await load({ wx });
    await expect(share()).rejects.toMatchObject({ message: 'config:invalid signature' });
    expect(signedUrls()).toHaveLength(1);
    expect(wx.configs).toHaveLength(1);
  });

  it('another failure (invalid url domain) is not retried', async () => {
    const wx = createFakeWx(() => 'config:invalid url domain');
    const { share, signedUrls } = await load({ wx, url: '/landing' });
    history.pushState(null, '', '/current');
    await expect(share()).rejects.toMatchObject({ message: 'config:invalid url domain' });
    expect(signedUrls()).toEqual(['https://example.com/current']);
    expect(wx.configs).toHaveLength(1);
  });
});

describe('canonical redirect', () => {
  it('replaces a re-shared url once, before any request', async () => {
    const seen = navigations();
    const { share, fetchMock } = await load({ url: '/page?from=singlemessage&isappinstalled=0#top' });
    const done = vi.fn();
    void share().then(done, done);
    await vi.waitFor(() => expect(seen).toEqual([expect.stringMatching(/navigation/)]), WAIT);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(document.querySelector('script')).toBeNull();
    expect(done).not.toHaveBeenCalled(); // the page is going away
  });

  it('does not redirect a clean url (what the redirect lands on), so it cannot loop', async () => {
    const seen = navigations();
    const { share, signedUrls } = await load({ url: '/page?id=1#top' });
    await share();
    expect(seen).toEqual([]);
    expect(signedUrls()).toEqual(['https://example.com/page?id=1']);
  });

  it('with redirect: false, signs the url as it is and shares the canonical link', async () => {
    const { share, signedUrls } = await load({ url: '/page?id=1&from=timeline&isappinstalled=0' });
    const { data } = (await share({ redirect: false })) as ShareResult;
    expect(signedUrls()).toEqual(['https://example.com/page?id=1&from=timeline&isappinstalled=0']);
    expect(data.link).toBe('https://example.com/page?id=1');
  });

  it("update() before share() (a child's effect runs first) redirects too: the un-cleaned url is never signed", async () => {
    const seen = navigations();
    const { share, update, fetchMock } = await load({ url: '/page?id=1&from=singlemessage&isappinstalled=0' });
    // React's strict mode runs each effect twice: update, share, update, share, all before the browser leaves.
    for (const call of [() => update({ title: 'T' }), () => share(), () => update({ title: 'T' }), () => share()]) void call();
    await vi.waitFor(() => expect(seen).toHaveLength(4), WAIT);
    expect(fetchMock).not.toHaveBeenCalled();
    history.replaceState(null, '', '/page?id=1'); // where the redirect went
    void update({ title: 'T' });
    await share();
    const requests = fetchMock.mock.calls.map(([request]) => new URL(request, location.href).searchParams);
    expect(requests.map((q) => q.get('url'))).toEqual(['https://example.com/page?id=1']);
    expect(requests[0]!.get('from')).toBe('singlemessage'); // kept across the redirect, sent once
  });
});

describe('callbacks and debug', () => {
  it('legacy onMenuShare* success and cancel reach onShare; update* success does not', async () => {
    const { share, wx } = await load();
    const onShare = vi.fn();
    await share({ onShare });
    wx.userShares('updateAppMessageShareData', 'success');
    wx.userShares('onMenuShareTimeline', 'success');
    wx.userShares('onMenuShareAppMessage', 'cancel');
    expect(onShare.mock.calls).toEqual([
      [{ api: 'onMenuShareTimeline', type: 'success' }],
      [{ api: 'onMenuShareAppMessage', type: 'cancel' }],
    ]);
  });

  it('the data goes to each of the seven APIs; one this jweixin lacks is skipped, the others still report', async () => {
    const wx = createFakeWx();
    delete (wx as Record<string, unknown>).onMenuShareQZone;
    const { share } = await load({ wx });
    const onShare = vi.fn();
    const { data } = (await share({ onShare })) as ShareResult;
    expect(wx.calls.map((c) => c.api)).toEqual(SHARE_APIS.filter((api) => api !== 'onMenuShareQZone'));
    for (const { arg } of wx.calls) expect(arg).toMatchObject(data);
    for (const api of SHARE_APIS.slice(0, 6)) {
      wx.userShares(api, 'success');
      wx.userShares(api, 'cancel');
    }
    expect(onShare.mock.calls.map(([event]) => `${event.api}:${event.type}`)).toEqual(
      SHARE_APIS.slice(2, 6).flatMap((api) => [`${api}:success`, `${api}:cancel`]),
    );
  });

  it('debug explains the steps in the console, never with alert; wx.config debug stays false', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const alert = vi.fn();
    vi.stubGlobal('alert', alert);
    const { share, wx } = await load();
    await share({ debug: true });
    const lines = info.mock.calls.map((args) => args.join(' '));
    expect(lines).toEqual([
      expect.stringContaining('sign https://example.com/page?id=1'),
      expect.stringContaining('accepted https://example.com/page?id=1'),
    ]);
    expect(wx.configs[0]!.debug).toBe(false);
    expect(alert).not.toHaveBeenCalled();
  });

  it('is quiet without debug', async () => {
    const info = vi.spyOn(console, 'info');
    const { share } = await load({ answer: () => new Response('', { status: 500 }) });
    await share().catch(() => {});
    expect(info).not.toHaveBeenCalled();
  });

  it('does not mutate the options', async () => {
    const { share, update } = await load();
    const options = Object.freeze({ title: 'x', debug: false });
    await share(options);
    await update(Object.freeze({ desc: 'y' }));
    expect(options).toEqual({ title: 'x', debug: false });
  });
});

describe('analytics: the view with the first signature request, completed shares by beacon', () => {
  /** navigator.sendBeacon (jsdom has none): records the url and the parsed body of each beacon. */
  const stubBeacon = (implementation: () => boolean = () => true) => {
    const sent: { url: string; event: unknown }[] = [];
    const sendBeacon = vi.fn((url: string | URL, body: string) => (sent.push({ url: String(url), event: JSON.parse(body) }), implementation()));
    Object.defineProperty(navigator, 'sendBeacon', { value: sendBeacon, configurable: true });
    onTestFinished(() => void delete (navigator as { sendBeacon?: unknown }).sendBeacon);
    return { sendBeacon, sent };
  };
  const query = (request: string) => new URL(request, location.href).searchParams;
  const withEvents = (events = '/wx/event') => () => json({ ...SIGNATURE, events });

  it('the first signature request carries view=1; re-signs after it (update() on Android) carry neither view nor from', async () => {
    sessionStorage.setItem('share:from', 'timeline');
    const { share, update, fetchMock } = await load({ url: '/app/' });
    await share();
    history.pushState(null, '', '/app/item/7');
    await update();
    const [first, second] = fetchMock.mock.calls.map(([request]) => query(request));
    expect([first!.get('view'), first!.get('from')]).toEqual(['1', 'timeline']);
    expect([second!.get('url'), second!.get('view'), second!.get('from')]).toEqual(['https://example.com/app/item/7', null, null]);
  });

  it('a re-shared link: the redirect keeps `from` in sessionStorage; the page it lands on reports it once', async () => {
    const seen = navigations();
    const first = await load({ url: '/page?id=1&from=singlemessage&isappinstalled=0' });
    void first.share();
    await vi.waitFor(() => expect(seen).toHaveLength(1), WAIT);
    expect(sessionStorage.getItem('share:from')).toBe('singlemessage');
    expect(first.fetchMock).not.toHaveBeenCalled();

    const landed = await load({ url: '/page?id=1' }); // the next page load, same tab
    await landed.share();
    expect(landed.fetchMock).toHaveBeenCalledExactlyOnceWith(
      '/wx/signature?url=' + encodeURIComponent('https://example.com/page?id=1') + '&view=1&from=singlemessage',
    );
    expect(sessionStorage.getItem('share:from')).toBeNull();

    const reloaded = await load({ url: '/page?id=1' }); // a reload does not count the arrival again
    await reloaded.share();
    expect(query(reloaded.fetchMock.mock.calls[0]![0]).get('from')).toBeNull();
  });

  it('redirect: false: the `from` of the url goes with the first request', async () => {
    const { share, fetchMock } = await load({ url: '/page?from=groupmessage&isappinstalled=0' });
    await share({ redirect: false });
    expect([query(fetchMock.mock.calls[0]![0]).get('view'), query(fetchMock.mock.calls[0]![0]).get('from')]).toEqual(['1', 'groupmessage']);
  });

  it('the other-candidate retry carries neither view nor from', async () => {
    sessionStorage.setItem('share:from', 'timeline');
    const wx = createFakeWx((config) => (config.signature === 'for current' ? 'config:invalid signature' : 'config:ok'));
    const answer = (request: string) => json({ ...SIGNATURE, signature: query(request).get('url')!.endsWith('/current') ? 'for current' : 'for landing' });
    const { share, fetchMock } = await load({ url: '/landing', wx, answer });
    history.pushState(null, '', '/current');
    await expect(share()).resolves.toMatchObject({ url: 'https://example.com/landing' });
    const requests = fetchMock.mock.calls.map(([request]) => query(request));
    expect(requests.map((q) => [q.get('url'), q.get('view'), q.get('from')])).toEqual([
      ['https://example.com/current', '1', 'timeline'],
      ['https://example.com/landing', null, null],
    ]);
  });

  it('no sessionStorage (access throws): shares as usual, the request has view=1 and no from', async () => {
    vi.spyOn(window, 'sessionStorage', 'get').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    const seen = navigations();
    const redirected = await load({ url: '/page?from=timeline' });
    void redirected.share();
    await vi.waitFor(() => expect(seen).toHaveLength(1), WAIT); // the redirect still happens
    const { share, fetchMock } = await load({ url: '/page' });
    await expect(share()).resolves.toMatchObject({ url: 'https://example.com/page' });
    expect(fetchMock.mock.calls[0]![0]).toBe('/wx/signature?url=' + encodeURIComponent('https://example.com/page') + '&view=1');
  });

  it('without `events` in the answer (analytics off): a completed share sends no beacon, onShare still runs', async () => {
    const { sendBeacon } = stubBeacon();
    const { share, wx } = await load();
    const onShare = vi.fn();
    await share({ onShare });
    wx.userShares('onMenuShareAppMessage', 'success');
    expect(onShare).toHaveBeenCalledExactlyOnceWith({ api: 'onMenuShareAppMessage', type: 'success' });
    expect(sendBeacon).not.toHaveBeenCalled();
  });

  it('with `events`: each completed legacy share beacons { kind: "share", url, api }; cancel and update* do not', async () => {
    const { sent } = stubBeacon();
    const { share, wx } = await load({ url: '/page?id=1#part', answer: withEvents() });
    const onShare = vi.fn();
    await share({ onShare });
    expect(sent).toEqual([]); // nothing before the user shares
    wx.userShares('onMenuShareAppMessage', 'success');
    wx.userShares('onMenuShareTimeline', 'cancel');
    wx.userShares('updateTimelineShareData', 'success');
    wx.userShares('onMenuShareTimeline', 'success');
    expect(sent).toEqual([
      { url: 'https://example.com/wx/event', event: { kind: 'share', url: 'https://example.com/page?id=1', api: 'onMenuShareAppMessage' } },
      { url: 'https://example.com/wx/event', event: { kind: 'share', url: 'https://example.com/page?id=1', api: 'onMenuShareTimeline' } },
    ]);
    expect(onShare).toHaveBeenCalledTimes(3);
  });

  it('the share beacon names the current page (iOS single-page app after update()), not the landing url', async () => {
    const { sent } = stubBeacon();
    const { share, update, wx } = await load({ ua: IOS, url: '/app/', answer: withEvents() });
    await share();
    history.pushState(null, '', '/app/item/7#x');
    await expect(update()).resolves.toMatchObject({ url: 'https://example.com/app/' });
    wx.userShares('onMenuShareAppMessage', 'success');
    expect(sent.map((s) => (s.event as { url: string }).url)).toEqual(['https://example.com/app/item/7']);
  });

  it('an endpoint on another origin: the beacon goes to the event route next to it', async () => {
    const { sent } = stubBeacon();
    const { share, wx } = await load({ answer: withEvents() });
    await share({ endpoint: 'https://api.example.net/wx/signature?site=a' });
    wx.userShares('onMenuShareQQ', 'success');
    expect(sent.map((s) => s.url)).toEqual(['https://api.example.net/wx/event']);
  });

  it('sendBeacon missing, refusing or throwing: the share flow and onShare are untouched', async () => {
    for (const setup of [
      () => {}, // jsdom: no sendBeacon
      () => stubBeacon(() => false),
      () =>
        stubBeacon(() => {
          throw new TypeError('Illegal invocation');
        }),
    ]) {
      setup();
      const { share, wx } = await load({ answer: withEvents() });
      const onShare = vi.fn();
      await expect(share({ onShare })).resolves.toMatchObject({ source: 'request' });
      expect(() => wx.userShares('onMenuShareAppMessage', 'success')).not.toThrow();
      expect(onShare).toHaveBeenCalledOnce();
    }
  });
});

describe('one configuration owner: jsApiList and openTags', () => {
  it('adds them to the first wx.config, to every one after a route change and to every retry, and resolves with wx', async () => {
    let n = 0;
    // The first and third configs are accepted; the second (the route change) is refused once, then healed.
    const wx = createFakeWx(() => (n++ === 1 ? 'config:invalid signature' : 'config:ok'));
    const { share, update } = await load({ wx });
    const options = { jsApiList: ['scanQRCode', 'chooseImage'], openTags: ['wx-open-launch-weapp'] };
    const result = await share(options);
    expect(result.wx).toBe(wx); // the page's own JS-SDK calls go to the configured wx
    history.pushState(null, '', '/next');
    await update({ title: 'Next' });
    expect(wx.configs).toHaveLength(3);
    for (const config of wx.configs) {
      expect(config.jsApiList).toEqual([...SHARE_APIS, 'scanQRCode', 'chooseImage']);
      expect(config.openTagList).toEqual(['wx-open-launch-weapp']);
    }
  });

  it('with open tags, a route change configures again even where the signed url stays the same (iOS)', async () => {
    const { share, update, wx, signedUrls } = await load({ ua: IOS, url: '/app/' });
    await share({ openTags: ['wx-open-launch-weapp'] });
    history.pushState(null, '', '/app/item/7');
    await update({ title: 'Item 7' });
    expect(signedUrls()).toEqual(['https://example.com/app/', 'https://example.com/app/']); // iOS: the landing url
    expect(wx.configs).toHaveLength(2);
  });

  it('WeixinOpenTagsError reaches onError with the hint (WeChat and iOS versions, permission, iframe)', async () => {
    const { share } = await load();
    const onError = vi.fn();
    await share({ openTags: ['wx-open-launch-weapp'], onError });
    document.dispatchEvent(new CustomEvent('WeixinOpenTagsError', { detail: { errMsg: 'WeixinOpenTagsError:version too low' } }));
    expect(onError).toHaveBeenCalledWith({
      message: 'WeixinOpenTagsError: WeixinOpenTagsError:version too low',
      hint: expect.stringMatching(/7\.0\.12.*10\.3.*permission.*iframe/),
    });
  });

  it('options and the configuration are not shared between pages without them: empty lists by default', async () => {
    const { share, wx } = await load();
    await share(Object.freeze({ jsApiList: undefined, openTags: undefined }));
    expect(wx.configs[0]).toMatchObject({ jsApiList: SHARE_APIS, openTagList: [] });
  });
});

describe('share() and update() in the order framework effects call them', () => {
  it("React: a child's update() before its parent's share(), twice (strict mode): share()'s options, update()'s data, one configuration", async () => {
    const { share, update, wx, fetchMock } = await load();
    const calls = [];
    for (let run = 0; run < 2; run += 1) {
      calls.push(update({ title: 'Item 7' }));
      calls.push(share({ endpoint: '/api/sign', title: 'Shop' }));
    }
    const results = (await Promise.all(calls)) as ShareResult[];
    expect(results.map((result) => result.data.title)).toEqual(['Item 7', 'Item 7', 'Item 7', 'Item 7']);
    expect(fetchMock.mock.calls.map(([request]) => request.split('?')[0])).toEqual(['/api/sign']);
    expect(wx.configs).toHaveLength(1);
  });

  it("an update() in a later task does not leak into a later share(): only the same task's data is kept", async () => {
    const { share, update } = await load();
    await share({ title: 'Shop' });
    await update({ title: 'Item 7' });
    await expect(share({ title: 'Shop again' })).resolves.toMatchObject({ data: { title: 'Shop again' } });
  });
});
