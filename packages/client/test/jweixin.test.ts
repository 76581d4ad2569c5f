// @vitest-environment jsdom
// share() and update() against the REAL jweixin 1.6.0 (the file res.wx.qq.com serves, from the weixin-js-sdk
// package) over a scripted WeixinJSBridge: checks what the fake wx of the other tests assumes about jweixin.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const JWEIXIN = readFileSync(
  createRequire(import.meta.url).resolve('weixin-js-sdk/index.original.js'),
  'utf8',
);
const ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Mobile MicroMessenger/8.0.50.2600(0x28003253)';
const SIGNATURE = { appId: 'wx1234567890abcdef', timestamp: 1700000000, nonceStr: 'n0nce', signature: 'd'.repeat(40) };
const WAIT = { timeout: 20_000 };

type Callback = (res: Record<string, unknown>) => void;

/** WeChat's side of the bridge: answers invokes asynchronously, keeps `on` handlers, records everything. */
const createBridge = (verify: (args: Record<string, unknown>) => string = () => 'preVerifyJSAPI:ok') => {
  const invokes: { name: string; args: Record<string, unknown> }[] = [];
  const handlers = new Map<string, Callback>();
  let userChoice = 'ok';
  const bridge = {
    invokes,
    handlers,
    invoke(name: string, args: Record<string, unknown>, callback: Callback) {
      invokes.push({ name, args });
      const answer =
        name === 'preVerifyJSAPI'
          ? verify(args)
          : name === 'getNetworkType'
            ? 'network_type:wifi'
            : /^share|^sendAppMessage/.test(name)
              ? `${name}:${userChoice}`
              : `${name}:ok`;
      setTimeout(() => callback({ err_msg: answer }), 0);
    },
    on(name: string, callback: Callback) {
      handlers.set(name, callback);
    },
    /** The user taps "share to …" in the menu and then sends or cancels. */
    userShares(event: string, choice: 'ok' | 'cancel') {
      userChoice = choice;
      handlers.get(event)!({});
    },
  };
  return bridge;
};

const load = async (bridge: ReturnType<typeof createBridge> | undefined, url = '/app/') => {
  vi.resetModules();
  Object.defineProperty(navigator, 'userAgent', { value: ANDROID, configurable: true });
  history.replaceState(null, '', url);
  Object.assign(window, { WeixinJSBridge: bridge, wx: undefined, jWeixin: undefined });
  new Function(JWEIXIN).call(window); // as a classic <script>: defines window.wx
  vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ ...SIGNATURE, url: location.href }))));
  return import('../src/share.js');
};

beforeEach(() => {
  document.head.innerHTML = '<meta property="og:image" content="/card.png">';
  document.title = 'App';
});
afterEach(() => {
  vi.unstubAllGlobals();
  delete (window as { WeixinJSBridge?: unknown }).WeixinJSBridge;
});

describe('with the real jweixin 1.6.0', () => {
  it('verifies the signature with all seven APIs, then sets the share data through the bridge', async () => {
    const bridge = createBridge();
    const { share } = await load(bridge);
    await expect(share()).resolves.toMatchObject({ url: 'https://example.com/app/' });
    expect(bridge.invokes[0]).toEqual({
      name: 'preVerifyJSAPI',
      args: {
        verifyJsApiList: [
          'updateAppMessageShareData',
          'updateTimelineShareData',
          'menu:share:timeline',
          'menu:share:appmessage',
          'menu:share:qq',
          'menu:share:weiboApp',
          'menu:share:QZone',
        ],
        verifyOpenTagList: [],
        appId: SIGNATURE.appId,
        verifyAppId: SIGNATURE.appId,
        verifySignType: 'sha1',
        verifyTimestamp: String(SIGNATURE.timestamp),
        verifyNonceStr: SIGNATURE.nonceStr,
        verifySignature: SIGNATURE.signature,
      },
    });
    const card = { title: 'App', link: 'https://example.com/app/', imgUrl: 'https://example.com/card.png' };
    expect(bridge.invokes.find((i) => i.name === 'updateAppMessageShareData')!.args).toMatchObject({ ...card, desc: '' });
    expect(bridge.invokes.find((i) => i.name === 'updateTimelineShareData')!.args).toMatchObject(card);
    expect([...bridge.handlers.keys()].sort()).toEqual(
      ['menu:share:QZone', 'menu:share:appmessage', 'menu:share:qq', 'menu:share:timeline', 'menu:share:weiboApp'],
    );
  });

  it('a failed verification rejects with jweixin’s message, and no share API reaches the bridge', async () => {
    const bridge = createBridge(() => 'preVerifyJSAPI:fail_invalid signature');
    const { share } = await load(bridge);
    const onError = vi.fn();
    await expect(share({ onError })).rejects.toMatchObject({ message: 'config:invalid signature' });
    expect(onError).toHaveBeenCalledOnce();
    await new Promise((resolve) => setTimeout(resolve, 10)); // jweixin's ready callbacks have run by now
    const ours = bridge.invokes.map((i) => i.name).filter((name) => name !== 'getNetworkType'); // jweixin's beacon
    expect(ours).toEqual(['preVerifyJSAPI']);
    expect(bridge.handlers.size).toBe(0);
  });

  it('reports the legacy share results to onShare', async () => {
    const bridge = createBridge();
    const { share } = await load(bridge);
    const onShare = vi.fn();
    await share({ onShare });
    bridge.userShares('menu:share:timeline', 'ok');
    bridge.userShares('menu:share:appmessage', 'cancel');
    await vi.waitFor(() => expect(onShare).toHaveBeenCalledTimes(2), WAIT);
    expect(onShare.mock.calls).toEqual([
      [{ api: 'onMenuShareTimeline', type: 'success' }],
      [{ api: 'onMenuShareAppMessage', type: 'cancel' }],
    ]);
    expect(bridge.invokes.find((i) => i.name === 'shareTimeline')!.args).toMatchObject({
      title: 'App',
      link: 'https://example.com/app/',
      img_url: 'https://example.com/card.png',
    });
  });

  it('waits for WeixinJSBridgeReady when the bridge comes later', async () => {
    const bridge = createBridge();
    const { share } = await load(undefined);
    const done = share();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(bridge.invokes).toEqual([]);
    Object.assign(window, { WeixinJSBridge: bridge });
    document.dispatchEvent(new Event('WeixinJSBridgeReady'));
    await expect(done).resolves.toMatchObject({ appId: SIGNATURE.appId });
  });

  it('Android single-page app: a refused config after a route change is retried once, then rejects and reaches onError', async () => {
    let configs = 0;
    const bridge = createBridge(() => (configs++ ? 'preVerifyJSAPI:fail_invalid signature' : 'preVerifyJSAPI:ok'));
    const { share, update } = await load(bridge);
    const onError = vi.fn();
    await share({ onError });
    history.pushState(null, '', '/app/item/7');
    // jweixin runs ready at once on a second config: the verdict comes with WeChat's answer.
    await expect(update({ title: 'Item 7' })).rejects.toMatchObject({ message: 'config:invalid signature' });
    expect(onError).toHaveBeenCalledOnce();
    expect(bridge.invokes.filter((i) => i.name === 'preVerifyJSAPI')).toHaveLength(3); // the first, then two for item 7
  });

  it('a route change refused (HarmonyOS WeChat verifies the landing url): heals with the landing url, then applies the card', async () => {
    const LANDING = 'https://example.com/app/';
    const bridge = createBridge((args) =>
      args.verifySignature === 'for ' + LANDING ? 'preVerifyJSAPI:ok' : 'preVerifyJSAPI:fail_invalid signature',
    );
    const { share, update } = await load(bridge);
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: string) => {
        const url = new URL(request, location.href).searchParams.get('url');
        return new Response(JSON.stringify({ ...SIGNATURE, signature: 'for ' + url }));
      }),
    );
    const onError = vi.fn();
    await share({ onError, openTags: ['wx-open-launch-weapp'], jsApiList: ['scanQRCode'] });
    history.pushState(null, '', '/app/item/7');
    await expect(update({ title: 'Item 7' })).resolves.toMatchObject({ url: LANDING });
    const configs = bridge.invokes.filter((i) => i.name === 'preVerifyJSAPI').map((i) => i.args);
    expect(configs.map((c) => c.verifySignature)).toEqual(['for ' + LANDING, 'for https://example.com/app/item/7', 'for ' + LANDING]);
    for (const config of configs) {
      expect(config.verifyOpenTagList).toEqual(['wx-open-launch-weapp']);
      expect(config.verifyJsApiList).toContain('scanQRCode');
    }
    // The new card reached the bridge after the accepted configuration.
    const last = bridge.invokes.map((i) => i.name).lastIndexOf('preVerifyJSAPI');
    const after = bridge.invokes.slice(last).filter((i) => i.name === 'updateAppMessageShareData');
    expect(after.map((i) => i.args.title)).toEqual(['Item 7']);
    expect(onError).not.toHaveBeenCalled();
  });

  it('self-healing: WeChat refuses the current url, the client signs the landing url and jweixin configures again', async () => {
    const bridge = createBridge((args) =>
      args.verifySignature === 'for https://example.com/app/' ? 'preVerifyJSAPI:ok' : 'preVerifyJSAPI:fail_invalid signature',
    );
    const { share } = await load(bridge);
    history.pushState(null, '', '/app/item/7');
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: string) => {
        const url = new URL(request, location.href).searchParams.get('url');
        return new Response(JSON.stringify({ ...SIGNATURE, signature: 'for ' + url, url }));
      }),
    );
    const onError = vi.fn();
    await expect(share({ onError })).resolves.toMatchObject({ url: 'https://example.com/app/' });
    const verified = bridge.invokes.filter((i) => i.name === 'preVerifyJSAPI').map((i) => i.args.verifySignature);
    expect(verified).toEqual(['for https://example.com/app/item/7', 'for https://example.com/app/']);
    await vi.waitFor(() => expect(bridge.invokes.some((i) => i.name === 'updateAppMessageShareData')).toBe(true), WAIT);
    expect(onError).not.toHaveBeenCalled();
  });
});
