// The QA panel: what the page is running in, what was signed, what WeChat answered, what a share will look like.
// @ts-check
import { configSource, inlineConfig, signatureRequested, watchSignatureRequests } from './config-source.js';
import { detectEnvironment, urlToVerify } from './environment.js';
import { explain } from './explain.js';
// The card check's one set of rules (@share/client's card-rules.ts, the same the debug log and `check-card` run),
// as the client's ESM build ships it; the demo serves that build at /client/.
import { checkCard } from '/client/share-card-rules.js';

/** @type {Array<[string, string]>} the seven APIs, and the name jweixin declares them under to the bridge */
const SEVEN = [
  ['updateAppMessageShareData', 'updateAppMessageShareData'],
  ['updateTimelineShareData', 'updateTimelineShareData'],
  ['onMenuShareAppMessage', 'menu:share:appmessage'],
  ['onMenuShareTimeline', 'menu:share:timeline'],
  ['onMenuShareQQ', 'menu:share:qq'],
  ['onMenuShareWeibo', 'menu:share:weiboApp'],
  ['onMenuShareQZone', 'menu:share:QZone'],
];
/** @type {Array<[string, string]>} the three share APIs WeCom offers, and their bridge names */
const WECOM_THREE = [
  ['onMenuShareAppMessage', 'menu:share:appmessage'],
  ['onMenuShareWechat', 'menu:share:wechat'],
  ['onMenuShareTimeline', 'menu:share:timeline'],
];
const SHARE_PARAMS = ['from', 'isappinstalled', 'scene', 'subscene', 'clicktime', 'enterid', 'ascene'];

/** @param {unknown} value */
const esc = (value) =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] || c);
/** @param {string} text */
const short = (text) => (text.length > 110 ? `${text.slice(0, 108)}… (details below)` : text);
const time = () => new Date().toTimeString().slice(0, 8);
/** @param {string} url */
const host = (url) => {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
};

/**
 * @typedef {import('@share/wechat-mock/bridge').BridgeState} BridgeState
 * @typedef {import('./environment.js').Environment} Environment
 * @typedef {{ title: string, desc: string, link: string, imgUrl: string }} Card
 * @typedef {{ available: true, url: string, appId: string, data: Card, source?: string, container?: string, agentConfig?: string }} Result
 * @typedef {{ message: string, hint: string }} Failure
 */

/**
 * Mounts the panel into `#qa-panel` and the top bar into `#qa-top`.
 * @param {{ page: 'static' | 'spa' | 'ssr' }} options
 */
export function createPanel({ page }) {
  const landing = location.href;
  /** @type {any} */
  const emulator = /** @type {any} */ (window).WechatMockBridge;
  const state = {
    /** @type {Result | null} */ result: null,
    /** @type {Failure | null} */ failure: null,
    /** @type {string | null} */ signing: null,
    /** @type {{ offline: boolean, appId: string } | null} */ mode: null,
    /** @type {Array<{ at: string, text: string, kind: string }>} */ events: [],
    /** @type {Array<{ at: string, text: string, kind: string }>} */ log: [],
  };
  const top = /** @type {HTMLElement} */ (document.getElementById('qa-top'));
  const root = /** @type {HTMLElement} */ (document.getElementById('qa-panel'));

  /** @param {string} text @param {string} [kind] */
  const note = (text, kind = 'info') => {
    state.log.unshift({ at: time(), text, kind });
    render();
  };

  fetch('/__demo/mode.json')
    .then((response) => response.json())
    .then((mode) => {
      state.mode = mode;
      render();
    })
    .catch(() => {});
  if (emulator) emulator.onChange(() => render());
  watchSignatureRequests(() => render());
  window.addEventListener('popstate', () => render());

  top.addEventListener('click', (event) => {
    const button = /** @type {HTMLElement} */ (event.target).closest('[data-mode]');
    if (button && emulator && !button.hasAttribute('disabled')) emulator.setMode(button.getAttribute('data-mode'));
  });
  root.addEventListener('click', (event) => {
    const button = /** @type {HTMLElement} */ (event.target).closest('[data-share]');
    if (!button || !emulator) return;
    const [target, result] = String(button.getAttribute('data-share')).split(':');
    const shared = emulator.share(target, result);
    if (shared) {
      const where = target === 'timeline' ? 'Moments' : target === 'wechat' ? 'WeChat' : 'a chat';
      state.events.unshift({ at: time(), kind: result === 'ok' ? 'ok' : 'warn', text: `Emulated tap: share to ${where} → ${result} (card from ${shared.via === 'legacy' ? 'an onMenuShare* listener' : shared.via === 'update' ? 'update*ShareData' : shared.via === 'miniprogram' ? 'the last message posted to the mini-program' : "WeChat's default: the page set none"})` });
    }
    render();
  });

  function environment() {
    return detectEnvironment(navigator.userAgent, /** @type {any} */ (window).__wxjs_environment);
  }

  /** @param {Environment} env */
  function status(env) {
    if (!env.wechat) return { kind: 'off', icon: 'i', title: 'Not in WeChat: sharing stays off', sub: 'The client did nothing and made no request. Open this page in WeChat, or emulate WeChat with the switch above.' };
    if (state.failure) return { kind: 'error', icon: '!', title: explain(state.failure.message).title, sub: short(state.failure.message) };
    if (state.result && env.miniProgram) return { kind: 'ok', icon: '✓', title: 'Share data posted to the mini-program', sub: 'wx.miniProgram.postMessage: its onShareAppMessage makes the card' };
    if (state.result && env.wecom) return { kind: 'ok', icon: '✓', title: 'Share card ready in WeCom', sub: `config:ok${state.result.agentConfig ? ' · agentConfig:ok' : ''} · share data applied to WeCom's three share APIs` };
    if (state.result) return { kind: 'ok', icon: '✓', title: 'Share card ready', sub: 'config:ok · share data applied to all seven share APIs' };
    return { kind: 'pending', icon: '…', title: 'Configuring sharing…', sub: state.signing ? `signing ${state.signing}` : 'waiting for the signature and jweixin' };
  }

  /** @param {Environment} env */
  function renderTop(env) {
    const mode = emulator ? emulator.mode : null;
    const realWeChat = emulator && !emulator.userAgentOverridden && env.wechat;
    /** @param {string} value @param {string} label */
    const option = (value, label) =>
      `<button type="button" data-mode="${value}" class="${mode === value ? 'on' : ''}" ${realWeChat ? 'disabled title="This browser already is WeChat: nothing to emulate"' : ''}>${label}</button>`;
    const server = state.mode ? (state.mode.offline ? '<span class="badge offline">offline · emulated WeChat API</span>' : `<span class="badge live">live account ${esc(state.mode.appId)}</span>`) : '';
    top.innerHTML = `
      <div class="brand"><span class="logo">◎</span> share <b>QA</b></div>
      <nav class="pages">
        <a href="/" class="${page === 'static' ? 'on' : ''}">Static page <small>script tag</small></a>
        <a href="/app/" class="${page === 'spa' ? 'on' : ''}">Single-page app <small>ESM</small></a>
        <a href="/ssr/" class="${page === 'ssr' ? 'on' : ''}">Server-rendered <small>config in the HTML</small></a>
      </nav>
      <div class="spacer"></div>
      ${server}
      ${emulator ? `<div class="switch" role="group" aria-label="Emulate">
        <span class="switch-label">Emulate</span>${option('off', 'Plain browser')}${option('ios', 'iOS WeChat')}${option('android', 'Android WeChat')}${option('harmony', 'HarmonyOS WeChat')}${option('wecom', 'WeCom')}${option('miniprogram', 'Mini-program web-view')}</div>` : ''}`;
  }

  /** @param {BridgeState | null} bridge @param {Environment} env */
  function apiChips(bridge, env) {
    if (env.miniProgram) {
      const posted = bridge ? bridge.miniProgramMessages.length > 0 : Boolean(state.result);
      return `<span class="chip ${posted ? 'ok' : 'no'}" title="JS-SDK share APIs do nothing in a web-view">${posted ? '✓' : '·'} wx.miniProgram.postMessage</span>`;
    }
    return (env.wecom ? WECOM_THREE : SEVEN).map(([api, name]) => {
      let ok;
      let why;
      if (bridge) {
        const declared = [...bridge.verifications, ...(bridge.agentConfigs || [])].some((v) => v.errMsg.endsWith(':ok') && v.jsApiList.includes(name));
        const applied = name.startsWith('menu:')
          ? bridge.listeners.includes(name)
          : bridge.invocations.some((i) => i.name === name && i.errMsg.endsWith(':ok'));
        ok = declared && applied;
        why = `${declared ? 'declared' : 'NOT declared'} in jsApiList, ${applied ? 'applied' : 'not applied'}`;
      } else {
        ok = Boolean(state.result);
        why = ok ? 'applied by the client' : 'not applied yet';
      }
      return `<span class="chip ${ok ? 'ok' : 'no'}" title="${esc(why)}">${ok ? '✓' : '·'} ${api}</span>`;
    }).join('');
  }

  /** Where the signature came from, and what the page's #wx-share-config says. */
  function sourceRow() {
    const inline = inlineConfig();
    const source = configSource(state.result, { requested: signatureRequested(), element: Boolean(inline) });
    const text =
      source === 'page'
        ? '<span class="pill ok">from the page</span><span class="muted">#wx-share-config, rendered by the server: no signature request</span>'
        : source === 'request'
          ? `<span class="pill">from a request</span><span class="muted">GET /wx/signature${inline ? ', although the page has #wx-share-config' : ''}</span>`
          : '<span class="pill">not yet</span>';
    const element = inline
      ? `<br><span class="muted">#wx-share-config: ${inline.valid ? `signed for <span class="mono">${esc(inline.url)}</span>` : 'malformed'}</span>`
      : '';
    return `<dt>Signature from</dt><dd data-qa="config-source" data-source="${source}">${text}${element}</dd>`;
  }

  /**
   * WeCom: the agentConfig (the app's identity, signed with its agent_config ticket) next to wx.config (the corp's).
   * @param {BridgeState | null} bridge
   */
  function wecomSection(bridge) {
    const agent = bridge && bridge.agentConfigs.length ? bridge.agentConfigs[bridge.agentConfigs.length - 1] : null;
    const result = agent
      ? `<span class="pill ${agent.errMsg.endsWith(':ok') ? 'ok' : 'bad'}">${esc(agent.errMsg.replace('fail_', ''))}</span><span class="muted">app ${esc(agent.agentId)} of ${esc(agent.corpId)}${agent.reason && !agent.errMsg.endsWith(':ok') ? ` — ${esc(agent.reason)}` : ''}</span>`
      : state.result && state.result.agentConfig
        ? `<span class="pill ok">${esc(state.result.agentConfig)}</span>`
        : state.result
          ? '<span class="pill">none</span><span class="muted">the WeCom account of this host has no agentId: wx.config with the corp ticket only</span>'
          : '<span class="pill">pending</span>';
    const other = location.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
    return `<section class="card" data-qa="wecom">
        <h2>WeCom <small>企业微信</small></h2>
        <dl class="kv">
          <dt>agentConfig</dt><dd data-qa="agent-config" data-result="${esc(agent ? agent.errMsg : state.result ? state.result.agentConfig || 'none' : 'pending')}">${result}</dd>
          <dt>Signed by</dt><dd class="muted">container=wecom: the WeCom account bound to this host (${esc(location.hostname)}); the offline demo binds a corp-only account to 127.0.0.1 and an app with agentId to every other host. <a href="${esc(location.href.replace(location.hostname, other))}">Open on ${other}</a> (then pick WeCom there too).</dd>
        </dl>
      </section>`;
  }

  /**
   * Mini-program web-view: what the page posted; the mini-program reads the last one in onShareAppMessage.
   * @param {BridgeState | null} bridge
   */
  function miniProgramSection(bridge) {
    const messages = bridge ? bridge.miniProgramMessages : [];
    return `<section class="card" data-qa="mini-program">
        <h2>Posted to the mini-program <small>wx.miniProgram.postMessage</small></h2>
        ${messages.length ? `<ol class="events" data-qa="mini-program-messages" data-count="${messages.length}">${messages.map((m) => `<li class="mono small">${esc(JSON.stringify(m))}</li>`).join('')}</ol>` : `<p class="muted">${bridge ? 'Nothing posted yet.' : 'Not emulated: the mini-program receives the messages on share, back or destroy.'}</p>`}
      </section>`;
  }

  /** The rules of the card check about each row of the card; og-tags gets a row of its own. */
  const RULES_OF = {
    title: ['title', 'title-length'],
    desc: ['desc', 'desc-length'],
    link: ['link-host'],
    imgUrl: ['image-url', 'image-not-data', 'image-https'],
  };

  /** The page's og: meta tags, as the card check reads them for WeCom and other apps. */
  function ogTags() {
    /** @type {Record<string, string>} */
    const tags = {};
    for (const meta of document.querySelectorAll('meta[property^="og:"]')) {
      tags[meta.getAttribute('property') || ''] = meta.getAttribute('content') || '';
    }
    return tags;
  }

  /** @param {Card} card */
  function dataRows(card) {
    const verdicts = checkCard({ ...card, pageUrl: location.href, og: ogTags() });
    const link = card.link ? new URL(card.link, location.href) : null;
    /** @param {string[]} rules @returns {[string, string]} */
    const verdictOf = (rules) => {
      const failed = verdicts.filter((v) => rules.includes(v.rule) && !v.ok);
      return failed.length ? ['bad', failed.map((v) => `${v.rule}: ${v.message}`).join('; ')] : ['ok', rules.join(', ')];
    };
    /** @type {Record<string, [string, string]>} */
    const checks = {
      title: verdictOf(RULES_OF.title),
      desc: verdictOf(RULES_OF.desc),
      // The client applies the canonical url: share parameters here mean it did not.
      link: link && SHARE_PARAMS.some((p) => link.searchParams.has(p)) ? ['bad', 'carries WeChat share parameters: not canonical'] : verdictOf(RULES_OF.link),
      imgUrl: verdictOf(RULES_OF.imgUrl),
      og: verdictOf(['og-tags']),
    };
    /** @type {Record<string, string>} */
    const shown = { ...card, og: Object.keys(ogTags()).join(', ') };
    return ['title', 'desc', 'link', 'imgUrl', 'og']
      .map((key) => {
        const [kind, text] = checks[key] || ['bad', ''];
        return `<tr data-rule-row="${key}"><th>${key}</th><td class="${key === 'link' || key === 'imgUrl' ? 'mono' : ''}">${esc(shown[key]) || '<i>empty</i>'}</td><td><span class="check ${kind}">${kind === 'ok' ? '✓' : kind === 'warn' ? '!' : '✗'} ${esc(text)}</span></td></tr>`;
      })
      .join('');
  }

  /** @param {Card} card @param {boolean} emulated */
  function preview(card, emulated) {
    const image = card.imgUrl ? `<img src="${esc(card.imgUrl)}" alt="">` : '<div class="noimg">no image</div>';
    return `
      <div class="previews">
        <figure class="chat">
          <figcaption>In a chat</figcaption>
          <div class="bubble">
            <div class="bubble-title">${esc(card.title)}</div>
            <div class="bubble-body"><div class="bubble-desc">${esc(card.desc || card.link)}</div>${image}</div>
            <div class="bubble-source">${esc(host(card.link))}</div>
          </div>
        </figure>
        <figure class="moments">
          <figcaption>In Moments</figcaption>
          <div class="moment">${image}<div class="moment-title">${esc(card.title)}</div></div>
        </figure>
      </div>
      ${emulated ? `<div class="actions">
        <button type="button" data-share="appmessage:ok">Share to a chat</button>
        <button type="button" data-share="timeline:ok">Share to Moments</button>
        ${environment().wecom ? '<button type="button" data-share="wechat:ok">Share to WeChat</button>' : ''}
        <button type="button" data-share="appmessage:cancel" class="ghost">Share to a chat, then cancel</button>
        <span class="muted">emulated taps on WeChat's share menu</span></div>` : ''}`;
  }

  function render() {
    const env = environment();
    renderTop(env);
    const s = status(env);
    const bridge = emulator && emulator.mode !== 'off' ? emulator.state() : null;
    const verification = bridge && bridge.verifications.length ? bridge.verifications[bridge.verifications.length - 1] : null;
    // WeCom verifies the current url (as its own JS-SDK signs), WeChat on iOS the landing url.
    const verifies = env.wecom ? location.href.split('#')[0] || '' : urlToVerify(env.platform, landing, location.href);
    const signed = state.result ? state.result.url : verification ? verification.url : state.signing;
    const card = bridge && bridge.appMessageShareData ? bridge.appMessageShareData : state.result ? state.result.data : null;
    const fail = state.failure && env.wechat ? state.failure : null;
    const why = fail ? explain(fail.message) : null;
    const lastShare = bridge && bridge.shares.length ? bridge.shares[bridge.shares.length - 1] : null;

    root.innerHTML = `
      <div class="status ${s.kind}" data-qa="status" data-status="${s.kind}">
        <div class="status-icon">${s.icon}</div>
        <div><div class="status-title">${esc(s.title)}</div><div class="status-sub">${esc(s.sub)}</div></div>
      </div>
      ${fail && why ? `<section class="card error" data-qa="error">
        <h2>wx.error / failure</h2>
        <div class="mono message">${esc(fail.message)}</div>
        <dl class="kv"><dt>Likely cause</dt><dd>${esc(why.cause)}</dd><dt>Fix</dt><dd>${esc(why.fix)}</dd>
        ${fail.hint ? `<dt>Client hint</dt><dd>${esc(fail.hint)}</dd>` : ''}
        ${verification && verification.reason && verification.errMsg !== 'preVerifyJSAPI:ok' ? `<dt>Emulator says</dt><dd>${esc(verification.reason)}</dd>` : ''}</dl>
      </section>` : ''}
      <section class="card" data-qa="environment">
        <h2>Environment</h2>
        <dl class="kv">
          <dt>Browser</dt><dd><b>${esc(env.name)}</b>${env.version ? ` ${esc(env.version)}` : ''} · ${esc(env.platform)}${emulator && emulator.userAgentOverridden ? ' <span class="tag">emulated</span>' : ''}</dd>
          <dt>WeCom</dt><dd>${env.wecom ? 'yes' : 'no'}</dd>
          <dt>Mini-program</dt><dd>${env.miniProgram ? 'yes' : 'no'}</dd>
          <dt>User agent</dt><dd class="mono small ua" title="${esc(env.ua)}">${esc(env.ua)}</dd>
        </dl>
      </section>
      ${env.miniProgram ? '<section class="card" data-qa="signature"><h2>Signature</h2><p class="muted">None: in a mini-program web-view the JS-SDK share APIs do nothing, so the client signs nothing and posts the share data to the mini-program instead.</p></section>' : ''}
      ${env.wechat && !env.miniProgram ? `<section class="card" data-qa="signature">
        <h2>Signature</h2>
        <dl class="kv">
          <dt>URL signed</dt><dd class="mono" data-qa="signed-url">${esc(signed || '—')}</dd>
          <dt>WeChat verifies</dt><dd><span class="mono">${esc(verifies)}</span><br><span class="muted">${env.wecom ? 'WeCom: the current url' : env.platform === 'iOS' ? 'iOS: the url the page was loaded with, even after pushState' : env.platform === 'HarmonyOS' ? 'HarmonyOS NEXT: undocumented (the client tries the current url, then the landing url)' : 'Android: the current url'}, without #</span>
            ${signed ? (signed === verifies ? '<span class="check ok">✓ same as signed</span>' : '<span class="check bad">✗ differs from the url signed: re-sign after the route change</span>') : ''}</dd>
          <dt>Config</dt><dd data-qa="config">${verification ? `<span class="pill ${verification.errMsg.endsWith(':ok') ? 'ok' : 'bad'}">${esc(verification.errMsg.replace('preVerifyJSAPI', 'config').replace('fail_', ''))}</span>` : state.result ? '<span class="pill ok">config:ok</span>' : fail ? '<span class="pill bad">not configured</span><span class="muted">no wx.config: the failure above came first</span>' : '<span class="pill">pending</span>'}
            ${bridge ? `<span class="muted">${bridge.verifications.length} wx.config so far</span>` : ''}</dd>
          ${sourceRow()}
          ${state.result ? `<dt>appId</dt><dd class="mono">${esc(state.result.appId)}</dd>` : ''}
        </dl>
      </section>` : ''}
      ${env.wecom ? wecomSection(bridge) : ''}
      ${env.miniProgram ? miniProgramSection(bridge) : ''}
      ${env.wechat ? `<section class="card" data-qa="data">
        <h2>Share data applied</h2>
        ${card ? `<table class="data">${dataRows(card)}</table>` : '<p class="muted">Nothing applied yet.</p>'}
        <div class="apis" data-qa="apis">${apiChips(bridge, env)}</div>
      </section>
      <section class="card" data-qa="preview">
        <h2>Share card preview</h2>
        ${card ? preview(lastShare ? lastShare.card : card, Boolean(bridge)) : `<p class="muted">No share data applied: WeChat shows its default card, the page title and link without an image.</p>${preview({ title: document.title, desc: location.href, link: location.href, imgUrl: '' }, false)}`}
        ${lastShare ? `<p class="muted">Last emulated share: ${lastShare.target === 'timeline' ? 'Moments' : 'chat'}, ${lastShare.result}, card from ${esc(lastShare.via)}.</p>` : ''}
      </section>
      <section class="card" data-qa="events">
        <h2>Legacy share events <small>onMenuShare* success / cancel</small></h2>
        ${state.events.length ? `<ul class="events">${state.events.map((e) => `<li class="${e.kind}"><time>${e.at}</time>${esc(e.text)}</li>`).join('')}</ul>` : '<p class="muted">None yet. They fire when a user shares through a legacy onMenuShare* API.</p>'}
      </section>` : ''}
      <section class="card" data-qa="log">
        <h2>Log</h2>
        <ul class="events">${state.log.map((e) => `<li class="${e.kind}"><time>${e.at}</time>${esc(e.text)}</li>`).join('')}</ul>
      </section>`;
  }

  render();
  note(`page loaded: ${location.href}`);

  return {
    /** @param {string} url */
    signing(url) {
      state.signing = url;
      state.failure = null;
      note(`signing ${url}`);
    },
    /** @param {Result | { available: false, reason: string }} result */
    resolved(result) {
      if (result.available === false) {
        // Outside WeChat share() resolves and says so; onError is not called.
        note(`sharing not available here: ${result.reason}`, 'info');
        return;
      }
      state.result = result;
      state.failure = null;
      note(`config:ok, data applied (signed ${result.url})`, 'ok');
    },
    /** @param {Failure} failure */
    failed(failure) {
      state.failure = failure;
      note(`${failure.message}${failure.hint ? ` — ${failure.hint}` : ''}`, environment().wechat ? 'bad' : 'info');
    },
    /** @param {{ api: string, type: string }} event */
    shareEvent(event) {
      state.events.unshift({ at: time(), text: `${event.api}: ${event.type}`, kind: event.type === 'success' ? 'ok' : 'warn' });
      render();
    },
    note,
    render,
    landing,
  };
}
