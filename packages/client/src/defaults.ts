// The defaults and small helpers that share.ts (WeChat) and containers.ts (WeCom, mini-program web-views) both use.
import { failure } from './failure.js';
import type { ShareFailure } from './types.js';

/** The signature endpoint, wxShare()'s default route. */
export const ENDPOINT = '/wx/signature';
/** Milliseconds to wait for the signature and WeChat's answer together. */
export const TIMEOUT = 8000;
/** jweixin, loaded when the page has no `window.wx`. */
export const JWEIXIN = 'https://res.wx.qq.com/open/js/jweixin-1.6.0.js';

/** The account that signs, on a server that signs for several (a third-party platform's brands): `&appid=…`, or ''. */
export const accountParam = (appId: string | undefined) => (appId ? '&appid=' + encodeURIComponent(appId) : '');

/** What the first signature request of a page load adds: `&view=1`, and WeChat's `from` when the page has one. */
export const viewParams = (from: string | undefined) => '&view=1' + (from ? '&from=' + from : '');

/** Anything thrown or passed to a rejection, as a ShareFailure (one already is one stays as it is). */
export const toFailure = (error: unknown): ShareFailure =>
  typeof (error as ShareFailure | undefined)?.hint === 'string' ? (error as ShareFailure) : failure(String(error));

/** `promise`, or a 'timeout' failure after `timeout` ms (the options' timeout); the timer is cleared either way. */
export const within = <T>(promise: Promise<T>, timeout: number | undefined) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(reject, timeout || TIMEOUT, failure('timeout'));
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });

const scripts: Record<string, Promise<unknown>> = {};

/**
 * Loads a classic script once per url (one that failed to load is tried again by the next call). Resolves either way:
 * the caller checks the global the script defines.
 */
export const loadScript = (src: string) =>
  (scripts[src] ||= new Promise((done) => {
    const failed = () => {
      delete scripts[src];
      done(0);
    };
    document.head.append(Object.assign(document.createElement('script'), { src, onload: done, onerror: failed }));
  }));
