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
share({ ...first, sdkUrl: '/jweixin-1.6.0.js', wecomSdkUrl: '/wecom-jssdk.js', onError: panel.failed, onShare: panel.shareEvent }).then(panel.resolved, failed);

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
