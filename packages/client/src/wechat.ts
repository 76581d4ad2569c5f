// The seven share APIs: declared in jsApiList, and given the share data (share.ts).

/** A fresh array each time: jweixin rewrites the onMenuShare* names of jsApiList in place. */
export const shareApis = () =>
  'updateAppMessageShareData updateTimelineShareData onMenuShareTimeline onMenuShareAppMessage onMenuShareQQ onMenuShareWeibo onMenuShareQZone'.split(
    ' ',
  );

