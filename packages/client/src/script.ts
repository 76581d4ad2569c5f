// The <script> tag entry (dist/share.min.js, global WxShare): runs share() with the tag's data-* attributes.
import { share } from './share.js';
import type { ShareOptions } from './types.js';

export { share, update } from './share.js';

// No current script when a bundle imports this file: the defaults.
const data: Record<string, string | undefined> = (document.currentScript as HTMLScriptElement | null)?.dataset || {};
// Boolean attributes: present means on. data-redirect and data-timeout stay strings: share.ts takes "false" for off,
// setTimeout takes the number as is.
const options = { ...data, debug: 'debug' in data, force: 'force' in data };

/** The automatic run; failures are reported (console, onError) and never reach the page as an unhandled rejection. */
export const ready = share(options as ShareOptions);
ready.catch(() => {});
