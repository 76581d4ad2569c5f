// The seven share APIs, and the share data applied to all of them.
import type { ShareData, ShareOptions, Wx } from './types.js';

/** A fresh array each time: jweixin rewrites the onMenuShare* names of jsApiList in place. */
export const shareApis = () =>
  'updateAppMessageShareData updateTimelineShareData onMenuShareTimeline onMenuShareAppMessage onMenuShareQQ onMenuShareWeibo onMenuShareQZone'.split(
    ' ',
  );

/** Applies the data to all seven APIs; success and cancel of the legacy onMenuShare* ones go to `onShare`. */
export const apply = (wx: Wx, data: Required<ShareData>, onShare: NonNullable<ShareOptions['onShare']>) =>
  shareApis().map((api) => {
    const event = (type: 'success' | 'cancel') => () => api[0] === 'o' && onShare({ api, type });
    (wx[api] as ((arg: object) => void) | undefined)?.({ ...data, success: event('success'), cancel: event('cancel') });
  });
