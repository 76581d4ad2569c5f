// share() in the containers that are not WeChat itself: WeCom (企业微信) and a mini-program's web-view. Loaded only
// there: dist/share-apps.js for the script tag, a chunk of its own (dist/share-containers.js) for bundlers.
import { arrival } from './analytics.js';
import { canonical } from './canonical.js';
import { shareData } from './data.js';
import { failure } from './failure.js';
import { fetchSignature } from './signature.js';
import type { ShareData, ShareFailure, ShareOptions, ShareResult, Signature, Wx } from './types.js';

/** WeCom's JS-SDK (@wecom/jssdk, global `ww`), from WeCom's CDN (developer.work.weixin.qq.com/document/path/98560). */
export const WECOM_SDK = 'https://wwcdn.weixin.qq.com/node/open/js/wecom-jssdk-2.0.2.js';
const JWEIXIN = 'https://res.wx.qq.com/open/js/jweixin-1.6.0.js';

/** The share APIs WeCom offers: to a chat, to WeChat, to Moments. A fresh array each time: jweixin rewrites jsApiList in place. */
export const wecomApis = () => ['onMenuShareAppMessage', 'onMenuShareWechat', 'onMenuShareTimeline'];

/** The part of @wecom/jssdk the client uses. */
interface Ww {
  register(options: Record<string, unknown>): void;
  ensureConfigReady(): Promise<unknown>;
  [api: string]: unknown;
}

type Global = Window & { ww?: Ww; wx?: Wx; __wxjs_environment?: unknown };
const w = () => window as Global;

/** WeCom's UA says `wxwork/` (and MicroMessenger too); a web-view's says `miniProgram` (WeChat 7.0+). As share.ts tests. */
export const containerOf = (): 'wecom' | 'miniprogram' | undefined =>
  /wxwork/i.test(navigator.userAgent)
    ? 'wecom'
    : /miniprogram/i.test(navigator.userAgent) || w().__wxjs_environment === 'miniprogram'
      ? 'miniprogram'
      : undefined;

const scripts = new Map<string, Promise<void>>();
/** Loads a classic script once per url (a failed load is tried again next time). */
const load = (src: string) => {
  let loading = scripts.get(src);
  if (!loading) {
    loading = new Promise<void>((resolve, reject) => {
      const done = (ok: boolean) => () => (ok ? resolve() : (scripts.delete(src), reject(failure('jweixin not loaded: ' + src))));
      document.head.append(Object.assign(document.createElement('script'), { src, onload: done(true), onerror: done(false) }));
    });
    scripts.set(src, loading);
  }
  return loading;
};

/** The WeCom answer of the signature endpoint: the corp signature, and the app's when it has an agentId. */
interface WecomSignature extends Signature {
  agentConfig?: { corpid: string; agentid: string | number; timestamp: number; nonceStr: string; signature: string };
}

/** Rejects with 'timeout' when `promise` takes longer than `timeout` ms (the options' timeout, default 8000). */
const within = <T>(promise: Promise<T>, o: ShareOptions) =>
  new Promise<T>((resolve, reject) => {
    setTimeout(reject, o.timeout || 8000, failure('timeout'));
    promise.then(resolve, reject);
  });

/** What the callbacks of an SDK pass: anything, from a hostile page. */
const message = (res: unknown, fallback: string) => {
  const text = (res as { errMsg?: unknown; message?: unknown } | undefined)?.errMsg ?? (res as { message?: unknown } | undefined)?.message;
  return failure('' + (text || fallback));
};

/** @wecom/jssdk: ww.register with both signature functions; it runs config and/or agentConfig as the WeCom version needs. */
const registerWw = (ww: Ww, signature: WecomSignature) => {
  const agent = signature.agentConfig;
  ww.register({
    corpId: signature.appId,
    ...(agent ? { agentId: agent.agentid, getAgentConfigSignature: () => agent } : {}),
    jsApiList: wecomApis(),
    getConfigSignature: () => signature,
  });
  return ww.ensureConfigReady().catch((res: unknown) => {
    throw message(res, agent ? 'agentConfig:fail' : 'config:fail');
  });
};

/** jweixin 1.2.0 (+ jwxwork-1.0.0.js for agentConfig): wx.config with beta: true, then wx.agentConfig. */
const configureWx = (wx: Wx, signature: WecomSignature) =>
  new Promise<void>((resolve, reject) => {
    const { appId, timestamp, nonceStr, agentConfig: agent } = signature;
    let failed: unknown;
    wx.error((res) => reject((failed = message(res, 'config:fail'))));
    wx.config({ beta: true, debug: false, appId, timestamp, nonceStr, signature: signature.signature, jsApiList: wecomApis() } as Parameters<Wx['config']>[0]);
    wx.ready(() => {
      if (failed) return;
      if (!agent) return resolve();
      const agentConfig = wx.agentConfig as ((config: object) => void) | undefined;
      if (typeof agentConfig !== 'function') return reject(failure('agentConfig: this jweixin has none (load jwxwork-1.0.0.js, or @wecom/jssdk)'));
      agentConfig({ ...agent, jsApiList: wecomApis(), success: () => resolve(), fail: (res: unknown) => reject(message(res, 'agentConfig:fail')) });
    });
  });

/** Set by the first signature request of the page load, which reports the page's view (as share.ts does in WeChat). */
let viewed = false;

/** The url signed and its configuration, reused while the url stays the same (update() on the same url). */
let configured: { url: string; done: Promise<[Record<string, unknown>, WecomSignature]> } | undefined;

const configureWecom = (o: ShareOptions, url: string) => {
  const endpoint = o.endpoint || '/wx/signature';
  // The first request of the page load carries &view=1, and WeChat's `from` (kept by the canonical redirect).
  const from = viewed ? undefined : arrival(location.href);
  const view = viewed ? '' : '&view=1' + (from ? '&from=' + from : '');
  viewed = true;
  const signing = fetchSignature(endpoint + (endpoint.includes('?') ? '&' : '?') + 'container=wecom', url, view) as Promise<WecomSignature>;
  // The page's own SDK first (ww, or jweixin 1.2.0 with jwxwork), else WeCom's JS-SDK.
  const sdk = w().ww || w().wx ? Promise.resolve() : load(o.wecomSdkUrl || WECOM_SDK);
  return Promise.all([signing, sdk]).then(async ([signature]) => {
    const { ww, wx } = w();
    if (ww?.register) await registerWw(ww, signature);
    else if (wx?.config) await configureWx(wx, signature);
    else throw failure('jweixin not loaded');
    return [(ww?.register ? ww : wx) as Record<string, unknown>, signature] as [Record<string, unknown>, WecomSignature];
  });
};

const wecom = async (o: ShareOptions, target: string): Promise<ShareResult> => {
  const url = location.href.split('#')[0]!; // WeCom verifies the current url (as WeCom's own JS-SDK signs)
  // A configuration that timed out is dropped like a failed one: the next call signs again.
  if (configured?.url !== url) configured = { url, done: within(configureWecom(o, url), o) };
  const [sdk, signature] = await configured.done.catch((error) => {
    throw ((configured = undefined), error); // the next call tries again
  });
  const data = shareData(o, target);
  for (const api of wecomApis()) {
    const event = (type: 'success' | 'cancel') => () => o.onShare?.({ api, type });
    (sdk[api] as ((arg: object) => void) | undefined)?.({ ...data, success: event('success'), cancel: event('cancel') });
  }
  return { url, appId: signature.appId, data, source: 'request', container: 'wecom', ...(signature.agentConfig ? { agentConfig: 'agentConfig:ok' } : {}) };
};

/** A mini-program's web-view: no signature; the mini-program's onShareAppMessage gets the data the page posts. */
const miniProgram = async (o: ShareOptions, target: string): Promise<ShareResult> => {
  const wx = w().wx || (await within(load(o.sdkUrl || JWEIXIN), o), w().wx);
  const post = (wx?.miniProgram as { postMessage?: (message: object) => void } | undefined)?.postMessage;
  if (!post) throw failure('jweixin has no wx.miniProgram: use jweixin 1.3.2 or later');
  const data: Required<ShareData> = shareData(o, target);
  post({ data });
  return { url: location.href.split('#')[0]!, appId: '', data, source: 'none', container: 'miniprogram' };
};

/**
 * share() / update() there, after share.ts's checks and canonical redirect: reports like the WeChat flow (debug log,
 * onError) and rejects with a ShareFailure.
 */
export const share = (o: ShareOptions): Promise<ShareResult> => {
  const target = canonical(location.href);
  const log = (...args: unknown[]) => o.debug && console.info('[share]', ...args);
  const container = containerOf();
  const run = container === 'wecom' ? wecom : miniProgram;
  log(container || 'miniprogram', target);
  return run(o, target).then(
    (result) => (log('accepted', result.url, result.data), result),
    (error: unknown) => {
      const reason = (error as ShareFailure)?.hint == null ? failure(String(error)) : (error as ShareFailure);
      log(reason.message, reason.hint);
      o.onError?.(reason);
      throw reason;
    },
  );
};
