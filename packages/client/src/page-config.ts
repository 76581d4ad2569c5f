// The signature a server-rendered page carries in #wx-share-config (renderConfigScript of @share/server).
import type { Signature } from './types.js';

/**
 * The element's signature when its url is `url` and it looks like one (a 40-hex-digit signature); otherwise
 * undefined. Its other fields are WeChat's to check: when it refuses them, share.ts asks the endpoint instead.
 */
export const pageSignature = (url: string): Signature | undefined => {
  try {
    const text = document.getElementById('wx-share-config')!.textContent!;
    // Bounded before parsing: the fields take about 300 characters.
    const config = text.length < 2048 && JSON.parse(text);
    if (config.url === url && /^[\da-f]{40}$/.test(config.signature)) return config;
  } catch {} // no element, or not JSON: the endpoint signs
};
