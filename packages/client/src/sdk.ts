// Loads jweixin once, unless the page already has `window.wx`.
import { failure } from './failure.js';
import type { Wx } from './types.js';

declare global {
  interface Window {
    wx?: Wx;
  }
}

let loading: Promise<Wx> | undefined;

export const loadSdk = (src: string): Promise<Wx> =>
  (loading ||= new Promise((resolve, reject) => {
    const done = () => {
      if (window.wx) return resolve(window.wx);
      loading = undefined; // the next call tries again
      reject(failure('jweixin not loaded'));
    };
    if (window.wx) done();
    else document.head.append(Object.assign(document.createElement('script'), { src, onload: done, onerror: done }));
  }));
