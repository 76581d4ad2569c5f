// share() in the containers that are not WeChat itself: WeCom (企业微信) and a mini-program's web-view. Loaded only
// there: dist/share-apps.js for the script tag, a chunk of its own (dist/share-containers.js) for bundlers.
import { arrival } from './analytics.js';
import { canonical } from './canonical.js';
import { shareData } from './data.js';
import { ENDPOINT, JWEIXIN, loadScript, toFailure, viewParams, within } from './defaults.js';
import { failure } from './failure.js';
import { log } from './log.js';
import { fetchSignature } from './signature.js';
import type { ShareData, ShareOptions, ShareResult, Signature, Wx } from './types.js';

/** WeCom's JS-SDK (@wecom/jssdk, global `ww`), from WeCom's CDN (developer.work.weixin.qq.com/document/path/98560). */
export const WECOM_SDK = 'https://wwcdn.weixin.qq.com/node/open/js/wecom-jssdk-2.0.2.js';

/**
 * The share APIs WeCom offers (to a chat, to WeChat, to Moments), then the page's own `jsApiList`. A fresh array each
 * time: jweixin rewrites jsApiList in place.
 */
export const wecomApis = (o: ShareOptions = {}) => ['onMenuShareAppMessage', 'onMenuShareWechat', 'onMenuShareTimeline', ...(o.jsApiList || [])];

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

/** The WeCom answer of the signature endpoint: the corp signature, and the app's when it has an agentId. */
interface WecomSignature extends Signature {
  agentConfig?: { corpid: string; agentid: string | number; timestamp: number; nonceStr: string; signature: string };
}

/** What the callbacks of an SDK pass: anything, from a hostile page. */
const message = (res: unknown, fallback: string) => {
  const text = (res as { errMsg?: unknown; message?: unknown } | undefined)?.errMsg ?? (res as { message?: unknown } | undefined)?.message;
  return failure('' + (text || fallback));
};

/** @wecom/jssdk: ww.register with both signature functions; it runs config and/or agentConfig as the WeCom version needs. */
const registerWw = (o: ShareOptions, ww: Ww, signature: WecomSignature) => {
  const agent = signature.agentConfig;
  ww.register({
    corpId: signature.appId,
    ...(agent ? { agentId: agent.agentid, getAgentConfigSignature: () => agent } : {}),
    jsApiList: wecomApis(o),
    getConfigSignature: () => signature,
  });
  return ww.ensureConfigReady().catch((res: unknown) => {
    throw message(res, agent ? 'agentConfig:fail' : 'config:fail');
  });
};

/** jweixin 1.2.0 (+ jwxwork-1.0.0.js for agentConfig): wx.config with beta: true, then wx.agentConfig. */
const configureWx = (o: ShareOptions, wx: Wx, signature: WecomSignature) =>
  new Promise<void>((resolve, reject) => {
    const { appId, timestamp, nonceStr, agentConfig: agent } = signature;
    let refused = false;
    wx.error((res) => {
      refused = true;
      reject(message(res, 'config:fail'));
    });
    const config = { beta: true, debug: false, appId, timestamp, nonceStr, signature: signature.signature };
    wx.config({ ...config, jsApiList: wecomApis(o), openTagList: [...(o.openTags || [])] });
    wx.ready(() => {
      if (refused) return;
      if (!agent) return resolve();
      const agentConfig = wx.agentConfig as ((config: object) => void) | undefined;
      if (typeof agentConfig !== 'function') {
        return reject(failure('agentConfig: this jweixin has none (load jwxwork-1.0.0.js, or @wecom/jssdk)'));
      }
      agentConfig({ ...agent, jsApiList: wecomApis(o), success: () => resolve(), fail: (res: unknown) => reject(message(res, 'agentConfig:fail')) });
    });
  });

/** Set by the first signature request of the page load, which reports the page's view (as share.ts does in WeChat). */
let viewed = false;

/** The url signed and its configuration, reused while the url stays the same (update() on the same url). */
let configured: { url: string; done: Promise<[Record<string, unknown>, WecomSignature]> } | undefined;

/** Signs `url` with the corp's ticket (and the app's) and configures the page's SDK, else WeCom's JS-SDK. */
const configureWecom = async (o: ShareOptions, url: string): Promise<[Record<string, unknown>, WecomSignature]> => {
  const endpoint = o.endpoint || ENDPOINT;
  // The first request of the page load reports the view, with WeChat's `from` (kept by the canonical redirect).
  const view = viewed ? '' : viewParams(arrival(location.href));
  viewed = true;
  const query = (endpoint.includes('?') ? '&' : '?') + 'container=wecom';
  const signing = fetchSignature(endpoint + query, url, view) as Promise<WecomSignature>;
  // The page's own SDK first (ww, or jweixin 1.2.0 with jwxwork), else WeCom's JS-SDK.
  const sdk = w().ww || w().wx ? undefined : loadScript(o.wecomSdkUrl || WECOM_SDK);
  const [signature] = await Promise.all([signing, sdk]);
  const { ww, wx } = w();
  if (ww?.register) {
    await registerWw(o, ww, signature);
    return [ww, signature];
  }
  if (!wx?.config) throw failure('jweixin not loaded');
  await configureWx(o, wx, signature);
  return [wx, signature];
};

const wecom = async (o: ShareOptions, target: string): Promise<ShareResult> => {
  const url = location.href.split('#')[0]!; // WeCom verifies the current url (as WeCom's own JS-SDK signs)
  // A configuration that failed or timed out is dropped: the next call signs again.
  if (configured?.url !== url) configured = { url, done: within(configureWecom(o, url), o.timeout) };
  const mine = configured;
  const [sdk, signature] = await mine.done.catch((error: unknown) => {
    if (configured === mine) configured = undefined;
    throw error;
  });
  const data = shareData(o, target);
  for (const api of wecomApis()) {
    const event = (type: 'success' | 'cancel') => () => o.onShare?.({ api, type });
    (sdk[api] as ((arg: object) => void) | undefined)?.({ ...data, success: event('success'), cancel: event('cancel') });
  }
  const agentConfig = signature.agentConfig ? { agentConfig: 'agentConfig:ok' } : {};
  return { available: true, wx: sdk as Wx, url, appId: signature.appId, data, source: 'request', container: 'wecom', ...agentConfig };
};

/** A mini-program's web-view: no signature; the mini-program's onShareAppMessage gets the data the page posts. */
const miniProgram = async (o: ShareOptions, target: string): Promise<ShareResult> => {
  const src = o.sdkUrl || JWEIXIN;
  if (!w().wx) await within(loadScript(src), o.timeout);
  const wx = w().wx;
  if (!wx) throw failure('jweixin not loaded: ' + src);
  const post = (wx.miniProgram as { postMessage?: (message: object) => void } | undefined)?.postMessage;
  if (!post) throw failure('jweixin has no wx.miniProgram: use jweixin 1.3.2 or later');
  const data: Required<ShareData> = shareData(o, target);
  post({ data });
  return { available: true, wx, url: location.href.split('#')[0]!, appId: '', data, source: 'none', container: 'miniprogram' };
};

/**
 * share() / update() there, after share.ts's checks and canonical redirect: reports like the WeChat flow (debug log,
 * onError) and rejects with a ShareFailure.
 */
export const share = async (o: ShareOptions): Promise<ShareResult> => {
  const target = canonical(location.href);
  const container = containerOf() || 'miniprogram';
  log(o, container, target);
  try {
    const result = await (container === 'wecom' ? wecom : miniProgram)(o, target);
    log(o, 'accepted', result.url, result.data);
    return result;
  } catch (error) {
    const reason = toFailure(error);
    log(o, reason.message, reason.hint);
    o.onError?.(reason);
    throw reason;
  }
};
