// The emulated WeixinJSBridge: answers jweixin's (and WeCom's JS-SDK's) invokes the way WeChat, WeCom or a
// mini-program web-view does, and records what the page asked.
import { WECHAT_VERSION, type Container, type Platform } from './user-agents.js';

/** `wechat`: WeCom's "share to WeChat" menu item (menu:share:wechat). */
export type ShareTarget = 'appmessage' | 'timeline' | 'qq' | 'weiboApp' | 'QZone' | 'wechat';

export interface ShareCard {
  title: string;
  desc: string;
  link: string;
  imgUrl: string;
}

/** One preVerifyJSAPI (one wx.config) and how the emulated WeChat answered it. */
export interface Verification {
  url: string;
  appId: string;
  jsApiList: string[];
  /** The open tags wx.config declared (`openTagList`, jweixin's verifyOpenTagList). */
  openTagList: string[];
  errMsg: string;
  reason: string;
}

/** One wx.agentConfig (WeCom only) and how the emulated WeCom answered it. */
export interface AgentVerification {
  url: string;
  corpId: string;
  agentId: string;
  jsApiList: string[];
  errMsg: string;
  reason: string;
}

/** One WeixinJSBridge.invoke / call from the page, and the bridge's err_msg. */
export interface Invocation {
  name: string;
  args: Record<string, unknown>;
  errMsg: string;
}

/** A simulated tap on "share": which card WeChat shows and where it came from. */
export interface SharedCard {
  target: ShareTarget;
  /**
   * 'legacy': an onMenuShare* listener gave the card; 'update': update*ShareData; 'miniprogram': the last message
   * the web-view posted (what the mini-program's onShareAppMessage reads); 'default': the page gave none.
   */
  via: 'legacy' | 'update' | 'miniprogram' | 'default';
  result: 'ok' | 'cancel';
  card: ShareCard;
}

export interface BridgeState {
  platform: Platform;
  container: Container;
  landingUrl: string;
  /** True while a preVerifyJSAPI (or an agentConfig) is being checked. */
  verifying: boolean;
  verifications: Verification[];
  /** WeCom: every wx.agentConfig. */
  agentConfigs: AgentVerification[];
  /** Mini-program web-view: the `data` of every wx.miniProgram.postMessage, in order (as bindmessage gets them). */
  miniProgramMessages: unknown[];
  appMessageShareData?: ShareCard;
  timelineShareData?: Omit<ShareCard, 'desc'>;
  /**
   * The open tags the last accepted wx.config allows (`wx-open-launch-weapp`, …): declared in its openTagList and
   * supported by this WeChat (7.0.12 or later). Empty after a refused config.
   */
  openTags: string[];
  /** Set when the page declared open tags this WeChat cannot show: the WeixinOpenTagsError's errMsg. */
  openTagsError?: string;
  /** Events the page listens to through WeixinJSBridge.on ('menu:share:timeline', …). */
  listeners: string[];
  invocations: Invocation[];
  shares: SharedCard[];
}

export interface VerifyAnswer {
  err_msg: string;
  reason?: string;
}

export interface BridgeEnvironment {
  platform: Platform;
  /** Which app's browser. Defaults to 'wechat'. */
  container?: Container | undefined;
  /**
   * Which url wx.config is verified against. Defaults to the rule: the landing url on iOS WeChat, the current url on
   * Android and in WeCom. The other value emulates where the rule fails (iPad, desktop WeChat, some webviews).
   */
  verifies?: 'landing' | 'current' | undefined;
  /** The WeChat version (open tags need 7.0.12 or later). Defaults to WECHAT_VERSION. */
  version?: string | undefined;
  /** The url the page was loaded with (iOS WeChat verifies it even after history.pushState). */
  landingUrl: string;
  currentUrl(): string;
  title(): string;
  /**
   * Checks one preVerifyJSAPI (or, with `kind: 'agentConfig'`, one agentConfig), e.g. by POSTing it to
   * `createBridgeVerifier`. The request carries `container` ('wechat' or 'wecom').
   */
  verify(request: Record<string, unknown>): Promise<VerifyAnswer>;
  /** Answer of getNetworkType. Defaults to 'wifi'. */
  networkType?: string | undefined;
  onChange?: ((state: BridgeState) => void) | undefined;
}

type Callback = (answer: Record<string, unknown>) => void;

export interface WeixinJSBridge {
  invoke(name: string, args?: Record<string, unknown>, callback?: Callback): void;
  on(event: string, callback: Callback): void;
  call(name: string): void;
}

export interface BridgeEmulator {
  bridge: WeixinJSBridge;
  /** A deep copy of what the bridge has seen. */
  state(): BridgeState;
  /** Simulates the user tapping share to `target`, then confirming ('ok') or backing out ('cancel'). */
  share(target: ShareTarget, result?: 'ok' | 'cancel'): SharedCard;
}

const SHARE_APIS: Record<ShareTarget, string> = {
  appmessage: 'sendAppMessage',
  wechat: 'shareWechat',
  timeline: 'shareTimeline',
  qq: 'shareQQ',
  weiboApp: 'shareWeiboApp',
  QZone: 'shareQZone',
};
const MAX_MESSAGES = 100;
const OFFLINE = 'the permission value is offline verifying';
const DENIED = 'access denied';
const PERMISSIONED = new Set(['updateAppMessageShareData', 'updateTimelineShareData']);

const withoutHash = (url: string) => url.split('#')[0] ?? url;

/** The first WeChat with open tags (wx-open-launch-weapp, …). */
export const OPEN_TAGS_VERSION = '7.0.12';

/** Compares dotted versions numerically ('7.0.9' < '7.0.12'): negative, 0 or positive. */
export function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    const difference = (x[i] || 0) - (y[i] || 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
const str = (value: unknown) => (typeof value === 'string' ? value : '');

export function createBridgeEmulator(env: BridgeEnvironment): BridgeEmulator {
  const container = env.container ?? 'wechat';
  const state: BridgeState = {
    platform: env.platform,
    container,
    landingUrl: env.landingUrl,
    verifying: false,
    verifications: [],
    agentConfigs: [],
    miniProgramMessages: [],
    openTags: [],
    listeners: [],
    invocations: [],
    shares: [],
  };
  const listeners = new Map<string, Callback>();
  /** What the last successful wx.config and (WeCom) wx.agentConfig allow: either grants an API it declared. */
  let permission: { url: string; apis: Set<string> } | undefined;
  let agentPermission: { url: string; apis: Set<string> } | undefined;
  let pendingShare: { target: ShareTarget; result: 'ok' | 'cancel'; card?: ShareCard } | undefined;

  const changed = () => env.onChange?.(snapshot());
  const snapshot = (): BridgeState => JSON.parse(JSON.stringify(state)) as BridgeState;
  // iOS WeChat verifies the landing url; Android WeChat and WeCom (as WeCom's own JS-SDK signs) the current one.
  // HarmonyOS NEXT's WeChat has no documented rule: the landing url, as measured (issue 21); `verifies` switches it.
  const landingRule = (env.platform === 'ios' || env.platform === 'harmony') && container !== 'wecom';
  const verifies = env.verifies ?? (landingRule ? 'landing' : 'current');
  const version = env.version ?? WECHAT_VERSION;
  const verifiedUrl = () => withoutHash(verifies === 'landing' ? env.landingUrl : env.currentUrl());

  /** Why `name` may not run now, or undefined when it may (the emulator's model of WeChat's permission check). */
  function refusal(name: string): string | undefined {
    const grants = [permission, agentPermission].filter((p) => p !== undefined);
    if (grants.length === 0) return OFFLINE;
    const url = verifiedUrl();
    // Android after a route change without a new wx.config: denied.
    return grants.some((p) => p.url === url && p.apis.has(name)) ? undefined : DENIED;
  }

  function answer(name: string, args: Record<string, unknown>, errMsg: string, callback?: Callback): void {
    state.invocations.push({ name, args, errMsg });
    changed();
    if (callback) setTimeout(() => callback({ err_msg: errMsg }), 0);
  }

  // WeChat's native side handles bridge messages one after the other: an invoke that follows a preVerifyJSAPI is
  // answered after the verification, with its outcome. (jweixin runs ready at once on a second wx.config, so a
  // single-page app's share calls land right behind it.)
  let queue: Promise<void> = Promise.resolve();
  let inFlight = 0;

  /** preVerifyJSAPI (wx.config) or agentConfig (wx.agentConfig): checked by env.verify, one after the other. */
  function check(kind: 'config' | 'agentConfig', args: Record<string, unknown>, callback?: Callback): void {
    const name = kind === 'config' ? 'preVerifyJSAPI' : 'agentConfig';
    const url = verifiedUrl();
    const current = env.currentUrl();
    const list = kind === 'config' ? args.verifyJsApiList : args.jsApiList;
    const jsApiList = Array.isArray(list) ? list.map(String) : [];
    const urls = { url, otherUrls: [withoutHash(current), withoutHash(env.landingUrl), current] };
    const request = { ...args, ...urls, container: container === 'wecom' ? 'wecom' : 'wechat', ...(kind === 'agentConfig' ? { kind } : {}) };
    inFlight += 1;
    state.verifying = true;
    changed();
    queue = queue
      .then(() => env.verify(request))
      .catch((error: unknown) => ({ err_msg: `${name}:fail_network error`, reason: `emulator unreachable: ${String(error)}` }))
      .then((result) => {
        inFlight -= 1;
        state.verifying = inFlight > 0;
        const granted = result.err_msg === `${name}:ok` ? { url, apis: new Set(jsApiList) } : undefined;
        const outcome = { jsApiList, errMsg: result.err_msg, reason: result.reason ?? '' };
        if (kind === 'config') {
          permission = granted;
          const openTagList = Array.isArray(args.verifyOpenTagList) ? args.verifyOpenTagList.map(String) : [];
          const tooOld = openTagList.length > 0 && compareVersions(version, OPEN_TAGS_VERSION) < 0;
          state.openTags = granted && !tooOld ? openTagList : [];
          if (tooOld) state.openTagsError = `WeixinOpenTagsError: WeChat ${version} is older than ${OPEN_TAGS_VERSION}`;
          state.verifications.push({ url, appId: str(args.appId), ...outcome, openTagList });
        } else {
          agentPermission = granted;
          state.agentConfigs.push({ url, corpId: str(args.corpid), agentId: String(args.agentid ?? ''), ...outcome });
        }
        answer(name, args, result.err_msg, callback);
      });
  }

  /** wx.miniProgram.* in a web-view: postMessage is kept for the mini-program; the rest is only recorded. */
  function miniProgram(args: Record<string, unknown>, callback?: Callback): void {
    const name = 'invokeMiniProgramAPI';
    if (container !== 'miniprogram') return answer(name, args, `${name}:fail_function not exist`, callback);
    if (args.name === 'postMessage') {
      state.miniProgramMessages.push(JSON.parse(JSON.stringify(args.arg ?? {})));
      state.miniProgramMessages.splice(0, state.miniProgramMessages.length - MAX_MESSAGES); // a page posting in a loop
    }
    answer(name, args, `${name}:ok`, callback);
  }

  function handle(name: string, args: Record<string, unknown>, callback?: Callback): void {
    if (name === 'invokeMiniProgramAPI') return miniProgram(args, callback);
    if (name === 'getNetworkType') return answer(name, args, `network_type:${env.networkType ?? 'wifi'}`, callback);
    if (PERMISSIONED.has(name)) {
      const refused = refusal(name);
      if (refused) return answer(name, args, `${name}:${refused}`, callback);
      const card = { title: str(args.title), desc: str(args.desc), link: str(args.link), imgUrl: str(args.imgUrl) };
      if (name === 'updateAppMessageShareData') state.appMessageShareData = card;
      else state.timelineShareData = { title: card.title, link: card.link, imgUrl: card.imgUrl };
      return answer(name, args, `${name}:ok`, callback);
    }
    if (pendingShare && SHARE_APIS[pendingShare.target] === name) {
      const card = { title: str(args.title), desc: str(args.desc), link: str(args.link), imgUrl: str(args.img_url) };
      pendingShare.card = card;
      return answer(name, args, `${name}:${pendingShare.result}`, callback);
    }
    answer(name, args, `${name}:fail_function not exist`, callback);
  }

  const bridge: WeixinJSBridge = {
    invoke(name, args = {}, callback) {
      if (name === 'preVerifyJSAPI') return check('config', args, callback);
      // agentConfig exists from WeCom 2.5.0 on, never in WeChat.
      if (name === 'agentConfig' && container === 'wecom') return check('agentConfig', args, callback);
      if (inFlight > 0) queue = queue.then(() => handle(name, args, callback));
      else handle(name, args, callback);
    },
    on(event, callback) {
      listeners.set(event, callback);
      if (!state.listeners.includes(event)) state.listeners.push(event);
      changed();
    },
    call(name) {
      answer(name, {}, `${name}:ok`);
    },
  };

  function share(target: ShareTarget, result: 'ok' | 'cancel' = 'ok'): SharedCard {
    const event = `menu:share:${target}`;
    const listener = listeners.get(event);
    let shared: SharedCard | undefined;
    if (listener && container !== 'miniprogram' && !refusal(event)) {
      pendingShare = { target, result };
      listener(target === 'appmessage' ? { scene: 'friend' } : {});
      const card = pendingShare.card;
      pendingShare = undefined;
      if (card) shared = { target, via: 'legacy', result, card };
    }
    // In a web-view the mini-program shares: its onShareAppMessage reads what the page posted (the last message).
    const posted = container === 'miniprogram' ? state.miniProgramMessages[state.miniProgramMessages.length - 1] : undefined;
    if (!shared && posted && typeof posted === 'object') {
      const data = posted as Record<string, unknown>;
      const card = { title: str(data.title), desc: str(data.desc), link: str(data.link), imgUrl: str(data.imgUrl) };
      shared = { target, via: 'miniprogram', result, card };
    }
    const update = target === 'timeline' ? state.timelineShareData : state.appMessageShareData;
    if (!shared && container !== 'miniprogram' && update && (target === 'appmessage' || target === 'timeline')) {
      shared = { target, via: 'update', result, card: { desc: '', ...update } };
    }
    const page = env.currentUrl();
    shared ??= { target, via: 'default', result, card: { title: env.title(), desc: page, link: page, imgUrl: '' } };
    state.shares.push(shared);
    changed();
    return JSON.parse(JSON.stringify(shared)) as SharedCard;
  }

  return { bridge, state: snapshot, share };
}
