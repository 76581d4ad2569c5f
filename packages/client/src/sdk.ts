// Loads jweixin once, unless the page already has `window.wx`.
import { loadScript } from './defaults.js';
import { failure } from './failure.js';
import type { Wx } from './types.js';

declare global {
  interface Window {
    wx?: Wx;
  }
}

/** The page's `window.wx`, else jweixin from `src`; a failed load is tried again by the next call. */
export const loadSdk = async (src: string): Promise<Wx> => {
  if (!window.wx) await loadScript(src);
  if (window.wx) return window.wx;
  throw failure('jweixin not loaded');
};
