// QA panel of the static and the server-rendered page: the client ran by itself from its script tag; its outcome is
// window.WxShare.ready. The server-rendered page says so with <body data-page="ssr">.
// @ts-check
import { detectEnvironment, urlToVerify } from './environment.js';
import { createPanel } from './panel.js';

const panel = createPanel({ page: document.body.dataset.page === 'ssr' ? 'ssr' : 'static' });
const env = detectEnvironment(navigator.userAgent);
/** @type {{ ready?: Promise<any> } | undefined} */
const client = /** @type {any} */ (window).WxShare;

if (!client || !client.ready) {
  panel.failed({ message: 'share.min.js did not run (no window.WxShare.ready)', hint: 'check the script tag and its src' });
} else {
  if (env.wechat) panel.signing(urlToVerify(env.platform, panel.landing, location.href));
  client.ready.then(panel.resolved, panel.failed);
}
