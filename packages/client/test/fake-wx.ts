// A fake jweixin 1.6.0 `wx`: same ready/error state machine (ready runs even after a failed config, error registered
// late is called at once with the stored result, a second config runs ready at once), records every call. Like
// WeChat's native side, it answers the update* share APIs after the verification of the config before them.
import type { Wx } from '../src/types.js';

const BRIDGE_NAMES: Record<string, string> = {
  onMenuShareTimeline: 'menu:share:timeline',
  onMenuShareAppMessage: 'menu:share:appmessage',
  onMenuShareQQ: 'menu:share:qq',
  onMenuShareWeibo: 'menu:share:weiboApp',
  onMenuShareQZone: 'menu:share:QZone',
};

export const SHARE_APIS = [
  'updateAppMessageShareData',
  'updateTimelineShareData',
  'onMenuShareTimeline',
  'onMenuShareAppMessage',
  'onMenuShareQQ',
  'onMenuShareWeibo',
  'onMenuShareQZone',
];

type Arg = Record<string, unknown> & { success?: () => void; cancel?: () => void };

export interface FakeWx extends Wx {
  /** Copies of the wx.config arguments, as passed (before jweixin rewrites jsApiList). */
  configs: Record<string, unknown>[];
  /** Every share API call, in order. */
  calls: { api: string; arg: Arg }[];
  /** The user taps share in the menu: runs success or cancel of the last registration of a legacy API. */
  userShares(api: string, result: 'success' | 'cancel'): void;
}

/**
 * `verify` gives WeChat's answer to each config ('config:ok', 'config:invalid signature', …) or null for no answer
 * at all. The answer comes asynchronously, like the bridge's.
 */
export const createFakeWx = (verify: (config: Record<string, unknown>) => string | null = () => 'config:ok') => {
  let state = 0; // jweixin: 0 waiting, 1 answered, -1 failed with no error callback yet
  let result: { errMsg: string } | undefined;
  let onFail: ((res: { errMsg: string }) => void) | undefined;
  let completes: (() => void)[] = [];
  /** The verdict of the last config, once WeChat gave it ('config:ok' or the failure); never for no answer. */
  let verdict: Promise<string> = new Promise(() => {});
  const wx = {
    configs: [],
    calls: [],
    config(config: { jsApiList: string[] }) {
      wx.configs.push({ ...config, jsApiList: [...config.jsApiList] });
      const list = config.jsApiList;
      list.forEach((name, i) => (list[i] = BRIDGE_NAMES[name] ?? name)); // as jweixin does, in place
      const errMsg = verify(config);
      if (errMsg === null) {
        verdict = new Promise(() => {});
        return;
      }
      verdict = Promise.resolve().then(() => {
        state = 1;
        result = { errMsg };
        if (errMsg !== 'config:ok') {
          if (onFail) onFail(result);
          else state = -1;
        }
        const run = completes;
        completes = [];
        run.forEach((callback) => callback());
        return errMsg;
      });
    },
    ready(callback: () => void) {
      if (state !== 0) callback();
      else completes.push(callback);
    },
    error(callback: (res: { errMsg: string }) => void) {
      if (state === -1) callback(result!);
      else onFail = callback;
    },
    userShares(api: string, type: 'success' | 'cancel') {
      const call = wx.calls.filter((c) => c.api === api).pop();
      call?.arg[type]?.();
    },
  } as unknown as FakeWx;
  for (const api of SHARE_APIS) {
    (wx as Record<string, unknown>)[api] = (arg: Arg & { fail?: (res: { errMsg: string }) => void }) => {
      wx.calls.push({ api, arg });
      if (!api.startsWith('update')) return; // the legacy ones answer when the user shares (userShares)
      void verdict.then((errMsg) => {
        if (errMsg === 'config:ok') arg.success?.();
        else arg.fail?.({ errMsg: `${api}:the permission value is offline verifying` });
      });
    };
  }
  return wx;
};
