// The signature a server-rendered page carries in #wx-share-config (renderConfigScript of @share/server).
import type { Signature } from './types.js';

/** The element's signature when its url is `url` and its fields are well-formed; otherwise undefined. */
export const pageSignature = (url: string): Signature | undefined => {
  try {
    const text = document.getElementById('wx-share-config')!.textContent!;
    // Bounded before parsing: the five fields take about 300 characters.
    const config = text.length < 2048 && JSON.parse(text);
    if (
      config.url == url &&
      typeof config.appId + typeof config.nonceStr + typeof config.timestamp == 'stringstringnumber' &&
      /^[\da-f]{40}$/.test(config.signature)
    )
      return config;
  } catch {} // no element, or not JSON: the endpoint signs
};
