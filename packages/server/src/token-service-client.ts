// tokenServiceClient(): another server's side of the token service, plugging into share's getAccessToken option.

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

export class TokenServiceError extends Error {
  constructor(message: string, readonly status: number | undefined) {
    super(message);
    this.name = 'TokenServiceError';
  }
}

/** A cached token is renewed this long before the service's expires_in runs out (or at half its life when shorter), ms. */
const RENEW_BEFORE_MS = 30_000;
const MAX_ANSWER_BYTES = 16 * 1024;
const MAX_EXPIRES_IN = 86_400;

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

  const call = async (target: URL, init: RequestInit): Promise<string> => {
    const sentAt = now();
    let res: Response;
    try {
      res = await doFetch(target, { ...init, headers: { ...init.headers, authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new TokenServiceError(`token service ${where} ${timedOut ? `did not answer within ${timeoutMs} ms` : 'could not be reached'}`, undefined);
    }
    const text = await res.text();
    if (text.length > MAX_ANSWER_BYTES) throw new TokenServiceError(`token service ${where} answered ${res.status} with an oversized body`, res.status);
    let body: { access_token?: unknown; expires_in?: unknown; error?: { code?: unknown; message?: unknown } } | undefined;
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      body = undefined;
    }
    if (!res.ok) {
      const detail = typeof body?.error?.code === 'string' ? ` ${body.error.code}: ${String(body.error.message).slice(0, 200)}` : '';
      throw new TokenServiceError(`token service ${where} answered ${res.status}${detail}`, res.status);
    }
    const token = body?.access_token;
    const expiresIn = body?.expires_in;
    if (typeof token !== 'string' || token === '' || token.length > 512 || typeof expiresIn !== 'number' || !Number.isInteger(expiresIn) || expiresIn < 0 || expiresIn > MAX_EXPIRES_IN) {
      throw new TokenServiceError(`token service ${where} answered 200 without { access_token, expires_in }`, res.status);
    }
    const lifeMs = expiresIn * 1000;
    cached = { token, renewAt: sentAt + lifeMs - Math.min(RENEW_BEFORE_MS, lifeMs / 2) };
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
