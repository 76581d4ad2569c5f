// The JS-SDK signature (appendix 1): sha1 over the four fields sorted by name, raw values, lowercase hex.
import * as crypto from 'node:crypto';

export interface SignatureInput {
  ticket: string;
  nonceStr: string;
  timestamp: number | string;
  url: string;
}

// crypto.hash (Node >= 20.12) hashes in one call, about twice as fast as createHash for short inputs.
const sha1Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha1', text, 'hex')
    : (text) => crypto.createHash('sha1').update(text).digest('hex');

export function jsapiSignature({ ticket, nonceStr, timestamp, url }: SignatureInput): string {
  return sha1Hex(`jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${url}`);
}
