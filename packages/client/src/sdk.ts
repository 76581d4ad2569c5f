// Loads jweixin once, unless the page already has `window.wx`.
import { failure } from './failure.js';
import type { Wx } from './types.js';

declare global {
  interface Window {
    wx?: Wx;
  }
}

let loading: Promise<unknown> | undefined;

export const loadSdk = (src: string): Promise<Wx> =>
  (loading ||= new Promise((done) =>
    window.wx ? done(0) : document.head.append(Object.assign(document.createElement('script'), { src, onload: done, onerror: done })),
  )).then(() => {
    if (window.wx) return window.wx;
    loading = undefined; // the next call tries again
    throw failure('jweixin not loaded');
  });
