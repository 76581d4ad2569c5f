// The <script> tag entry (dist/share.min.js, global WxShare): runs share() with the tag's data-* attributes.
import { here } from './parts.js';
import { share } from './share.js';
import type { ShareOptions } from './types.js';

export { share, update } from './share.js';

// No current script when a bundle imports this file: the defaults.
const tag = document.currentScript as HTMLScriptElement | null;
const data: Record<string, string | undefined> = tag?.dataset || {};
// share-apps.js and share-debug.js are next to this file, on whatever origin it came from.
here.url = tag?.src || '';
/** A comma-separated attribute as a list of names (`data-open-tags="wx-open-launch-weapp, wx-open-audio"`). */
const names = (text: string | undefined) => text?.match(/[\w-]+/g) || [];
// data-appid is all lower case (dataset.appid). Boolean attributes: present means on. data-redirect and data-timeout stay strings: share.ts takes "false" for off,
// setTimeout takes the number as is.
const options = {
  ...data,
  appId: data.appid,
  debug: 'debug' in data,
  force: 'force' in data,
  jsApiList: names(data.jsApiList),
  openTags: names(data.openTags),
};

/** The automatic run; failures are reported (console, onError) and never reach the page as an unhandled rejection. */
export const ready = share(options as ShareOptions);
ready.catch(() => {});
