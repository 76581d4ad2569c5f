// The JS-SDK signature (appendix 1): sha1 over the four fields sorted by name, raw values, lowercase hex.
import { createHash } from 'node:crypto';

export interface SignatureInput {
  ticket: string;
  nonceStr: string;
  timestamp: number | string;
  url: string;
}

export function jsapiSignature({ ticket, nonceStr, timestamp, url }: SignatureInput): string {
  const plain = `jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${url}`;
  return createHash('sha1').update(plain).digest('hex');
}
