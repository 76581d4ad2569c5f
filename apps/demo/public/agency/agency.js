// The agency page: the emulated brands, whether share signs for each (asked of /wx/signature as a brand page would),
// and the actions: authorize, open the brand's page in emulated WeChat, unauthorize, restart share.
// @ts-check

const REFRESH_MS = 3000;
/** The emulated bridge's remembered mode (see @share/wechat-mock's BRIDGE.md): a WeChat one opens pages as WeChat. */
const MODE_KEY = 'wechat-mock:platform';
const WECHAT_MODES = ['ios', 'android', 'harmony'];

/**
 * @typedef {{ appId: string, name: string, page: string }} Brand
 * @typedef {{ platform: { appId: string }, brands: Brand[], credentialsFile: string | null }} Agency
 * @typedef {{ state: 'authorized' | 'not-authorized' | 'unknown', text: string }} Seen
 */

/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** @param {string} text */
const esc = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** @param {string} text */
function log(text) {
  byId('agency-log').textContent = `${new Date().toLocaleTimeString()} · ${text}`;
}

/** @returns {Promise<Agency | string>} the brands, or why there are none */
async function readAgency() {
  const res = await fetch('/__demo/agency.json', { cache: 'no-store' });
  if (res.ok) return res.json();
  return res.status === 404 ? 'The agency page needs the offline demo (no WX_APPID / WX_APPSECRET): its platform is emulated.' : `HTTP ${res.status}`;
}

/**
 * What share answers for the brand's page: a signature with the brand's appId (authorized) or 403
 * account_not_authorized. @param {Brand} brand @returns {Promise<Seen>}
 */
async function seen(brand) {
  const url = new URL(brand.page, location.href).href;
  const res = await fetch(`/wx/signature?appid=${encodeURIComponent(brand.appId)}&url=${encodeURIComponent(url)}`, { cache: 'no-store' });
  const body = await res.json().catch(() => undefined);
  if (res.ok) return { state: 'authorized', text: `authorized · signs with appId ${body?.appId}` };
  if (body?.error?.code === 'account_not_authorized') return { state: 'not-authorized', text: 'not authorized' };
  return { state: 'unknown', text: `HTTP ${res.status}: ${body?.error?.message ?? res.statusText}` };
}

/** @param {Brand} brand */
function row(brand) {
  return `<tr data-brand="${esc(brand.appId)}">
    <td>${esc(brand.name)}</td>
    <td class="mono">${esc(brand.appId)}</td>
    <td><span class="state" data-state="pending">asking share…</span></td>
    <td><div class="actions">
      <a href="/wx/component/authorize" target="_blank" data-action="authorize" title="WeChat's authorization page: choose ${esc(brand.name)} there">Authorize</a>
      <a href="${esc(brand.page)}" data-action="open" title="Opens the page as iOS WeChat (the emulated bridge), unless another WeChat is chosen in its switch">Open in emulated WeChat</a>
      <button type="button" data-action="unauthorize" data-appid="${esc(brand.appId)}">Unauthorize</button>
    </div></td>
  </tr>`;
}

/** @type {Agency | undefined} */
let agency;

/** Asks share about every brand and updates the state cells only (the rows stay, so a click is never lost). */
async function refresh() {
  if (!agency) return;
  await Promise.all(
    agency.brands.map(async (brand) => {
      const state = await seen(brand).catch(() => /** @type {Seen} */ ({ state: 'unknown', text: 'no answer' }));
      const cell = document.querySelector(`tr[data-brand="${brand.appId}"] .state`);
      if (!cell) return;
      cell.className = `state ${state.state}`;
      cell.setAttribute('data-state', state.state);
      cell.textContent = state.text;
    }),
  );
}

/** @param {string} appId */
async function unauthorize(appId) {
  const res = await fetch(`/__demo/agency/brands/${encodeURIComponent(appId)}/unauthorize`, { method: 'POST' });
  const body = await res.json().catch(() => undefined);
  if (!res.ok) log(`unauthorize ${appId}: HTTP ${res.status} ${body?.error?.message ?? ''}`);
  else log(body.pushed ? `${appId} withdrew in WeChat; the unauthorized push reached share` : `${appId} withdrew in WeChat, but no push reached share (the emulator is not pushing to it)`);
  await refresh();
}

async function restart() {
  const res = await fetch('/__demo/agency/restart', { method: 'POST' });
  log(res.ok ? 'share restarted: a new wxShare() with empty memory, on the same credentials file' : `restart: HTTP ${res.status}`);
  await refresh();
}

document.addEventListener('click', (event) => {
  const target = /** @type {HTMLElement | null} */ (event.target instanceof HTMLElement ? event.target.closest('[data-action], #restart') : null);
  if (!target) return;
  if (target.id === 'restart') void restart();
  if (target.dataset.action === 'unauthorize') void unauthorize(target.dataset.appid ?? '');
  // The brand's page opens as WeChat: the bridge reads its mode from this origin's storage.
  if (target.dataset.action === 'open' && !WECHAT_MODES.includes(localStorage.getItem(MODE_KEY) ?? '')) localStorage.setItem(MODE_KEY, 'ios');
});

const read = await readAgency();
if (typeof read === 'string') {
  byId('brands').innerHTML = `<tr><td colspan="4">${esc(read)}</td></tr>`;
  /** @type {HTMLButtonElement} */ (byId('restart')).disabled = true;
} else {
  agency = read;
  byId('platform-appid').textContent = read.platform.appId;
  byId('brands').innerHTML = read.brands.map(row).join('');
  byId('store-note').textContent = read.credentialsFile
    ? `Closes share and starts a new one: its memory is gone, ${read.credentialsFile} (SQLite) keeps the verify ticket and the refresh tokens, and the brands still sign. The emulated WeChat keeps running, as WeChat does.`
    : 'No SQLite on this Node: credentials are kept in memory, so a restart forgets the authorizations.';
  await refresh();
  // Back from the authorization tab, and every few seconds while visible.
  window.addEventListener('focus', () => void refresh());
  setInterval(() => {
    if (document.visibilityState === 'visible') void refresh();
  }, REFRESH_MS);
}
