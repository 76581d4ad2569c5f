// Public types of @share/client, and the small slice of jweixin's `wx` object it drives.

/** What WeChat shows on the share card. Every field is optional: defaults come from the page. */
export interface ShareData {
  /** Card title. Defaults to `<meta property="og:title">`, else `document.title`. */
  title?: string | undefined;
  /** Card description. Defaults to `<meta property="og:description">`, else `<meta name="description">`. */
  desc?: string | undefined;
  /** Link the card opens. Made absolute. Defaults to the page url without WeChat's share parameters, hash kept. */
  link?: string | undefined;
  /** Card image. Made absolute. Defaults to `<meta property="og:image">`. */
  imgUrl?: string | undefined;
}

export interface ShareOptions extends ShareData {
  /** Signature endpoint (`wxShare()` of @share/server); may be absolute on another origin. Defaults to `'/wx/signature'`. */
  endpoint?: string | undefined;
  /**
   * The account that signs, when the server signs for several (a third-party platform's brands): sent as `appid` with
   * every signature request. Script tag: `data-appid="wx…"`. Defaults to the server's choice (its `hosts` template or
   * its one account).
   */
  appId?: string | undefined;
  /** jweixin url, loaded only when `window.wx` is absent. Defaults to `'https://res.wx.qq.com/open/js/jweixin-1.6.0.js'`. */
  sdkUrl?: string | undefined;
  /**
   * WeCom only: its JS-SDK, loaded when the page has neither `window.ww` nor `window.wx`. `@wecom/jssdk`'s global
   * build (`ww.register`) or jweixin 1.2.0 with jwxwork-1.0.0.js (`wx.config` + `wx.agentConfig`). Defaults to
   * `'https://wwcdn.weixin.qq.com/node/open/js/wecom-jssdk-2.0.2.js'`.
   */
  wecomSdkUrl?: string | undefined;
  /** Explain every step with console.info / console.warn (never alert). Defaults to `false`. */
  debug?: boolean | undefined;
  /** Run even outside WeChat (for tests with a fake or emulated bridge). Defaults to `false`. */
  force?: boolean | undefined;
  /** `location.replace()` away from the parameters WeChat appends on a re-share. Defaults to `true`. */
  redirect?: boolean | undefined;
  /** Milliseconds to wait for the signature, then for WeChat's answer to `wx.config`. Defaults to `8000`. */
  timeout?: number | undefined;
  /**
   * JS-SDK APIs the page uses besides the seven share APIs (`scanQRCode`, `chooseImage`, …): declared in every
   * `wx.config` the client makes. The page then calls them on the result's `wx`, never `wx.config` itself (jweixin
   * keeps one configuration: a second call replaces the first). Script tag: `data-js-api-list="scanQRCode,chooseImage"`.
   * Defaults to `[]`.
   */
  jsApiList?: string[] | undefined;
  /**
   * Open tags the page renders (`wx-open-launch-weapp`, `wx-open-launch-app`, `wx-open-subscribe`, `wx-open-audio`):
   * declared as `openTagList` in every `wx.config` the client makes, including the one after each route change (the
   * tags' permission is bound to the url). Script tag: `data-open-tags="wx-open-launch-weapp"`. Defaults to `[]`.
   */
  openTags?: string[] | undefined;
  /** Called with every failure inside WeChat (not outside it, where the result says sharing is not available). */
  onError?: ((error: ShareFailure) => void) | undefined;
  /** Called when the user completes or cancels a share through a legacy `onMenuShare*` API. */
  onShare?: ((event: { api: string; type: 'success' | 'cancel' }) => void) | undefined;
}

/** `message`: WeChat's errMsg (e.g. `'config:invalid signature'`) or ours; `hint`: the likely cause and fix. */
export interface ShareFailure {
  message: string;
  hint: string;
}

/** The result of share() and update(): configured (`available: true`), or not in WeChat (`available: false`). */
export type ShareOutcome = ShareResult | NotAvailable;

/** Outside WeChat, WeCom and mini-program web-views: nothing is loaded or requested, onError is not called. */
export interface NotAvailable {
  available: false;
  /** Why: 'not in WeChat'. */
  reason: string;
  wx?: undefined;
}

export interface ShareResult {
  available: true;
  /**
   * The configured SDK object, for the page's own JS-SDK calls (the APIs of `jsApiList`): jweixin's `wx`, in WeCom
   * `ww` when WeCom's JS-SDK is used.
   */
  wx: Wx;
  /**
   * The url WeChat was configured with (no hash): the landing url on iOS, the current url elsewhere, or the other of
   * the two after WeChat refused the first with `config:invalid signature`.
   */
  url: string;
  /** The appId (in WeCom the corpId; in a mini-program web-view '': nothing is signed). */
  appId: string;
  /** The share data applied to all seven APIs (WeCom: its three; a web-view: posted to the mini-program). */
  data: Required<ShareData>;
  /** Set outside WeChat itself: 'wecom' or 'miniprogram'. */
  container?: 'wecom' | 'miniprogram';
  /** WeCom, when the signature answer had an agentConfig: 'agentConfig:ok' (a failure rejects instead). */
  agentConfig?: string;
  /**
   * Where the signature came from: the page's `#wx-share-config` (server-rendered, no request) or the endpoint;
   * 'none' in a mini-program web-view, which signs nothing.
   */
  source: 'page' | 'request' | 'none';
}

/** The answer of the signature endpoint. */
export interface Signature {
  appId: string;
  timestamp: number;
  nonceStr: string;
  signature: string;
  /** The server's event route, when its analytics is on: completed shares (and a page's view) are reported there. */
  events?: string;
}

/** What jweixin passes; a hostile or broken `wx` may pass anything. */
type Callback = (res?: { errMsg?: unknown }) => void;

/** The part of jweixin 1.6.0 that the client uses. */
export interface Wx {
  config(config: Signature & { debug: boolean; jsApiList: string[]; openTagList?: string[]; beta?: boolean }): void;
  ready(callback: () => void): void;
  error(callback: Callback): void;
  /** The share APIs, among others. */
  [api: string]: unknown;
}
