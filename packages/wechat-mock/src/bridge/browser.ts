/// <reference lib="dom" />
// Browser entry (dist/bridge.js): makes a desktop page behave like WeChat's in-app browser (iOS or Android), WeCom's,
// or a mini-program's web-view.
import { createBridgeEmulator, type BridgeEmulator, type BridgeState, type ShareTarget, type SharedCard } from './emulator.js';
import { containerFromUserAgent, navigatorPlatforms, platformFromUserAgent, userAgentOf, type Container, type Platform } from './user-agents.js';

/** 'ios' / 'android': WeChat; 'wecom': WeCom on an iPhone; 'miniprogram': a mini-program web-view on an iPhone. */
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
const MODES: readonly Mode[] = ['ios', 'android', 'wecom', 'miniprogram', 'off'];
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

function pretend(platform: Platform, container: Container): void {
  const ua = userAgentOf(container, platform);
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
  const w = window as unknown as { WeixinJSBridge?: unknown; WechatMockBridge?: WechatMockBridge; __wxjs_environment?: string };
  if (!emulated || w.WeixinJSBridge) return api; // a plain browser, or a real WeChat already has its bridge
  if (!fromUserAgent) {
    pretend(emulated.platform, emulated.container);
    api.userAgentOverridden = true;
  }
  emulator = createBridgeEmulator({
    ...emulated,
    verifies: storedVerifies(),
    landingUrl: location.href,
    currentUrl: () => location.href,
    title: () => document.title,
    verify: (request) => post(verifyUrl, request),
    onChange: (state) => {
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

if (typeof window !== 'undefined') {
  (window as unknown as { WechatMockBridge: WechatMockBridge }).WechatMockBridge = install();
}
