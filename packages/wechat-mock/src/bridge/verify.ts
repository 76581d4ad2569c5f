// Server-side check of the bridge's preVerifyJSAPI, the way WeChat checks wx.config: appId, JS safe domain, signature.
import { createHash } from 'node:crypto';
import { inSafeDomains } from './safe-domains.js';

/** What the emulated bridge sends for one `preVerifyJSAPI` (jweixin's fields plus the urls the page had). */
export interface PreVerifyRequest {
  appId?: unknown;
  verifyTimestamp?: unknown;
  verifyNonceStr?: unknown;
  verifySignature?: unknown;
  /** The url WeChat verifies: the landing url on iOS, the current url on Android, without `#`. */
  url?: unknown;
  /** Other urls the page had (current, landing, with hash): only used to explain a mismatch. */
  otherUrls?: unknown;
}

export interface VerifyOptions {
  /** The tickets currently valid for an appId (e.g. `mock.validTickets(appId)`); empty for an unknown appId. */
  tickets: (appId: string) => readonly string[];
  /** JS safe domains bound in the (emulated) console: `example.com` or `example.com/mp`. Defaults to any host. */
  safeDomains?: readonly string[] | undefined;
  /** Refuse ports other than 80/443 like real WeChat ('invalid url domain'). Defaults to false (loopback tests). */
  strictPorts?: boolean | undefined;
}

/** The bridge's answer: `err_msg` as WeChat's bridge gives it, `reason` a sentence for people (never a secret). */
export interface PreVerifyAnswer {
  err_msg: string;
  reason: string;
}

const OK = 'preVerifyJSAPI:ok';
const FAIL = 'preVerifyJSAPI:fail';
const BAD_SIGNATURE = 'preVerifyJSAPI:fail_invalid signature';
const BAD_DOMAIN = 'preVerifyJSAPI:fail_invalid url domain';

/** The JS-SDK appendix 1 signature: sha1 over the sorted fields, raw values, lowercase hex. */
export function bridgeSignature(ticket: string, nonceStr: string, timestamp: string, url: string): string {
  const text = `jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${url}`;
  return createHash('sha1').update(text).digest('hex');
}

function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** Verifies one preVerifyJSAPI request. Pure apart from `options.tickets`. */
export function verifyPreVerify(request: PreVerifyRequest, options: VerifyOptions): PreVerifyAnswer {
  const appId = text(request.appId);
  const timestamp = text(request.verifyTimestamp);
  const nonceStr = text(request.verifyNonceStr);
  const signature = text(request.verifySignature);
  const url = text(request.url);
  if (!appId || !timestamp || !nonceStr || !signature || !url) {
    const missing = Object.entries({ appId, timestamp, nonceStr, signature, url })
      .filter(([, value]) => !value)
      .map(([key]) => key);
    return { err_msg: FAIL, reason: `wx.config is missing ${missing.join(', ')}` };
  }
  const parsed = parseUrl(url);
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    return { err_msg: BAD_DOMAIN, reason: `the page url ${url} is not an http(s) url` };
  }
  if (options.strictPorts && parsed.port !== '') {
    return { err_msg: BAD_DOMAIN, reason: `WeChat only serves ports 80 and 443, the page is on port ${parsed.port}` };
  }
  if (options.safeDomains && !inSafeDomains(parsed, options.safeDomains)) {
    return {
      err_msg: BAD_DOMAIN,
      reason: `${parsed.host}${parsed.pathname} is not inside the JS safe domains (${options.safeDomains.join(', ')})`,
    };
  }
  const tickets = options.tickets(appId);
  if (tickets.length === 0) {
    return { err_msg: BAD_SIGNATURE, reason: `appId ${appId} is not an account of this WeChat (or has no ticket yet)` };
  }
  const signedBy = (candidate: string) =>
    tickets.some((ticket) => bridgeSignature(ticket, nonceStr, timestamp, candidate) === signature);
  if (signedBy(url)) return { err_msg: OK, reason: `signature valid for ${url}` };

  const others = Array.isArray(request.otherUrls) ? request.otherUrls.filter((u) => typeof u === 'string') : [];
  const candidates = [...new Set<string>([...others, encodeURIComponent(url)])].filter((u) => u !== url);
  const match = candidates.find(signedBy);
  return {
    err_msg: BAD_SIGNATURE,
    reason: match
      ? `the signature is valid for ${match}, but WeChat verifies ${url}`
      : `no current ticket of ${appId} gives this signature for ${url} (another url, nonceStr or timestamp, or a stale ticket)`,
  };
}
