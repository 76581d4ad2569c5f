// @vitest-environment jsdom
// A server-rendered page's #wx-share-config: used for its own url with no request, else the endpoint signs.
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createFakeWx, type FakeWx } from './fake-wx.js';

const ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36 MicroMessenger/8.0.50.2600';
const IOS = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.50';

const ORIGIN = 'https://example.com';
const PAGE = { appId: 'wxpage000000000000', timestamp: 1700000000, nonceStr: 'pagenonce', signature: 'b'.repeat(40) };
const FETCHED = { appId: 'wxpage000000000000', timestamp: 1700000001, nonceStr: 'fetched', signature: 'c'.repeat(40) };

/** What renderConfigScript() writes (here with the raw text given, to write malformed ones too). */
const element = (text: string) => `<script type="application/json" id="wx-share-config">${text}</script>`;
const rendered = (url: string, fields: object = PAGE) => element(JSON.stringify({ ...fields, url }));

/** A fresh client (landing url = the url at import) on a page with this url and head; the endpoint answers FETCHED. */
const load = async (ua: string, url: string, head: string, wx: FakeWx = createFakeWx()) => {
  vi.resetModules();
  Object.defineProperty(navigator, 'userAgent', { value: ua, configurable: true });
  history.replaceState(null, '', url);
  document.head.innerHTML = head;
  window.wx = wx;
  const fetchMock = vi.fn(async (_request: string) => new Response(JSON.stringify(FETCHED)));
  vi.stubGlobal('fetch', fetchMock);
  const client = await import('../src/share.js');
  const signedUrls = () => fetchMock.mock.calls.map(([r]) => new URL(r, location.href).searchParams.get('url'));
  return { ...client, wx, signedUrls };
};

beforeEach(() => void vi.spyOn(console, 'info').mockImplementation(() => {}));
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  sessionStorage.clear();
  delete (navigator as { sendBeacon?: unknown }).sendBeacon;
});

/** navigator.sendBeacon (jsdom has none): the url and parsed body of each beacon. */
const stubBeacon = () => {
  const sent: { url: string; event: unknown }[] = [];
  const sendBeacon = (url: string | URL, body: string) => (sent.push({ url: String(url), event: JSON.parse(body) }), true);
  Object.defineProperty(navigator, 'sendBeacon', { value: sendBeacon, configurable: true });
  return sent;
};

describe('#wx-share-config', () => {
  it('its url is the url to sign: configures from it with no request, source "page"', async () => {
    const { share, wx, signedUrls } = await load(ANDROID, '/article?id=1', rendered(ORIGIN + '/article?id=1'));
    await expect(share()).resolves.toMatchObject({ url: ORIGIN + '/article?id=1', source: 'page' });
    expect(signedUrls()).toEqual([]);
    expect(wx.configs).toMatchObject([{ ...PAGE, debug: false }]);
  });

  it('another url: signs through the endpoint, source "request"', async () => {
    const { share, wx, signedUrls } = await load(ANDROID, '/article?id=1', rendered(ORIGIN + '/article?id=2'));
    await expect(share()).resolves.toMatchObject({ url: ORIGIN + '/article?id=1', source: 'request' });
    expect(signedUrls()).toEqual([ORIGIN + '/article?id=1']);
    expect(wx.configs).toMatchObject([FETCHED]);
  });

  it('no element: signs through the endpoint', async () => {
    const { share, signedUrls } = await load(ANDROID, '/article', '');
    await expect(share()).resolves.toMatchObject({ source: 'request' });
    expect(signedUrls()).toEqual([ORIGIN + '/article']);
  });

  const url = ORIGIN + '/article';
  const MALFORMED: [string, string][] = [
    ['bad JSON', '{"appId":'],
    ['JSON that is not an object', 'null'],
    ['an empty element', ''],
    ['no signature', JSON.stringify({ ...PAGE, signature: undefined, url })],
    ['a signature that is not SHA-1 hex', JSON.stringify({ ...PAGE, signature: 'x'.repeat(40), url })],
    ['no url', JSON.stringify(PAGE)],
    ['oversized text (2048 characters or more)', JSON.stringify({ ...PAGE, url, pad: 'x'.repeat(2048) })],
  ];
  for (const [name, text] of MALFORMED)
    it(`malformed, ${name}: signs through the endpoint`, async () => {
      const { share, wx, signedUrls } = await load(ANDROID, '/article', element(text));
      await expect(share()).resolves.toMatchObject({ source: 'request' });
      expect(signedUrls()).toEqual([url]);
      expect(wx.configs).toMatchObject([FETCHED]);
    });

  // The other fields are WeChat's to check: it refuses such a config, and the endpoint signs the same url.
  const REFUSED: [string, object][] = [
    ['a timestamp as a string', { ...PAGE, timestamp: '1700000000' }],
    ['an appId that is a number', { ...PAGE, appId: 42 }],
    ['no nonceStr', { ...PAGE, nonceStr: undefined }],
  ];
  for (const [name, fields] of REFUSED)
    it(`${name}: tried, and when WeChat refuses it the endpoint signs the same url`, async () => {
      const wx = createFakeWx((config) => (config.signature === PAGE.signature ? 'config:invalid signature' : 'config:ok'));
      const { share, signedUrls } = await load(ANDROID, '/article', rendered(url, fields), wx);
      await expect(share()).resolves.toMatchObject({ url, source: 'request' });
      expect(signedUrls()).toEqual([url]);
      expect(wx.configs.map((c) => c.signature)).toEqual([PAGE.signature, FETCHED.signature]);
    });

  it('a re-shared url: redirects first, without using the element or asking the endpoint', async () => {
    const { share, wx, signedUrls } = await load(ANDROID, '/article?from=timeline', rendered(ORIGIN + '/article?from=timeline'));
    // jsdom reports location.replace() to another document as "not implemented": the navigation probe.
    const navigations: string[] = [];
    const virtualConsole = (window as unknown as { jsdom: import('jsdom').JSDOM }).jsdom.virtualConsole;
    const listener = (error: { message: string }) => navigations.push(error.message);
    virtualConsole.on('jsdomError', listener);
    onTestFinished(() => void virtualConsole.off('jsdomError', listener));
    void share({ debug: true });
    await vi.waitFor(() => expect(navigations).toHaveLength(1));
    expect(console.info).toHaveBeenCalledWith('[share]', 'redirect', ORIGIN + '/article');
    expect(signedUrls()).toEqual([]);
    expect(wx.configs).toEqual([]);
  });

  it('after the canonical redirect, an element still naming the re-shared url: signs through the endpoint', async () => {
    const { share, signedUrls } = await load(ANDROID, '/article', rendered(ORIGIN + '/article?from=timeline'));
    await expect(share()).resolves.toMatchObject({ url: ORIGIN + '/article', source: 'request' });
    expect(signedUrls()).toEqual([ORIGIN + '/article']);
  });

  it('iOS single-page app: the landing url from the page; a later route keeps that config (no request)', async () => {
    const { share, update, wx, signedUrls } = await load(IOS, '/app/', rendered(ORIGIN + '/app/'));
    await expect(share()).resolves.toMatchObject({ url: ORIGIN + '/app/', source: 'page' });
    history.pushState(null, '', '/app/item/7');
    await expect(update({ title: 'Item 7' })).resolves.toMatchObject({ url: ORIGIN + '/app/', source: 'page' });
    expect(signedUrls()).toEqual([]);
    expect(wx.configs).toHaveLength(1);
  });

  it('iOS single-page app loaded after its router moved: the landing url is not the rendered one, the endpoint signs', async () => {
    history.replaceState(null, '', '/app/'); // what the server rendered
    const { share, signedUrls } = await load(IOS, '/app/item/7', rendered(ORIGIN + '/app/'));
    await expect(share()).resolves.toMatchObject({ url: ORIGIN + '/app/item/7', source: 'request' });
    expect(signedUrls()).toEqual([ORIGIN + '/app/item/7']);
  });

  it('Android single-page app: a later route signs through the endpoint', async () => {
    const { share, update, signedUrls } = await load(ANDROID, '/app/', rendered(ORIGIN + '/app/'));
    await share();
    history.pushState(null, '', '/app/item/7');
    await expect(update()).resolves.toMatchObject({ url: ORIGIN + '/app/item/7', source: 'request' });
    expect(signedUrls()).toEqual([ORIGIN + '/app/item/7']);
  });

  it('used for the first configuration only: back on its url, the endpoint signs', async () => {
    const { share, update, signedUrls } = await load(ANDROID, '/app/', rendered(ORIGIN + '/app/'));
    await share();
    history.pushState(null, '', '/app/item/7');
    await update();
    history.pushState(null, '', '/app/');
    await expect(update()).resolves.toMatchObject({ source: 'request' });
    expect(signedUrls()).toEqual([ORIGIN + '/app/item/7', ORIGIN + '/app/']);
  });
});

describe('WeChat refuses the page signature (config:invalid signature)', () => {
  const refusesPage = () => createFakeWx((config) => (config.signature === PAGE.signature ? 'config:invalid signature' : 'config:ok'));

  it('two candidates: the other url is signed through the endpoint once, and resolves with it', async () => {
    const wx = refusesPage();
    const { share, signedUrls } = await load(IOS, '/landing', rendered(ORIGIN + '/landing'), wx);
    history.pushState(null, '', '/current');
    await expect(share()).resolves.toMatchObject({ url: ORIGIN + '/current', source: 'request' });
    expect(signedUrls()).toEqual([ORIGIN + '/current']);
    expect(wx.configs.map((c) => c.signature)).toEqual([PAGE.signature, FETCHED.signature]);
  });

  it('one candidate: the endpoint signs the same url once, no failure is reported; later calls never use the element', async () => {
    const wx = refusesPage();
    const { share, update, signedUrls } = await load(ANDROID, '/article', rendered(ORIGIN + '/article'), wx);
    const onError = vi.fn();
    await expect(share({ onError })).resolves.toMatchObject({ url: ORIGIN + '/article', source: 'request' });
    expect(onError).not.toHaveBeenCalled();
    expect(signedUrls()).toEqual([ORIGIN + '/article']);
    expect(wx.configs.map((c) => c.signature)).toEqual([PAGE.signature, FETCHED.signature]);
    history.pushState(null, '', '/other');
    history.pushState(null, '', '/article');
    await expect(update()).resolves.toMatchObject({ source: 'request' });
    expect(wx.configs).toHaveLength(2); // the same url: no new configuration
  });

  it('any refusal of the page signature (not only invalid signature) goes to the endpoint, once', async () => {
    const wx = createFakeWx(() => 'config:invalid appid');
    const { share, signedUrls } = await load(ANDROID, '/article', rendered(ORIGIN + '/article'), wx);
    const onError = vi.fn();
    // jweixin runs ready at once on a second config: WeChat's verdict on it still decides.
    await expect(share({ onError })).rejects.toMatchObject({ message: 'config:invalid appid' });
    expect(onError).toHaveBeenCalledExactlyOnceWith({ message: 'config:invalid appid', hint: '' });
    expect(signedUrls()).toEqual([ORIGIN + '/article']);
    expect(wx.configs).toHaveLength(2); // never more than two wx.config for a page url
  });
});

describe('the view of a server-rendered page (no signature request to carry it)', () => {
  const withEvents = (url: string) => rendered(url, { ...PAGE, events: '/wx/event' });

  it('with `events`: one beacon { kind: "view", url, from } when the page configures from the element', async () => {
    const sent = stubBeacon();
    sessionStorage.setItem('share:from', 'timeline'); // kept by the canonical redirect that led here
    const { share, update, signedUrls } = await load(ANDROID, '/article?id=1', withEvents(ORIGIN + '/article?id=1'));
    await expect(share()).resolves.toMatchObject({ source: 'page' });
    await update({ title: 'again' }); // same url: no new configuration, no new view
    expect(sent).toEqual([{ url: ORIGIN + '/wx/event', event: { kind: 'view', url: ORIGIN + '/article?id=1', from: 'timeline' } }]);
    expect(signedUrls()).toEqual([]);
    expect(sessionStorage.getItem('share:from')).toBeNull();
  });

  it('with `events` and no `from`: the beacon has no from field', async () => {
    const sent = stubBeacon();
    const { share } = await load(ANDROID, '/article', withEvents(ORIGIN + '/article'));
    await share();
    expect(sent.map((s) => s.event)).toEqual([{ kind: 'view', url: ORIGIN + '/article' }]);
  });

  it('without `events` (analytics off): no beacon', async () => {
    const sent = stubBeacon();
    const { share } = await load(ANDROID, '/article', rendered(ORIGIN + '/article'));
    await expect(share()).resolves.toMatchObject({ source: 'page' });
    expect(sent).toEqual([]);
  });

  it('an element for another url: no beacon, the view goes with the signature request', async () => {
    const sent = stubBeacon();
    const { share, signedUrls } = await load(ANDROID, '/article?id=1', withEvents(ORIGIN + '/article?id=2'));
    await share();
    expect(sent).toEqual([]);
    expect(signedUrls()).toEqual([ORIGIN + '/article?id=1']);
    expect(new URL((fetch as unknown as { mock: { calls: [string][] } }).mock.calls[0]![0], ORIGIN).searchParams.get('view')).toBe('1');
  });

  it('refused by WeChat: the retry through the endpoint reports no second view', async () => {
    const sent = stubBeacon();
    const wx = createFakeWx((config) => (config.signature === PAGE.signature ? 'config:invalid signature' : 'config:ok'));
    const { share } = await load(IOS, '/landing', withEvents(ORIGIN + '/landing'), wx);
    history.pushState(null, '', '/current');
    await expect(share()).resolves.toMatchObject({ url: ORIGIN + '/current', source: 'request' });
    expect(sent.map((s) => s.event)).toEqual([{ kind: 'view', url: ORIGIN + '/landing' }]);
    const request = (fetch as unknown as { mock: { calls: [string][] } }).mock.calls[0]![0];
    expect(new URL(request, ORIGIN).searchParams.get('view')).toBeNull();
  });

  it('sendBeacon throwing: configures from the page as usual', async () => {
    Object.defineProperty(navigator, 'sendBeacon', {
      value: () => {
        throw new TypeError('Illegal invocation');
      },
      configurable: true,
    });
    const { share } = await load(ANDROID, '/article', withEvents(ORIGIN + '/article'));
    await expect(share()).resolves.toMatchObject({ source: 'page' });
  });
});
