// The platform's encrypted pushes to the 授权事件接收URL: inner XML per InfoType, encryption, the POST and its result.
import { randomBytes } from 'node:crypto';
import { encryptMessage, messageSignature } from './crypto.js';

/** An event the emulator pushes (the verify ticket is minted by the emulator itself). */
export type PushEvent =
  | { infoType: 'component_verify_ticket' }
  | {
      infoType: 'authorized' | 'updateauthorized';
      authorizerAppId: string;
      authorizationCode: string;
      /** Seconds since the epoch. */
      authorizationCodeExpiredTime: number;
      preAuthCode: string;
    }
  | { infoType: 'unauthorized'; authorizerAppId: string };

/** What came of one push, kept for tests (never the ticket or any secret). */
export interface PushResult {
  url: string;
  infoType: PushEvent['infoType'];
  /** Injected-clock instant of the push, ms. */
  at: number;
  /** HTTP status, when an answer came. */
  status?: number | undefined;
  /** The answer's text (first 1 KB), when an answer came. */
  body?: string | undefined;
  /** True when the answer was HTTP 200 with the bare body `success` within 5 s, as WeChat requires. */
  ok: boolean;
  /** Why it failed: a network error, a timeout, a status or another body. */
  error?: string | undefined;
}

/** WeChat waits this long for `success`. */
export const PUSH_TIMEOUT_MS = 5000;
const MAX_ANSWER_CHARS = 1024;

export interface Platform {
  appId: string;
  token: string;
  aesKey: string;
}

/** The decrypted XML of a push: AppId, CreateTime, InfoType and the fields of its kind. */
export function innerXml(appId: string, createTime: number, event: PushEvent, verifyTicket?: string): string {
  const fields: Array<[string, string | number]> = [
    ['AppId', appId],
    ['CreateTime', createTime],
    ['InfoType', event.infoType],
  ];
  if (event.infoType === 'component_verify_ticket') {
    fields.push(['ComponentVerifyTicket', verifyTicket ?? '']);
  } else if (event.infoType === 'unauthorized') {
    fields.push(['AuthorizerAppid', event.authorizerAppId]);
  } else {
    fields.push(
      ['AuthorizerAppid', event.authorizerAppId],
      ['AuthorizationCode', event.authorizationCode],
      ['AuthorizationCodeExpiredTime', event.authorizationCodeExpiredTime],
      ['PreAuthCode', event.preAuthCode],
    );
  }
  return `<xml>${fields.map(([name, value]) => element(name, value)).join('')}</xml>`;
}

function element(name: string, value: string | number): string {
  return typeof value === 'number' ? `<${name}>${value}</${name}>` : `<${name}><![CDATA[${value}]]></${name}>`;
}

/** The request WeChat sends: the url with timestamp, nonce, encrypt_type and msg_signature, and the outer XML. */
export function encryptedRequest(platform: Platform, url: string, xml: string, nowMs: number): { url: string; body: string } {
  const encrypt = encryptMessage(platform.aesKey, xml, platform.appId);
  const timestamp = String(Math.floor(nowMs / 1000));
  const nonce = String(randomBytes(4).readUInt32BE(0));
  const target = new URL(url);
  target.searchParams.set('timestamp', timestamp);
  target.searchParams.set('nonce', nonce);
  target.searchParams.set('encrypt_type', 'aes');
  target.searchParams.set('msg_signature', messageSignature(platform.token, timestamp, nonce, encrypt));
  const body = `<xml><AppId><![CDATA[${platform.appId}]]></AppId><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
  return { url: target.href, body };
}

/** POSTs one push and reports how it was answered; never throws. */
export async function deliver(
  request: { url: string; body: string },
  base: Omit<PushResult, 'ok'>,
  timeoutMs = PUSH_TIMEOUT_MS,
): Promise<PushResult> {
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml' },
      body: request.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.text()).slice(0, MAX_ANSWER_CHARS);
    const ok = response.status === 200 && body === 'success';
    const error = ok ? undefined : response.status === 200 ? 'the answer is not the bare string `success`' : `HTTP ${response.status}`;
    return { ...base, status: response.status, body, ok, error };
  } catch (cause) {
    const timedOut = cause instanceof Error && cause.name === 'TimeoutError';
    return { ...base, ok: false, error: timedOut ? `no answer within ${timeoutMs} ms` : describe(cause) };
  }
}

function describe(cause: unknown): string {
  const error = cause as { message?: unknown; cause?: { code?: unknown } } | undefined;
  const code = typeof error?.cause?.code === 'string' ? ` (${error.cause.code})` : '';
  return `${typeof error?.message === 'string' ? error.message : 'network error'}${code}`;
}
