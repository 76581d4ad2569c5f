/// <reference lib="dom" />
// Browser entry (dist/bridge.js): makes a desktop page behave like WeChat's in-app browser, iOS or Android.
import { createBridgeEmulator, type BridgeEmulator, type BridgeState, type ShareTarget, type SharedCard } from './emulator.js';
import { navigatorPlatforms, platformFromUserAgent, userAgents, type Platform } from './user-agents.js';

export type Mode = Platform | 'off';

/** `window.WechatMockBridge`: the page's (and the QA panel's, and the tests') handle on the emulator. */
export interface WechatMockBridge {
  /** What is emulated: 'ios', 'android', or 'off' (a plain browser: no bridge). */
  mode: Mode;
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
const MODES: readonly Mode[] = ['ios', 'android', 'off'];
const isMode = (value: unknown): value is Mode => MODES.includes(value as Mode);

function storedMode(): Mode | undefined {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isMode(value) ? value : undefined;
  } catch {
    return undefined; // storage disabled
  }
}

function pretend(platform: Platform): void {
  Object.defineProperty(navigator, 'userAgent', { configurable: true, get: () => userAgents[platform] });
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
  const fromUserAgent = platformFromUserAgent(navigator.userAgent);
  const mode: Mode = fromUserAgent ?? (isMode(data.platform) ? data.platform : storedMode() ?? (isMode(data.default) ? data.default : 'ios'));
  const api: WechatMockBridge = {
    mode,
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
  const w = window as unknown as { WeixinJSBridge?: unknown; WechatMockBridge?: WechatMockBridge };
  if (mode === 'off' || w.WeixinJSBridge) return api; // a plain browser, or a real WeChat already has its bridge
  if (!fromUserAgent) {
    pretend(mode);
    api.userAgentOverridden = true;
  }
  emulator = createBridgeEmulator({
    platform: mode,
    landingUrl: location.href,
    currentUrl: () => location.href,
    title: () => document.title,
    verify: (request) => post(verifyUrl, request),
    onChange: (state) => {
      for (const listener of listeners) listener(state);
      window.dispatchEvent(new CustomEvent('wechatmock:change', { detail: state }));
    },
  });
  // WeChat injects its bridge after the page starts, then fires WeixinJSBridgeReady on the document.
  setTimeout(() => {
    w.WeixinJSBridge = emulator?.bridge;
    document.dispatchEvent(new Event('WeixinJSBridgeReady'));
  }, 0);
  return api;
}

if (typeof window !== 'undefined') {
  (window as unknown as { WechatMockBridge: WechatMockBridge }).WechatMockBridge = install();
}
