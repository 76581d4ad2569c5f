// share() sets up the share card for the page; update() sets new share data after a single-page-app route change.
import { arrival, beacon } from './analytics.js';
import { canonical } from './canonical.js';
import { shareData } from './data.js';
import { inWeChat, landing, onIOS } from './env.js';
import { failure } from './failure.js';
import { log, logging } from './log.js';
import { pageSignature } from './page-config.js';
import { loadSdk } from './sdk.js';
import { fetchSignature } from './signature.js';
import type { ShareData, ShareFailure, ShareOptions, ShareResult, Signature, Wx } from './types.js';
import { shareApis } from './wechat.js';

/** The options of the last share(), with the data of later update() calls assigned over them. */
let current: ShareOptions = {};
/** The url signed last and its configuration: reused while the url to sign stays the same. */
let signed: unknown;
let configured: Promise<[Wx, Signature, ShareResult['source']]> | undefined;
/** Set when WeChat refused the url that the iOS/Android rule chose and the other candidate was tried: the rule is
 * wrong on iPad, in desktop WeChat and in some webviews, so later calls start with the other candidate. */
let flipped = false;

/**
 * One call of share() (`first`: it may redirect) or update(). `retry`: the second try after WeChat refused the first.
 * `landed`: the url the page landed on; dist/share-debug.js gets the script tag's, captured before any router moved.
 */
export const run = async (o: ShareOptions, first?: boolean, retry?: boolean, landed = landing): Promise<ShareResult> => {
  // dist/share.min.js has no debug log: with debug on, dist/share-debug.js (the same code with it) runs instead.
  if (o.debug && !logging) return import('./debug.js').then((m) => m.run(o, first, retry, landed));
  const report = (error: ShareFailure) => {
    log(o, error.message, error.hint);
    o.onError?.(error);
  };

  if (!(o.force || inWeChat())) throw (log(o, 'not in WeChat'), failure('not in WeChat'));
  // canonical() of a canonical url is the same url: the redirect happens at most once.
  const href = location.href;
  const target = canonical(href);
  const endpoint = o.endpoint || '/wx/signature';
  // `redirect: false`, or the script tag's data-redirect="false" (a string).
  if (first && String(o.redirect) != 'false' && target != href) {
    log(o, 'redirect', target);
    arrival(href, true); // keeps WeChat's `from` for the page it goes to
    location.replace(target);
    return new Promise(() => {}); // the page is going away
  }
  // WeCom (`wxwork/`; its UA says MicroMessenger too) and mini-program web-views (`miniProgram`): their code is
  // loaded there only; the script tag's build import()s dist/share-apps.js from next to its own file (rollup.config.mjs).
  if (/wxwork|miniprog/i.test(navigator.userAgent)) return import('./containers.js').then((m) => m.share(o));

  // The two candidates: iOS verifies the landing url, Android the current one.
  const [url, other] = (onIOS() != flipped ? [landed, href] : [href, landed]).map((u) => u!.split('#')[0]!) as [
    string,
    string,
  ];
  // The first configuration of a page load may use the signature a server-rendered page carries for its url.
  let page: Signature | undefined;
  try {
    if (url != signed) {
      log(o, 'sign', (signed = url));
      // The first configuration also reports the page's view: by beacon when the page signed, else with the
      // signature request.
      let view = '';
      if (!configured) {
        const from = arrival(href);
        page = pageSignature(url);
        if (page) beacon(page.events, endpoint, { kind: 'view', url, from });
        else view = '&view=1' + (from ? '&from=' + from : '');
      }
      // Both requests in parallel; the previous wx.config first (jweixin has one global state); one timeout for all.
      configured = new Promise((resolve, reject) => {
        setTimeout(reject, o.timeout || 8000, failure('timeout'));
        Promise.all([
          loadSdk(o.sdkUrl || 'https://res.wx.qq.com/open/js/jweixin-1.6.0.js'),
          page || fetchSignature(endpoint, url, view),
          configured?.catch(() => {}),
        ])
          .then(([wx, signature]) => {
            // jweixin runs ready callbacks even after a failed config, right after the error callback: the promise is
            // rejected by then, so ready's resolve does nothing. On a second config it runs ready at once, before
            // WeChat answers: a failure after that is reported (and the next call signs again).
            let ready: unknown;
            // Called by wx: whatever it passes (nothing, a string, no errMsg), no exception escapes.
            wx.error((res) => {
              const failed = failure('' + (res?.errMsg || 'config:fail'));
              ready ? ((signed = 0), report(failed)) : reject(failed);
            });
            // The endpoint's answer as is: appId, timestamp, nonceStr, signature (jweixin ignores its url).
            wx.config({ ...signature, debug: false, jsApiList: shareApis() });
            wx.ready(() => resolve([wx, signature, (ready = page ? 'page' : 'request')]));
          })
          .catch(reject); // also what the code above throws, e.g. when window.wx is not jweixin
      });
    }
    const [wx, signature, source] = await configured!;
    const data = shareData(o, target);
    // The data goes to all seven APIs. The legacy onMenuShare* ones still tell a completed share (reported to the
    // server without waiting, then to onShare) and a cancelled one; the update* ones only that the data was set.
    for (const api of shareApis()) {
      const legacy = api[0] == 'o';
      (wx[api] as ((arg: object) => void) | undefined)?.({
        ...data,
        success: () =>
          legacy &&
          (beacon(signature.events, endpoint, { kind: 'share', url: href.split('#')[0], api }), o.onShare?.({ api, type: 'success' })),
        cancel: () => legacy && o.onShare?.({ api, type: 'cancel' }),
      });
    }
    log(o, 'accepted', url, source, data);
    return { url, appId: signature.appId, data, source };
  } catch (error) {
    signed = 0; // the next call signs again
    const reason = (error as ShareFailure).hint == null ? failure(String(error)) : (error as ShareFailure);
    // Once, before reporting (so at most two wx.config calls for a page url), the endpoint signs the other candidate
    // after `invalid signature`, or the same url when WeChat refused the page's own signature for any reason.
    if (!retry && (page || (url != other && reason.message.includes('invalid signature')))) {
      log(o, reason.message, url);
      if (url != other) flipped = !flipped;
      return run(o, false, true, landed);
    }
    report(reason);
    throw reason;
  }
};

/** Configures sharing for this page. Rejects with a ShareFailure (and calls onError, except outside WeChat). */
export const share = (options?: ShareOptions): Promise<ShareResult> => run((current = { ...options }), true);

/**
 * New share data after a route change, assigned over the options of share() (a field set to undefined goes back to
 * its default). Re-signs and re-configures only when the url to sign changed: on Android, not on iOS.
 */
export const update = (data?: ShareData): Promise<ShareResult> => run(Object.assign(current, data));
