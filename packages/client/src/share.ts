// share() sets up the share card for the page; update() sets new share data after a single-page-app route change.
import { arrival, beacon } from './analytics.js';
import { canonical } from './canonical.js';
import { checkCardInDebug } from './card-check.js';
import { shareData } from './data.js';
import { accountParam, ENDPOINT, JWEIXIN, toFailure, viewParams, within } from './defaults.js';
import { inWeChat, landing, onIOS } from './env.js';
import { failure } from './failure.js';
import { log } from './log.js';
import { pageSignature } from './page-config.js';
import { partUrl } from './parts.js';
import { loadSdk } from './sdk.js';
import { fetchSignature } from './signature.js';
import type { ShareData, ShareFailure, ShareOptions, ShareOutcome, ShareResult, Signature, Wx } from './types.js';
import { shareApis } from './wechat.js';

/**
 * A configuration WeChat accepted: the SDK object, the signature, the url it verified, where it was signed, and the
 * data the verification gave updateAppMessageShareData (see verify), when it did.
 */
type Configured = [
  wx: Wx,
  signature: Signature,
  url: string,
  source: ShareResult['source'],
  probed: Required<ShareData> | undefined,
];

/** The options of the last share(), with the data of later update() calls assigned over them. */
let current: ShareOptions = {};
/**
 * The data of update() calls in this task, kept by a share() in the same task: a framework runs a child's effect
 * (update) before its parent's (share), and strict mode runs both twice.
 */
let recent: ShareData = {};
/** jweixin's one configuration, reused while its key (keyOf) stays the same. */
let configured: { key: string; done: Promise<Configured> } | undefined;
/**
 * Set when WeChat refused the url that the iOS/Android rule chose and accepted the other candidate: the rule is
 * wrong on iPad, in desktop WeChat, in HarmonyOS WeChat (whose rule is undocumented) and in some webviews, so later
 * routes start with the candidate that worked.
 */
let flipped = false;
/** Set by the first configuration of the page load, which reports the page's view. */
let viewed = false;
/** Set once the page listens for WeixinOpenTagsError. */
let watchingTags = false;

/**
 * One call of share() or update(). `landed`: the url the page landed on; share-debug.js gets the script tag's, captured
 * before any router moved.
 */
export const run = async (o: ShareOptions, landed = landing): Promise<ShareOutcome> => {
  current = o; // the same object, except in share-debug.js, whose share() and update() are not called
  // share.min.js has no debug log: with debug on, share-debug.js (the same code with it) runs instead.
  if (!__LOG__ && o.debug) return debugRun(o, landed);
  if (!(o.force || inWeChat())) return notAvailable(o);
  const href = location.href;
  const target = canonical(href);
  // Any call redirects, share() or update(), in whatever order a framework's effects run them: the un-cleaned url is
  // never signed. canonical() of a canonical url is the same url: the redirect happens at most once.
  if (target !== href && String(o.redirect) !== 'false') return leave(o, href, target);
  // WeCom (`wxwork/`; its UA says MicroMessenger too) and mini-program web-views (`miniProgram`): their code is
  // loaded there only.
  if (/wxwork|miniprog/i.test(navigator.userAgent)) return (await containers()).share(o);
  return wechat(o, href, target, landed);
};

/** Runs share-debug.js (the script tag's files only: other builds log themselves). */
const debugRun = (o: ShareOptions, landed: string | undefined): Promise<ShareOutcome> =>
  import(/* @vite-ignore */ partUrl('share-debug.js')).then((m: typeof import('./debug.js')) => m.run(o, landed));

/** The WeCom and mini-program code: share-apps.js next to the script tag's file, a chunk for bundlers. */
const containers = (): Promise<typeof import('./containers.js')> =>
  __PARTS__ ? import(/* @vite-ignore */ partUrl('share-apps.js')) : import('./containers.js');

/** Outside WeChat: nothing to load, request or report (onError is not called); the page goes on as it is. */
const notAvailable = (o: ShareOptions): ShareOutcome => {
  log(o, 'not in WeChat');
  return { available: false, reason: 'not in WeChat' };
};

/**
 * The canonical redirect: keeps WeChat's `from` for the page it goes to; the promise stays pending (the page is going
 * away). Each call before the browser leaves does the same again, harmlessly.
 */
const leave = (o: ShareOptions, href: string, target: string) => {
  log(o, 'redirect', target);
  arrival(href, true);
  location.replace(target);
  return new Promise<never>(() => {});
};

/** The two urls WeChat may verify, without hash: iOS verifies the landing url, Android the current one. */
const candidates = (href: string, landed = href): [string, string] => {
  const urls = onIOS() !== flipped ? [landed, href] : [href, landed];
  return [urls[0]!.split('#')[0]!, urls[1]!.split('#')[0]!];
};

/** WeChat itself: configure (unless the url is configured already), then give the share data to the seven APIs. */
const wechat = async (o: ShareOptions, href: string, target: string, landed: string | undefined): Promise<ShareResult> => {
  watchOpenTags(o);
  const [url, other] = candidates(href, landed);
  let mine = configured;
  try {
    const data = shareData(o, target);
    void checkCardInDebug(o, data, href);
    const key = keyOf(o, url, href);
    if (mine?.key !== key) {
      mine = { key, done: configure(o, url, other, data) };
      configured = mine;
    }
    const [wx, signature, verified, source, probed] = await mine.done;
    mine.key = keyOf(o, verified, href); // after a retry, the url that worked
    applyShareData(o, wx, signature, data, href, probed);
    log(o, 'accepted', verified, source, data);
    return { available: true, wx, url: verified, appId: signature.appId, data, source };
  } catch (error) {
    if (configured === mine) configured = undefined; // the next call signs again
    const reason = toFailure(error);
    report(o, reason);
    throw reason;
  }
};

/**
 * What identifies a configuration: the url it verified and, with open tags, the page's url too (their permission is
 * bound to the url, so every route change configures again).
 */
const keyOf = (o: ShareOptions, url: string, href: string) => url + (o.openTags?.length ? ' ' + href.split('#')[0] : '');

/** A failure, to the debug log and to onError. */
const report = (o: ShareOptions, reason: ShareFailure) => {
  log(o, reason.message, reason.hint);
  o.onError?.(reason);
};

/**
 * Configures jweixin for `url`. A refused configuration heals, the first of the page or a later one: once, after
 * `invalid signature`, the other candidate url is signed and configured (so at most two configurations per url), or
 * the same url by the endpoint when WeChat refused the page's own signature for any reason.
 */
const configure = async (o: ShareOptions, url: string, other: string, data: Required<ShareData>): Promise<Configured> => {
  const page = viewed ? undefined : pageSignature(url);
  const previous = configured?.done.catch(() => {});
  try {
    return await configureOnce(o, url, page, data, previous);
  } catch (error) {
    const reason = toFailure(error);
    if (!page && (url === other || !reason.message.includes('invalid signature'))) throw reason;
    log(o, reason.message, url);
    const accepted = await configureOnce(o, other, undefined, data);
    if (other !== url) flipped = !flipped; // the rule that worked, for later routes
    return accepted;
  }
};

/**
 * Signs `url` (or takes the page's own signature) and configures jweixin with it, within the timeout. The first
 * configuration of the page load reports the page's view: by beacon when the page signed, else with the request.
 */
const configureOnce = (
  o: ShareOptions,
  url: string,
  page: Signature | undefined,
  data: Required<ShareData>,
  previous?: Promise<unknown>,
): Promise<Configured> => {
  const endpoint = o.endpoint || ENDPOINT;
  let view = '';
  if (!viewed) {
    viewed = true;
    const from = arrival(location.href);
    if (page) beacon(page.events, endpoint, { kind: 'view', url, from });
    else view = viewParams(from);
  }
  log(o, 'sign', url);
  // Both requests in parallel; the previous wx.config first (jweixin has one global state).
  const signed = Promise.all([loadSdk(o.sdkUrl || JWEIXIN), page || fetchSignature(endpoint, url, accountParam(o.appId) + view), previous]);
  const done = signed.then(async ([wx, signature]): Promise<Configured> => {
    const probed = await verify(o, wx, signature, data);
    return [wx, signature, url, page ? 'page' : 'request', probed];
  });
  return within(done, o.timeout);
};

/**
 * wx.config, and WeChat's verdict on it. jweixin runs ready callbacks after WeChat answered a first configuration
 * (right after its error callback when WeChat refused it), but at once for a later one, before WeChat answered. So
 * the verdict is the answer to the first share API: WeChat handles the bridge's messages in order, so it comes after
 * the verification, and it fails when the configuration failed. Resolves with the data that API was given, if any.
 */
const verify = (o: ShareOptions, wx: Wx, signature: Signature, data: Required<ShareData>) =>
  new Promise<Required<ShareData> | undefined>((resolve, reject) => {
    let refused = false;
    // Called by wx: whatever it passes (nothing, a string, no errMsg), no exception escapes.
    const refuse = (res?: { errMsg?: unknown }) => {
      refused = true;
      reject(failure('' + (res?.errMsg || 'config:fail')));
    };
    wx.error(refuse);
    // The endpoint's answer as is: appId, timestamp, nonceStr, signature (jweixin ignores the other fields).
    wx.config({
      ...signature,
      debug: false,
      jsApiList: [...shareApis(), ...(o.jsApiList || [])],
      openTagList: o.openTags || [], // jweixin rewrites share API names in place: never a tag's
    });
    wx.ready(() => {
      const probe = wx.updateAppMessageShareData as ((arg: object) => void) | undefined;
      if (refused) return;
      if (typeof probe === 'function') probe({ ...data, success: () => resolve(data), fail: refuse });
      else resolve(undefined); // a jweixin before 1.4.0: ready is the only word
    });
  });

/**
 * The share data to all seven APIs (updateAppMessageShareData has it already when the verification gave it `data`).
 * The legacy onMenuShare* ones still tell a completed share (reported to the server without waiting, then to
 * onShare) and a cancelled one; the update* ones only that the data was set.
 */
const applyShareData = (
  o: ShareOptions,
  wx: Wx,
  signature: Signature,
  data: Required<ShareData>,
  href: string,
  probed: Required<ShareData> | undefined,
) => {
  for (const api of shareApis()) {
    if (probed === data && api === 'updateAppMessageShareData') continue;
    const legacy = api.startsWith('on');
    const shared = () => {
      beacon(signature.events, o.endpoint || ENDPOINT, { kind: 'share', url: href.split('#')[0], api });
      o.onShare?.({ api, type: 'success' });
    };
    (wx[api] as ((arg: object) => void) | undefined)?.({
      ...data,
      success: legacy ? shared : undefined,
      cancel: legacy ? () => o.onShare?.({ api, type: 'cancel' }) : undefined,
    });
  }
};

/** Open tags that cannot render (old WeChat or iOS, no permission, an iframe): reported like a failed configuration. */
const watchOpenTags = (o: ShareOptions) => {
  if (watchingTags || !o.openTags?.length) return;
  watchingTags = true;
  document.addEventListener('WeixinOpenTagsError', (event) => {
    report(current, failure('WeixinOpenTagsError: ' + (event as CustomEvent<{ errMsg?: string } | null>).detail?.errMsg));
  });
};

/**
 * Configures sharing for this page. Resolves with the configured `wx`, or outside WeChat with `available: false`;
 * rejects with a ShareFailure (after calling onError) when WeChat or the endpoint refused.
 */
export const share = (options?: ShareOptions): Promise<ShareOutcome> => {
  current = { ...options, ...recent };
  return run(current);
};

/**
 * New share data after a route change, assigned over the options of share() (a field set to undefined goes back to
 * its default). Configures again when the url to sign changed (on Android, not on iOS) or, with open tags, the page's.
 * Runs after the current task, so that a share() in the same task (a parent's effect) runs first, with this data.
 */
export const update = async (data?: ShareData): Promise<ShareOutcome> => {
  Object.assign(recent, data);
  Object.assign(current, data);
  await undefined;
  recent = {};
  return run(current);
};
