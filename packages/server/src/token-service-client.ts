// tokenServiceClient(): another server's side of the token service, plugging into share's getAccessToken option.

import { readCapped } from './read-capped.js';

export interface TokenServiceClientOptions {
  /** The token service's GET url, e.g. 'https://tokens.internal/wx/access-token' (add ?appid=… to pick an account). */
  url: string;
  /** One of the service's keys (tokenService.keys). */
  key: string;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch | undefined;
  /** The clock, ms since the epoch. Defaults to Date.now. */
  now?: (() => number) | undefined;
  /** One call to the service settles within this, ms. Defaults to 5000. */
  timeoutMs?: number | undefined;
}

export interface TokenServiceClient {
  /** The access token, cached until shortly before the service says it expires; concurrent calls share one request. */
  getAccessToken(): Promise<string>;
  /** Tells the service WeChat refused `token` (40001); answers the token to use from now on. */
  reportInvalid(token: string): Promise<string>;
}

/**
 * A failed call to the token service. Its message is share's own words, the service's status and (when it is one
 * share's services answer) its error code: never the service's text, which could echo the Authorization header.
 */
export class TokenServiceError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    /** The service's error code, when it is one share's services answer (e.g. `refresh_limited`). */
    readonly code?: string,
    /** The service's Retry-After, in seconds, when it sent one. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'TokenServiceError';
  }
}

/** A cached token is renewed this long before the service's expires_in runs out (or at half its life when shorter), ms. */
const RENEW_BEFORE_MS = 30_000;
/** A token is kept at least this long, whatever expires_in says: `expires_in: 0` must not mean one request per call. */
const MIN_KEEP_MS = 5_000;
/** An answer is read up to this many bytes (after decompression) and refused beyond, unread. */
const MAX_ANSWER_BYTES = 16 * 1024;
const MAX_EXPIRES_IN = 86_400;
/** The error codes share's token service answers: only these are named in a TokenServiceError. */
const SERVICE_CODES = new Set([
  'unauthorized', 'too_many_requests', 'invalid_query', 'invalid_body', 'body_too_large', 'method_not_allowed', 'not_found',
  'unknown_account', 'wechat_error', 'wechat_unavailable', 'refresh_limited', 'internal_error',
]);

type Answer = { access_token?: unknown; expires_in?: unknown; error?: { code?: unknown; errcode?: unknown } } | undefined;


export function tokenServiceClient(options: TokenServiceClientOptions): TokenServiceClient {
  const { url, key } = options;
  let tokenUrl: URL;
  try {
    tokenUrl = new URL(url);
  } catch {
    throw new TypeError('tokenServiceClient: url must be the token service url, e.g. https://tokens.internal/wx/access-token');
  }
  if (tokenUrl.protocol !== 'http:' && tokenUrl.protocol !== 'https:') throw new TypeError('tokenServiceClient: url must be http:// or https://');
  if (typeof key !== 'string' || key.length < 16) throw new TypeError('tokenServiceClient: key must be one of the token service keys (16+ characters)');
  const refreshUrl = new URL(tokenUrl);
  refreshUrl.pathname = `${refreshUrl.pathname.replace(/\/+$/, '')}/refresh`;
  const where = `${tokenUrl.origin}${tokenUrl.pathname}`;
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 5000;

  let cached: { token: string; renewAt: number } | undefined;
  let loading: Promise<string> | undefined;
  let reporting: Promise<string> | undefined;

  /** One request and its whole body within timeoutMs; a timeout anywhere in it is a TokenServiceError. */
  const send = async (target: URL, init: RequestInit): Promise<{ res: Response; text: string | undefined }> => {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const res = await doFetch(target, { ...init, headers: { ...init.headers, authorization: `Bearer ${key}` }, signal });
      const { bytes, truncated } = await readCapped(res.body, MAX_ANSWER_BYTES);
      return { res, text: truncated ? undefined : bytes.toString('utf8') };
    } catch {
      // The cause's text stays out of the error: only whether time ran out.
      const why = signal.aborted ? `did not answer within ${timeoutMs} ms` : 'could not be reached';
      throw new TokenServiceError(`token service ${where} ${why}`, undefined);
    }
  };

  const call = async (target: URL, init: RequestInit): Promise<string> => {
    const sentAt = now();
    const { res, text } = await send(target, init);
    if (text === undefined) throw new TokenServiceError(`token service ${where} answered ${res.status} with a body over ${MAX_ANSWER_BYTES / 1024} KB`, res.status);
    let body: Answer;
    try {
      body = JSON.parse(text) as Answer;
    } catch {
      body = undefined;
    }
    if (!res.ok) {
      const code = typeof body?.error?.code === 'string' && SERVICE_CODES.has(body.error.code) ? body.error.code : undefined;
      const errcode = Number.isSafeInteger(body?.error?.errcode) ? ` (WeChat errcode ${String(body?.error?.errcode)})` : '';
      const retryAfter = /^\d{1,6}$/.test(res.headers.get('retry-after') ?? '') ? Number(res.headers.get('retry-after')) : undefined;
      const retry = retryAfter === undefined ? '' : `; retry after ${retryAfter} s`;
      const message = `token service ${where} answered ${res.status}${code === undefined ? '' : ` ${code}`}${errcode}${retry}`;
      throw new TokenServiceError(message, res.status, code, retryAfter);
    }
    const token = body?.access_token;
    const expiresIn = body?.expires_in;
    if (typeof token !== 'string' || token === '' || token.length > 512 || typeof expiresIn !== 'number' || !Number.isInteger(expiresIn) || expiresIn < 0 || expiresIn > MAX_EXPIRES_IN) {
      throw new TokenServiceError(`token service ${where} answered 200 without { access_token, expires_in }`, res.status);
    }
    const lifeMs = expiresIn * 1000;
    cached = { token, renewAt: sentAt + Math.max(MIN_KEEP_MS, lifeMs - Math.min(RENEW_BEFORE_MS, lifeMs / 2)) };
    return token;
  };

  return {
    getAccessToken() {
      if (reporting !== undefined) return reporting; // the token that replaces a refused one
      if (cached !== undefined && now() < cached.renewAt) return Promise.resolve(cached.token);
      loading ??= call(tokenUrl, { method: 'GET' }).finally(() => {
        loading = undefined;
      });
      return loading;
    },
    reportInvalid(token) {
      if (cached?.token === token) cached = undefined;
      const body = JSON.stringify({ access_token: token });
      reporting ??= call(refreshUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).finally(() => {
        reporting = undefined;
      });
      return reporting;
    },
  };
}
