// The single-page app: share() once with the ESM API, update() after every history.pushState route change.
// @ts-check
import { share, update } from '@share/client';
import { detectEnvironment, urlToVerify } from './environment.js';
import { createPanel } from './panel.js';
import { route } from './routes.js';

const panel = createPanel({ page: 'spa' });
const env = detectEnvironment(navigator.userAgent);
const view = /** @type {HTMLElement} */ (document.getElementById('view'));

/** Shows the route of the current url; returns its share data. */
function show() {
  const current = route(location.pathname);
  document.title = current.title;
  view.innerHTML = current.html;
  const bar = document.getElementById('device-title');
  if (bar) bar.textContent = current.title;
  return current.share;
}

/** @param {any} failure */
const failed = (failure) => {
  if (!env.wechat) panel.failed(failure); // inside WeChat, onError has reported it already
};

const first = show();
if (env.wechat) panel.signing(urlToVerify(env.platform, panel.landing, location.href));
// The one configuration owner: the open tag of the tea pages is declared in every wx.config the client makes
// (the first, and the one after each route change: the tag's permission is bound to the url).
const options = { sdkUrl: '/jweixin-1.6.0.js', wecomSdkUrl: '/wecom-jssdk.js', openTags: ['wx-open-launch-weapp'] };
share({ ...first, ...options, onError: panel.failed, onShare: panel.shareEvent }).then(panel.resolved, failed);

// The open tag's own events (not bubbling: listened to while they go down to the tag).
for (const type of ['ready', 'launch', 'error']) {
  document.addEventListener(
    type,
    (event) => {
      const target = /** @type {Element} */ (event.target);
      if (!(target instanceof Element) || target.tagName.toLowerCase() !== 'wx-open-launch-weapp') return;
      const detail = /** @type {CustomEvent} */ (event).detail;
      panel.note(`wx-open-launch-weapp: ${type}${detail && detail.errMsg ? ` (${detail.errMsg})` : ''}`, type === 'error' ? 'bad' : 'ok');
    },
    true,
  );
}

function navigated() {
  const data = show();
  panel.note(`route change: ${location.pathname}${location.search}`);
  if (!env.wechat) return;
  panel.signing(urlToVerify(env.platform, panel.landing, location.href));
  update(data).then(panel.resolved, failed);
}

document.addEventListener('click', (event) => {
  const link = /** @type {HTMLElement} */ (event.target).closest('a[data-route]');
  if (!link || !(link instanceof HTMLAnchorElement)) return;
  event.preventDefault();
  if (link.href === location.href) return;
  history.pushState(null, '', link.href);
  navigated();
});
window.addEventListener('popstate', navigated);
