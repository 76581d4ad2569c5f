// The demo's analytics dashboard: reads GET /wx/analytics with the demo's key and draws the last 30 days, live.
// @ts-check
import { barChart, legend } from './charts.js';
import { CHANNELS, dailySeries, SHARE_APIS, sumOf } from './series.js';

const KEY_STORAGE = 'share-demo:analytics-key';
const REFRESH_MS = 3000;

/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** Offline the demo tells its own key (it protects nothing real); online the owner types it in once per tab. */
async function keyOf() {
  const typed = sessionStorage.getItem(KEY_STORAGE);
  if (typed) return typed;
  const mode = await (await fetch('/__demo/mode.json')).json();
  return typeof mode.analyticsKey === 'string' ? mode.analyticsKey : undefined;
}

/** @param {string} key @returns {Promise<import('./series.js').Answer | string>} the answer, or what went wrong */
async function read(key) {
  const res = await fetch('/wx/analytics?top=10', { headers: { authorization: `Bearer ${key}` }, cache: 'no-store' });
  const body = await res.json().catch(() => undefined);
  if (res.ok) return body;
  return `HTTP ${res.status}: ${body?.error?.message ?? res.statusText}`;
}

/** @param {string} id @param {ReturnType<typeof dailySeries>} data @param {string} title */
function draw(id, data, title) {
  const box = byId(id);
  box.replaceChildren(barChart(data, title), legend(data.series));
}

/** @param {import('./series.js').Answer} answer */
function render(answer) {
  byId('range').textContent = `${answer.start} – ${answer.end} (${answer.timeZone})`;
  draw('views', dailySeries(answer, [['views', 'views']]), 'Daily WeChat page views');
  draw('arrivals', dailySeries(answer, CHANNELS.map(([name, label]) => /** @type {[string, string]} */ ([`arrival:${name}`, label]))), 'Arrivals from a shared link, by channel');
  draw('shares', dailySeries(answer, SHARE_APIS.map(([name, label]) => /** @type {[string, string]} */ ([`share:${name}`, label]))), 'Completed shares, by API');
  const rows = answer.top.map(({ page, counts }) => {
    const row = document.createElement('tr');
    const cell = document.createElement('td');
    cell.textContent = page;
    row.append(cell);
    for (const value of [counts.views ?? 0, sumOf(counts, 'arrival:'), sumOf(counts, 'share:')]) {
      const number = document.createElement('td');
      number.className = 'n';
      number.textContent = String(value);
      row.append(number);
    }
    return row;
  });
  byId('top').replaceChildren(...rows);
  byId('empty').hidden = answer.days.length > 0;
}

async function refresh() {
  const key = await keyOf();
  const form = /** @type {HTMLFormElement} */ (byId('key-form'));
  if (key === undefined) {
    form.hidden = false;
    byId('status').textContent = 'Enter the analytics key (WX_ANALYTICS_KEYS) to see the counts.';
    return;
  }
  const answer = await read(key);
  if (typeof answer === 'string') {
    byId('status').textContent = answer;
    if (answer.startsWith('HTTP 401')) {
      sessionStorage.removeItem(KEY_STORAGE);
      form.hidden = false;
    }
    return;
  }
  form.hidden = true;
  byId('status').textContent = `Updated ${new Date().toLocaleTimeString()}`;
  render(answer);
}

byId('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = /** @type {HTMLInputElement} */ (byId('key'));
  sessionStorage.setItem(KEY_STORAGE, input.value.trim());
  input.value = '';
  void refresh();
});

void refresh();
// Live: the emulator's share buttons and new page views show up within a few seconds, while the tab is visible.
setInterval(() => {
  if (document.visibilityState === 'visible') void refresh();
}, REFRESH_MS);
