// The emulated WeixinJSBridge: answers jweixin 1.6.0's invokes the way WeChat does and records what the page asked.
import type { Platform } from './user-agents.js';

export type ShareTarget = 'appmessage' | 'timeline' | 'qq' | 'weiboApp' | 'QZone';

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
  /** 'legacy': an onMenuShare* listener gave the card; 'update': update*ShareData; 'default': the page gave none. */
  via: 'legacy' | 'update' | 'default';
  result: 'ok' | 'cancel';
  card: ShareCard;
}

export interface BridgeState {
  platform: Platform;
  landingUrl: string;
  /** True while a preVerifyJSAPI is being checked. */
  verifying: boolean;
  verifications: Verification[];
  appMessageShareData?: ShareCard;
  timelineShareData?: Omit<ShareCard, 'desc'>;
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
  /** The url the page was loaded with (iOS WeChat verifies it even after history.pushState). */
  landingUrl: string;
  currentUrl(): string;
  title(): string;
  /** Checks one preVerifyJSAPI, e.g. by POSTing it to `createBridgeVerifier`. */
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
  timeline: 'shareTimeline',
  qq: 'shareQQ',
  weiboApp: 'shareWeiboApp',
  QZone: 'shareQZone',
};
const OFFLINE = 'the permission value is offline verifying';
const DENIED = 'access denied';
const PERMISSIONED = new Set(['updateAppMessageShareData', 'updateTimelineShareData']);

const withoutHash = (url: string) => url.split('#')[0] ?? url;
const str = (value: unknown) => (typeof value === 'string' ? value : '');

export function createBridgeEmulator(env: BridgeEnvironment): BridgeEmulator {
  const state: BridgeState = {
    platform: env.platform,
    landingUrl: env.landingUrl,
    verifying: false,
    verifications: [],
    listeners: [],
    invocations: [],
    shares: [],
  };
  const listeners = new Map<string, Callback>();
  let permission: { url: string; apis: Set<string> } | undefined;
  let pendingShare: { target: ShareTarget; result: 'ok' | 'cancel'; card?: ShareCard } | undefined;

  const changed = () => env.onChange?.(snapshot());
  const snapshot = (): BridgeState => JSON.parse(JSON.stringify(state)) as BridgeState;
  const verifiedUrl = () => withoutHash(env.platform === 'ios' ? env.landingUrl : env.currentUrl());

  /** Why `name` may not run now, or undefined when it may (the emulator's model of WeChat's permission check). */
  function refusal(name: string): string | undefined {
    if (!permission) return OFFLINE;
    if (permission.url !== verifiedUrl()) return DENIED; // Android after a route change without a new wx.config
    return permission.apis.has(name) ? undefined : DENIED;
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

  function preVerify(args: Record<string, unknown>, callback?: Callback): void {
    const url = verifiedUrl();
    const current = env.currentUrl();
    const jsApiList = Array.isArray(args.verifyJsApiList) ? args.verifyJsApiList.map(String) : [];
    const request = { ...args, url, otherUrls: [withoutHash(current), withoutHash(env.landingUrl), current] };
    inFlight += 1;
    state.verifying = true;
    changed();
    queue = queue
      .then(() => env.verify(request))
      .catch((error: unknown) => ({ err_msg: 'preVerifyJSAPI:fail_network error', reason: `emulator unreachable: ${String(error)}` }))
      .then((result) => {
        inFlight -= 1;
        state.verifying = inFlight > 0;
        permission = result.err_msg === 'preVerifyJSAPI:ok' ? { url, apis: new Set(jsApiList) } : undefined;
        state.verifications.push({ url, appId: str(args.appId), jsApiList, errMsg: result.err_msg, reason: result.reason ?? '' });
        answer('preVerifyJSAPI', args, result.err_msg, callback);
      });
  }

  function handle(name: string, args: Record<string, unknown>, callback?: Callback): void {
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
      if (name === 'preVerifyJSAPI') return preVerify(args, callback);
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
    if (listener && !refusal(event)) {
      pendingShare = { target, result };
      listener(target === 'appmessage' ? { scene: 'friend' } : {});
      const card = pendingShare.card;
      pendingShare = undefined;
      if (card) shared = { target, via: 'legacy', result, card };
    }
    const update = target === 'timeline' ? state.timelineShareData : state.appMessageShareData;
    if (!shared && update && (target === 'appmessage' || target === 'timeline')) {
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
