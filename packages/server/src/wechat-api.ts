// The WeChat calls share makes (token, stable_token, getticket) and WeCom's (gettoken, get_jsapi_ticket,
// ticket/get?type=agent_config) over Node's global fetch: one timeout per call, bounded retries, a capped body.
// Node's fetch is undici inside, so an undici `dispatcher` (a ProxyAgent) still applies, and share itself loads no
// undici package: bundled by esbuild or Vite, nothing is left to require at run time.
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULTS } from './defaults.js';
import { readCapped } from './read-capped.js';
import { redact } from './redact.js';
import { classifyErrcode, type Endpoint, type ErrorClass } from './wechat-errors.js';

export type { Endpoint } from './wechat-errors.js';

/** What WeChat granted: a token or ticket and how many seconds it stays valid. */
export interface Grant {
  value: string;
  expiresIn: number;
}

/** An answer larger than this is refused unread: WeChat's own answers are a few hundred bytes. */
export const MAX_BODY_BYTES = 64 * 1024;
/** An errmsg is cut to this many characters before it reaches an error or a log line. */
export const MAX_ERRMSG_LENGTH = 300;
/** A lifetime above this counts as this: WeChat's tokens and tickets live 7200 s. */
export const MAX_LIFETIME_SECONDS = 7200;

/**
 * An undici Dispatcher (ProxyAgent, Agent, MockAgent), handed to Node's fetch as its `dispatcher`. Typed by its one
 * method, so that share's types need no undici: any undici version's Dispatcher fits.
 */
export interface Dispatcher {
  dispatch(options: never, handler: never): boolean;
}

export type FailureKind = 'errcode' | 'http' | 'timeout' | 'network' | 'bad_response' | 'aborted';

export const ENDPOINT_PATHS: Record<Endpoint, string> = {
  token: '/cgi-bin/token',
  stable_token: '/cgi-bin/stable_token',
  ticket: '/cgi-bin/ticket/getticket',
  wecom_token: '/cgi-bin/gettoken',
  wecom_ticket: '/cgi-bin/get_jsapi_ticket',
  wecom_agent_ticket: '/cgi-bin/ticket/get',
  component_token: '/cgi-bin/component/api_component_token',
  start_push_ticket: '/cgi-bin/component/api_start_push_ticket',
  create_preauthcode: '/cgi-bin/component/api_create_preauthcode',
  query_auth: '/cgi-bin/component/api_query_auth',
  authorizer_token: '/cgi-bin/component/api_authorizer_token',
  authorizer_list: '/cgi-bin/component/api_get_authorizer_list',
};

/** An authorizer's token as api_authorizer_token and api_query_auth answer it, with its refresh token. */
export interface AuthorizerGrant extends Grant {
  authorizerAppId: string;
  refreshToken: string;
}

/** One page of api_get_authorizer_list. */
export interface AuthorizerPage {
  total: number;
  list: { appId: string; refreshToken: string }[];
}

/** One failed WeChat call. Its message and errmsg are already redacted. */
export class WechatCallError extends Error {
  readonly endpoint: Endpoint;
  readonly kind: FailureKind;
  readonly errcode: number | undefined;
  readonly status: number | undefined;
  readonly errmsg: string | undefined;
  /** How many attempts were made before giving up (set by withRetries). */
  attempts = 1;

  constructor(endpoint: Endpoint, kind: FailureKind, detail: { errcode?: number; status?: number; errmsg?: string; message: string }) {
    super(detail.message);
    this.name = 'WechatCallError';
    this.endpoint = endpoint;
    this.kind = kind;
    this.errcode = detail.errcode;
    this.status = detail.status;
    this.errmsg = detail.errmsg;
  }

  get errorClass(): ErrorClass {
    if (this.kind === 'errcode') return classifyErrcode(this.errcode ?? 0, this.endpoint);
    if (this.kind === 'http') {
      if ((this.status ?? 0) >= 500) return 'transient';
      return this.status === 429 ? 'quota' : 'configuration';
    }
    return 'transient';
  }

  /** The key this failure is counted under in stats().errors. */
  get statsKey(): string {
    if (this.kind === 'errcode') return String(this.errcode);
    if (this.kind === 'http') return (this.status ?? 0) >= 500 ? 'http_5xx' : `http_${this.status}`;
    return this.kind;
  }
}

export interface WechatApiOptions {
  apiBase: string;
  /** Where WeCom's API lives (its endpoints are the wecom_* ones). */
  wecomApiBase?: string | undefined;
  /** Timeout of one call, ms. */
  timeoutMs: number;
  dispatcher?: Dispatcher | undefined;
  /** Told about every call made, before it is sent, with its options (for counters). */
  onCall?: (endpoint: Endpoint, call: CallOptions) => void;
}

export interface CallOptions {
  /** No call outlives this instant (performance.now() scale). */
  deadline?: number;
  /** Aborts the call (close()). */
  signal?: AbortSignal | undefined;
  /** An authorizer's call of a third-party platform (its getticket is counted apart from an account's). */
  authorizer?: boolean;
}

export interface WechatApi {
  token(appId: string, secret: string, call?: CallOptions): Promise<Grant>;
  /** `forceRefresh`: a new token even though the current one is valid (WeChat allows 20 a day, 30 s apart). */
  stableToken(appId: string, secret: string, call?: CallOptions, forceRefresh?: boolean): Promise<Grant>;
  ticket(accessToken: string, call?: CallOptions): Promise<Grant>;
  /** WeCom: the token of the app whose secret this is (GET /cgi-bin/gettoken). */
  wecomToken(corpId: string, secret: string, call?: CallOptions): Promise<Grant>;
  /** WeCom: the corp ticket for wx.config (GET /cgi-bin/get_jsapi_ticket). */
  wecomTicket(accessToken: string, call?: CallOptions): Promise<Grant>;
  /** WeCom: the app ticket for wx.agentConfig (GET /cgi-bin/ticket/get?type=agent_config), with that app's token. */
  wecomAgentTicket(accessToken: string, call?: CallOptions): Promise<Grant>;
  /** Third-party platform: its component_access_token, with the last pushed verify ticket. */
  componentToken(appId: string, secret: string, verifyTicket: string, call?: CallOptions): Promise<Grant>;
  /** Third-party platform: asks WeChat to push a verify ticket now (api_start_push_ticket). */
  startPushTicket(appId: string, secret: string, call?: CallOptions): Promise<void>;
  /** Third-party platform: a pre_auth_code for the authorization page. */
  createPreauthcode(appId: string, componentToken: string, call?: CallOptions): Promise<Grant>;
  /** Third-party platform: an authorization code exchanged for the authorizer's tokens. */
  queryAuth(appId: string, componentToken: string, authCode: string, call?: CallOptions): Promise<AuthorizerGrant>;
  /** Third-party platform: a new authorizer_access_token from the refresh token. */
  authorizerToken(appId: string, componentToken: string, authorizerAppId: string, refreshToken: string, call?: CallOptions): Promise<AuthorizerGrant>;
  /** Third-party platform: one page (count 1..500) of the accounts that authorized it, with their refresh tokens. */
  authorizerList(appId: string, componentToken: string, offset: number, count: number, call?: CallOptions): Promise<AuthorizerPage>;
}

export function createWechatApi(options: WechatApiOptions): WechatApi {
  const base = options.apiBase.replace(/\/+$/, '');
  const wecomBase = (options.wecomApiBase ?? DEFAULTS.wecomApiBase).replace(/\/+$/, '');

  async function send(
    endpoint: Endpoint,
    query: Record<string, string>,
    body: Record<string, unknown> | undefined,
    secrets: string[],
    call: CallOptions,
  ): Promise<Record<string, unknown>> {
    const path = ENDPOINT_PATHS[endpoint];
    const budget = Math.min(options.timeoutMs, (call.deadline ?? Infinity) - performance.now());
    if (budget <= 0) throw new WechatCallError(endpoint, 'timeout', { message: `no time left to call ${path}` });
    if (call.signal?.aborted) throw new WechatCallError(endpoint, 'aborted', { message: `call to ${path} aborted` });

    const search = new URLSearchParams(query).toString();
    // No bare `?` on a url without a query (stable_token): Node 26's fetch sends it as part of the path.
    const url = `${endpoint.startsWith('wecom_') ? wecomBase : base}${path}${search === '' ? '' : `?${search}`}`;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), budget);
    const onAbort = () => controller.abort();
    call.signal?.addEventListener('abort', onAbort, { once: true });
    const failed = (err: unknown): WechatCallError => {
      if (err instanceof WechatCallError) return err;
      if (call.signal?.aborted) return new WechatCallError(endpoint, 'aborted', { message: `call to ${path} aborted` });
      if (controller.signal.aborted) {
        return new WechatCallError(endpoint, 'timeout', { message: `no answer from ${path} within ${Math.round(budget)} ms` });
      }
      // fetch throws TypeError('fetch failed') with the socket's error (ECONNREFUSED, …) as its cause.
      const e = ((err as { cause?: unknown }).cause ?? err) as { code?: string; message?: string };
      const why = redact(e.code ?? e.message ?? String(err), secrets);
      return new WechatCallError(endpoint, 'network', { message: `network error calling ${path} (${why})` });
    };

    options.onCall?.(endpoint, call);
    try {
      const init = {
        method: body ? 'POST' : 'GET',
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : null,
        // A redirect is an answer of its own (HTTP 3xx below): WeChat's API never redirects, and a followed one would
        // carry the secret in its query to wherever it points.
        redirect: 'manual',
        signal: controller.signal,
        ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      };
      // RequestInit's own dispatcher type is the undici bundled with @types/node; ours is any undici's, by shape.
      const res = await fetch(url, init as RequestInit);
      if (res.status !== 200) {
        await res.body?.cancel();
        throw new WechatCallError(endpoint, 'http', { status: res.status, message: `${path} answered HTTP ${res.status}` });
      }
      const { bytes, truncated } = await readCapped(res.body, MAX_BODY_BYTES);
      if (truncated) {
        throw new WechatCallError(endpoint, 'bad_response', { message: `the answer of ${path} is larger than ${MAX_BODY_BYTES / 1024} KB` });
      }
      const text = bytes.toString('utf8');
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch {
        throw new WechatCallError(endpoint, 'bad_response', { message: `the answer of ${path} is not JSON` });
      }
      if (typeof data !== 'object' || data === null) {
        throw new WechatCallError(endpoint, 'bad_response', { message: `the answer of ${path} is not a JSON object` });
      }
      const answer = data as Record<string, unknown>;
      if (typeof answer.errcode === 'number' && answer.errcode !== 0) {
        const errmsg = cut(redact(String(answer.errmsg ?? ''), secrets), MAX_ERRMSG_LENGTH);
        throw new WechatCallError(endpoint, 'errcode', {
          errcode: answer.errcode,
          errmsg,
          message: `${path} answered errcode ${answer.errcode} (${errmsg})`,
        });
      }
      return answer;
    } catch (err) {
      throw failed(err);
    } finally {
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', onAbort);
    }
  }

  function grant(endpoint: Endpoint, answer: Record<string, unknown>, field: string): Grant {
    const value = answer[field];
    const expiresIn = answer.expires_in;
    if (typeof value !== 'string' || value === '' || value.length > MAX_VALUE_LENGTH) {
      throw new WechatCallError(endpoint, 'bad_response', { message: `the answer of ${ENDPOINT_PATHS[endpoint]} has no usable ${field}` });
    }
    if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || !(expiresIn > 0)) {
      throw new WechatCallError(endpoint, 'bad_response', {
        message: `the answer of ${ENDPOINT_PATHS[endpoint]} has no positive expires_in (got ${cut(JSON.stringify(expiresIn) ?? 'nothing', 40)})`,
      });
    }
    return { value, expiresIn: Math.min(expiresIn, MAX_LIFETIME_SECONDS) };
  }

  /** A string field of an answer, bounded; anything else is a bad answer. */
  function field(endpoint: Endpoint, answer: Record<string, unknown>, name: string): string {
    const value = answer[name];
    if (typeof value !== 'string' || value === '' || value.length > MAX_VALUE_LENGTH) {
      throw new WechatCallError(endpoint, 'bad_response', { message: `the answer of ${ENDPOINT_PATHS[endpoint]} has no usable ${name}` });
    }
    return value;
  }

  function authorizerGrant(endpoint: Endpoint, answer: Record<string, unknown>, authorizerAppId: string): AuthorizerGrant {
    return { ...grant(endpoint, answer, 'authorizer_access_token'), authorizerAppId, refreshToken: field(endpoint, answer, 'authorizer_refresh_token') };
  }

  return {
    async componentToken(appId, secret, verifyTicket, call = {}) {
      const body = { component_appid: appId, component_appsecret: secret, component_verify_ticket: verifyTicket };
      return grant('component_token', await send('component_token', {}, body, [secret, verifyTicket], call), 'component_access_token');
    },
    async startPushTicket(appId, secret, call = {}) {
      await send('start_push_ticket', {}, { component_appid: appId, component_secret: secret }, [secret], call);
    },
    async createPreauthcode(appId, componentToken, call = {}) {
      const answer = await send('create_preauthcode', { component_access_token: componentToken }, { component_appid: appId }, [componentToken], call);
      return grant('create_preauthcode', answer, 'pre_auth_code');
    },
    async queryAuth(appId, componentToken, authCode, call = {}) {
      const body = { component_appid: appId, authorization_code: authCode };
      const answer = await send('query_auth', { component_access_token: componentToken }, body, [componentToken, authCode], call);
      const info = answer.authorization_info;
      if (typeof info !== 'object' || info === null) {
        throw new WechatCallError('query_auth', 'bad_response', { message: `the answer of ${ENDPOINT_PATHS.query_auth} has no authorization_info` });
      }
      const fields = info as Record<string, unknown>;
      return authorizerGrant('query_auth', fields, field('query_auth', fields, 'authorizer_appid'));
    },
    async authorizerToken(appId, componentToken, authorizerAppId, refreshToken, call = {}) {
      const body = { component_appid: appId, authorizer_appid: authorizerAppId, authorizer_refresh_token: refreshToken };
      const answer = await send('authorizer_token', { component_access_token: componentToken }, body, [componentToken, refreshToken], call);
      return authorizerGrant('authorizer_token', answer, authorizerAppId);
    },
    async authorizerList(appId, componentToken, offset, count, call = {}) {
      const body = { component_appid: appId, offset, count };
      const answer = await send('authorizer_list', { component_access_token: componentToken }, body, [componentToken], call);
      const bad = (why: string) => new WechatCallError('authorizer_list', 'bad_response', { message: `the answer of ${ENDPOINT_PATHS.authorizer_list} ${why}` });
      if (typeof answer.total_count !== 'number' || !Array.isArray(answer.list) || answer.list.length > count) throw bad('has no total_count and list');
      const list = answer.list.map((entry: unknown) => {
        if (typeof entry !== 'object' || entry === null) throw bad('lists something that is not an authorizer');
        const e = entry as Record<string, unknown>;
        return { appId: field('authorizer_list', e, 'authorizer_appid'), refreshToken: field('authorizer_list', e, 'refresh_token') };
      });
      return { total: answer.total_count, list };
    },
    async token(appId, secret, call = {}) {
      const query = { grant_type: 'client_credential', appid: appId, secret };
      return grant('token', await send('token', query, undefined, [secret], call), 'access_token');
    },
    async stableToken(appId, secret, call = {}, forceRefresh = false) {
      const body = { grant_type: 'client_credential', appid: appId, secret, force_refresh: forceRefresh };
      return grant('stable_token', await send('stable_token', {}, body, [secret], call), 'access_token');
    },
    async ticket(accessToken, call = {}) {
      const query = { access_token: accessToken, type: 'jsapi' };
      return grant('ticket', await send('ticket', query, undefined, [accessToken], call), 'ticket');
    },
    async wecomToken(corpId, secret, call = {}) {
      const query = { corpid: corpId, corpsecret: secret };
      return grant('wecom_token', await send('wecom_token', query, undefined, [secret], call), 'access_token');
    },
    async wecomTicket(accessToken, call = {}) {
      const query = { access_token: accessToken };
      return grant('wecom_ticket', await send('wecom_ticket', query, undefined, [accessToken], call), 'ticket');
    },
    async wecomAgentTicket(accessToken, call = {}) {
      const query = { access_token: accessToken, type: 'agent_config' };
      return grant('wecom_agent_ticket', await send('wecom_agent_ticket', query, undefined, [accessToken], call), 'ticket');
    },
  };
}

/** A token or ticket longer than this is not one (WeChat's are under 600 characters). */
export const MAX_VALUE_LENGTH = 2048;

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}


export interface RetryOptions {
  /** Retries after the first attempt. */
  retries: number;
  /** Delay before retry n (the last entry repeats), ms. */
  backoffMs: readonly number[];
  deadline?: number;
  signal?: AbortSignal | undefined;
  /** Told about every failed attempt (for counters). */
  onFailure?: (err: WechatCallError) => void;
}

/** Runs `attempt` again after transient failures, with backoff, until it succeeds, fails otherwise, or time runs out. */
export async function withRetries<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof WechatCallError)) throw err;
      err.attempts = n + 1;
      options.onFailure?.(err);
      if (err.errorClass !== 'transient' || err.kind === 'aborted' || n >= options.retries) throw err;
      const delay = options.backoffMs[Math.min(n, options.backoffMs.length - 1)] ?? 0;
      if (performance.now() + delay >= (options.deadline ?? Infinity)) throw err;
      try {
        await sleep(delay, undefined, { signal: options.signal });
      } catch {
        throw err;
      }
    }
  }
}
