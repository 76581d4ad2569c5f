/// <reference lib="dom" />
// Browser entry (dist/bridge.js): makes a desktop page behave like WeChat's in-app browser (iOS or Android), WeCom's,
// or a mini-program's web-view.
import { createBridgeEmulator, type BridgeEmulator, type BridgeState, type ShareTarget, type SharedCard } from './emulator.js';
import { containerFromUserAgent, navigatorPlatforms, platformFromUserAgent, userAgentOf, type Container, type Platform } from './user-agents.js';

/**
 * 'ios' / 'android' / 'harmony' (HarmonyOS NEXT): WeChat; 'wecom': WeCom on an iPhone; 'miniprogram': a mini-program
 * web-view on an iPhone.
 */
export type Mode = Platform | 'wecom' | 'miniprogram' | 'off';

/** `window.WechatMockBridge`: the page's (and the QA panel's, and the tests') handle on the emulator. */
export interface WechatMockBridge {
  /** What is emulated: 'ios', 'android', 'wecom', 'miniprogram', or 'off' (a plain browser: no bridge). */
  mode: Mode;
  /** The app whose browser is emulated (undefined when off). */
  container: Container | undefined;
  /** True when the emulator overrode navigator.userAgent (a desktop browser made to look like WeChat). */
  userAgentOverridden: boolean;
  state(): BridgeState | null;
  share(target: ShareTarget, result?: 'ok' | 'cancel'): SharedCard | null;
  /** Remembers the mode in localStorage and reloads the page with it. */
  setMode(mode: Mode): void;
  /** Calls `listener` on every change of the state; returns a function that stops it. */
  onChange(listener: (state: BridgeState) => void): () => void;
}

export const STORAGE_KEY = 'wechat-mock:platform';
/** 'landing' or 'current': verify wx.config against that url whatever the platform (where the iOS/Android rule fails). */
export const VERIFIES_KEY = 'wechat-mock:verifies';
/** A WeChat version ('7.0.11'): the emulated user agent says it, and open tags need 7.0.12 or later. */
export const VERSION_KEY = 'wechat-mock:version';
const MODES: readonly Mode[] = ['ios', 'android', 'harmony', 'wecom', 'miniprogram', 'off'];
const isMode = (value: unknown): value is Mode => MODES.includes(value as Mode);

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage disabled
  }
}

function storedMode(): Mode | undefined {
  const value = stored(STORAGE_KEY);
  return isMode(value) ? value : undefined;
}

function storedVerifies(): 'landing' | 'current' | undefined {
  const value = stored(VERIFIES_KEY);
  return value === 'landing' || value === 'current' ? value : undefined;
}

/** The platform and container of a mode (WeCom and mini-program web-views are emulated on an iPhone). */
function parts(mode: Exclude<Mode, 'off'>): { platform: Platform; container: Container } {
  if (mode === 'wecom' || mode === 'miniprogram') return { platform: 'ios', container: mode };
  return { platform: mode, container: 'wechat' };
}

/** The mode a real in-app user agent is in (a phone, or a test that sets the UA), or undefined. */
function modeFromUserAgent(ua: string): Exclude<Mode, 'off'> | undefined {
  const platform = platformFromUserAgent(ua);
  const container = containerFromUserAgent(ua);
  if (!platform || !container) return undefined;
  return container === 'wechat' ? platform : container;
}

/** A version the emulated WeChat may say: digits and dots. */
function storedVersion(value: string | null | undefined): string | undefined {
  return value && /^\d+(\.\d+){1,3}$/.test(value) ? value : undefined;
}

function pretend(platform: Platform, container: Container, version: string | undefined): void {
  const standard = userAgentOf(container, platform);
  const ua = version ? standard.replace(/MicroMessenger\/\d+\.\d+\.\d+/, `MicroMessenger/${version}`) : standard;
  Object.defineProperty(navigator, 'userAgent', { configurable: true, get: () => ua });
  Object.defineProperty(navigator, 'platform', { configurable: true, get: () => navigatorPlatforms[platform] });
}

async function post(url: string, body: unknown): Promise<{ err_msg: string; reason?: string }> {
  // text/plain keeps it a "simple" cross-origin request: no preflight.
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as { err_msg: string; reason?: string };
}

function install(): WechatMockBridge {
  const script = document.currentScript as HTMLScriptElement | null;
  const data = script?.dataset ?? {};
  const verifyUrl = data.verifyUrl ?? new URL('bridge/verify', script?.src || location.href).href;
  const listeners = new Set<(state: BridgeState) => void>();
  const ua = navigator.userAgent;
  const fromUserAgent = modeFromUserAgent(ua);
  const mode: Mode = fromUserAgent ?? (isMode(data.platform) ? data.platform : storedMode() ?? (isMode(data.default) ? data.default : 'ios'));
  const emulated = mode === 'off' ? undefined : fromUserAgent ? { platform: platformFromUserAgent(ua)!, container: containerFromUserAgent(ua)! } : parts(mode);
  const api: WechatMockBridge = {
    mode,
    container: emulated?.container,
    userAgentOverridden: false,
    state: () => emulator?.state() ?? null,
    share: (target, result) => emulator?.share(target, result) ?? null,
    setMode(next) {
      localStorage.setItem(STORAGE_KEY, next);
      location.reload();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  let emulator: BridgeEmulator | undefined;
  const openTags = createOpenTags();
  const w = window as unknown as { WeixinJSBridge?: unknown; WechatMockBridge?: WechatMockBridge; __wxjs_environment?: string };
  if (!emulated || w.WeixinJSBridge) return api; // a plain browser, or a real WeChat already has its bridge
  const chosenVersion = storedVersion(data.wechatVersion) ?? storedVersion(stored(VERSION_KEY));
  if (!fromUserAgent) {
    pretend(emulated.platform, emulated.container, chosenVersion);
    api.userAgentOverridden = true;
  }
  const version = /micromessenger\/(\d+\.\d+\.\d+)/i.exec(navigator.userAgent)?.[1];
  emulator = createBridgeEmulator({
    ...emulated,
    version,
    verifies: storedVerifies(),
    landingUrl: location.href,
    currentUrl: () => location.href,
    title: () => document.title,
    verify: (request) => post(verifyUrl, request),
    onChange: (state) => {
      openTags.show(state);
      for (const listener of listeners) listener(state);
      window.dispatchEvent(new CustomEvent('wechatmock:change', { detail: state }));
    },
  });
  // WeChat injects its bridge after the page starts, then fires WeixinJSBridgeReady on the document; in a
  // mini-program web-view, window.__wxjs_environment is 'miniprogram' by then.
  setTimeout(() => {
    if (emulated.container === 'miniprogram') w.__wxjs_environment = 'miniprogram';
    w.WeixinJSBridge = emulator?.bridge;
    document.dispatchEvent(new Event('WeixinJSBridgeReady'));
  }, 0);
  return api;
}

/**
 * WeChat's open tags in a desktop browser: after a wx.config that allows them, each `<wx-open-…>` element gets its
 * `ready` event and shows its `<script type="text/wxtag-template">` content (in a shadow root, as WeChat renders it
 * apart from the page); a click then dispatches `launch` (detail `{ extinfo }`). A click on a tag the configuration
 * does not allow dispatches `error` (detail `{ errMsg }`). Declared tags this WeChat cannot show (older than 7.0.12):
 * `WeixinOpenTagsError` on document, once.
 */
function createOpenTags() {
  const rendered = new WeakSet<Element>();
  let allowed: string[] = [];
  let reported = false;
  const TAGS = 'wx-open-launch-weapp, wx-open-launch-app, wx-open-subscribe, wx-open-audio';
  const event = (type: string, detail: unknown) => new CustomEvent(type, { detail });
  // One listener for every tag, present or added later (a single-page app renders them after a route change).
  document.addEventListener('click', (click) => {
    const tag = (click.target as Element | null)?.closest?.(TAGS);
    if (!tag) return;
    const name = tag.tagName.toLowerCase();
    if (allowed.includes(name) && rendered.has(tag)) tag.dispatchEvent(event('launch', { extinfo: tag.getAttribute('extinfo') ?? '' }));
    else tag.dispatchEvent(event('error', { errMsg: `${name}:fail_not allowed by the last wx.config (openTagList)` }));
  });
  return {
    show(state: BridgeState): void {
      allowed = state.openTags;
      if (state.openTagsError && !reported) {
        reported = true;
        document.dispatchEvent(event('WeixinOpenTagsError', { errMsg: state.openTagsError }));
      }
      document.querySelectorAll(TAGS).forEach((tag) => {
        if (rendered.has(tag) || !allowed.includes(tag.tagName.toLowerCase())) return;
        rendered.add(tag);
        const template = tag.querySelector('script[type="text/wxtag-template"], template');
        const markup = template instanceof HTMLTemplateElement ? template.innerHTML : (template?.textContent ?? '');
        (tag.shadowRoot ?? tag.attachShadow({ mode: 'open' })).innerHTML = markup;
        tag.dispatchEvent(event('ready', {}));
      });
    },
  };
}

if (typeof window !== 'undefined') {
  (window as unknown as { WechatMockBridge: WechatMockBridge }).WechatMockBridge = install();
}
