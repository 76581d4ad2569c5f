// QA panel of the static page: the client ran by itself from its script tag; its outcome is window.WxShare.ready.
// @ts-check
import { detectEnvironment, urlToVerify } from './environment.js';
import { createPanel } from './panel.js';

const panel = createPanel({ page: 'static' });
const env = detectEnvironment(navigator.userAgent);
/** @type {{ ready?: Promise<any> } | undefined} */
const client = /** @type {any} */ (window).WxShare;

if (!client || !client.ready) {
  panel.failed({ message: 'share.min.js did not run (no window.WxShare.ready)', hint: 'check the script tag and its src' });
} else {
  if (env.wechat) panel.signing(urlToVerify(env.platform, panel.landing, location.href));
  client.ready.then(panel.resolved, panel.failed);
}
