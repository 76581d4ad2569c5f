// The emulated third-party platform (第三方平台): component token, pre-auth codes, authorizers, the login page, pushes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Answer } from '../api/context.js';
import { wechatError, type WechatErrorBody } from '../errors.js';
import { readJsonBody, sendJson } from '../http.js';
import { isWellFormedToken, newAccessToken, newTicket } from '../secrets.js';
import { DailyQuota } from '../quota.js';
import type { TokenRegistry } from '../tokens.js';
import { aesKeyBytes } from './crypto.js';
import { errorPage, loginPage } from './login-page.js';
import { deliver, encryptedRequest, innerXml, type PushEvent, type PushResult } from './push.js';

/** An official account (a brand) that can authorize the platform on the emulated login page. */
export interface MockAuthorizer {
  appId: string;
  /** Shown on the login page. Defaults to the appId. */
  name?: string | undefined;
}

export interface ComponentOptions {
  /** The platform's appid. Defaults to `wxc000000000000000`. */
  appId?: string | undefined;
  /** The platform's appsecret. Defaults to `mock-component-secret`. */
  appSecret?: string | undefined;
  /** The message token (消息校验Token) used in msg_signature. Defaults to `mock-component-token`. */
  token?: string | undefined;
  /** The 43-character EncodingAESKey (消息加解密Key). Defaults to `DEFAULT_COMPONENT.aesKey`. */
  aesKey?: string | undefined;
  /** Accounts that can authorize the platform. Defaults to two brands, `wxb100000000000001` and `wxb200000000000002`. */
  authorizers?: readonly MockAuthorizer[] | undefined;
}

export const DEFAULT_COMPONENT = Object.freeze({
  appId: 'wxc000000000000000',
  appSecret: 'mock-component-secret',
  token: 'mock-component-token',
  aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  authorizers: Object.freeze([
    Object.freeze({ appId: 'wxb100000000000001', name: 'Brand A' }),
    Object.freeze({ appId: 'wxb200000000000002', name: 'Brand B' }),
  ]),
});

/** Lifetimes as WeChat documents them, seconds. */
export const COMPONENT_TTL = Object.freeze({
  componentToken: 7200,
  verifyTicket: 12 * 3600,
  preAuthCode: 1800,
  authCode: 3600,
  authorizerToken: 7200,
  pushInterval: 600,
});

/** errmsg of the platform's errcodes, as developers report WeChat's answers. */
export const COMPONENT_ERRMSG: Readonly<Record<number, string>> = {
  61003: 'component is not authorized by this account',
  61005: 'component ticket is expired',
  61006: 'component ticket is invalid',
  61009: 'code is invalid',
  61010: 'code is expired',
  61011: 'invalid component',
  61023: 'refresh_token is invalid',
  61024: 'this api can not be called with a component appid',
};

export interface ComponentCalls {
  componentToken: number;
  startPushTicket: number;
  createPreauthcode: number;
  queryAuth: number;
  authorizerToken: number;
  getAuthorizerList: number;
  loginPage: number;
}

type Endpoint = keyof ComponentCalls;

const ROUTES: Readonly<Record<string, Endpoint>> = {
  '/cgi-bin/component/api_component_token': 'componentToken',
  '/cgi-bin/component/api_start_push_ticket': 'startPushTicket',
  '/cgi-bin/component/api_create_preauthcode': 'createPreauthcode',
  '/cgi-bin/component/api_query_auth': 'queryAuth',
  '/cgi-bin/component/api_authorizer_token': 'authorizerToken',
  '/cgi-bin/component/api_get_authorizer_list': 'getAuthorizerList',
  '/cgi-bin/componentloginpage': 'loginPage',
};

/** Where the login page's buttons point: the "scan" of one brand. */
const SCAN_PATH = '/cgi-bin/componentloginpage/scan';
const MAX_LIST_COUNT = 500;
/** `pushes` keeps the results of the last this many pushes (a week of verify tickets). */
const MAX_PUSH_RESULTS = 1000;
/** Func scopes listed in authorization_info (1 = 消息管理, 2 = 用户管理, ... as WeChat numbers them). */
const FUNC_INFO = [1, 2, 3, 4, 5, 6, 7, 11].map((id) => ({ funcscope_category: { id } }));

interface Authorization {
  refreshToken: string;
  /** Seconds since the epoch. */
  authTime: number;
}

interface Expiring {
  expiresAt: number;
}

export interface ComponentApi {
  /** Answers a platform route and returns true; false for any other path (the caller answers it). */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** The platform's appid (not a secret). */
  readonly appId: string;
  /** Requests per endpoint, errors included. */
  readonly calls: ComponentCalls;
  resetCalls(): void;
  /** True for the platform's own appid: token APIs answer it 61024. */
  isComponentAppId(appId: unknown): boolean;
  /**
   * Encrypts and POSTs one push to `url` as WeChat does, and resolves to its result (also kept in `pushes`).
   * `component_verify_ticket` mints a new verify ticket, valid 12 h from the injected clock.
   */
  push(url: string, event: PushEvent): Promise<PushResult>;
  /** Pushes a verify ticket to `url` now, then every 10 minutes of the injected clock (see `tick`). */
  startPushing(url: string, checkEveryMs?: number): Promise<PushResult>;
  stopPushing(): void;
  /** Pushes a verify ticket when 10 minutes of the injected clock have passed since the last one; a timer calls it. */
  tick(): Promise<PushResult | undefined>;
  /** The results of the last 1,000 pushes, oldest first. */
  readonly pushes: readonly PushResult[];
  /** Resolves when every push in flight has its result. */
  settled(): Promise<void>;
  /**
   * What the login page's scan does: `appId` authorizes the platform (again: its previous refresh token stops
   * working), and an authorization code is minted. An `authorized` (or `updateauthorized`) push follows when pushing
   * was started.
   */
  authorize(appId: string, preAuthCode?: string): { authCode: string; expiresIn: number };
  /** The account withdraws its authorization: its tokens stop working, 61003 afterwards, `unauthorized` pushed. */
  unauthorize(appId: string): void;
  /** The account's refresh token is replaced (as WeChat sometimes does): the old one answers 61023. */
  revokeRefreshToken(appId: string): void;
  /** Debug helpers for tests: the verify tickets and component tokens accepted right now. */
  validVerifyTickets(): string[];
  validComponentTokens(): string[];
  /** The account's successful api_authorizer_token calls today (China time, as the core's `usedToday`). */
  usedToday(appId: string): { authorizerToken: number };
  /** Debug helper: an authorizer's current refresh token, as `api_get_authorizer_list` lists it. */
  refreshToken(appId: string): string | undefined;
  /** Ends timers and pushes in flight. */
  close(): void;
}

export interface ComponentDeps {
  now: () => number;
  /** The emulator's token registry: authorizer tokens live there, so getticket accepts them. */
  tokens: TokenRegistry;
}

interface Resolved {
  appId: string;
  appSecret: string;
  token: string;
  aesKey: string;
  authorizers: Array<{ appId: string; name: string }>;
}

export function resolveComponent(options: ComponentOptions = {}): Resolved {
  const known = new Set(['appId', 'appSecret', 'token', 'aesKey', 'authorizers']);
  for (const key of Object.keys(options)) {
    if (!known.has(key)) throw new TypeError(`createWechatMock: unknown option \`component.${key}\``);
  }
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const merged = { ...DEFAULT_COMPONENT, ...given } as Required<ComponentOptions>;
  for (const key of ['appId', 'appSecret', 'token'] as const) {
    if (typeof merged[key] !== 'string' || merged[key] === '') {
      throw new TypeError(`createWechatMock: \`component.${key}\` must be a non-empty string`);
    }
  }
  if (typeof merged.aesKey !== 'string' || merged.aesKey.length !== 43) {
    throw new TypeError('createWechatMock: `component.aesKey` must be the 43-character EncodingAESKey');
  }
  aesKeyBytes(merged.aesKey);
  if (!Array.isArray(merged.authorizers)) throw new TypeError('createWechatMock: `component.authorizers` must be an array');
  const authorizers = merged.authorizers.map((authorizer) => {
    if (typeof authorizer?.appId !== 'string' || authorizer.appId === '') {
      throw new TypeError('createWechatMock: a `component.authorizers` entry needs a non-empty `appId`');
    }
    if (authorizer.appId === merged.appId) {
      throw new TypeError('createWechatMock: an authorizer cannot have the platform\'s own appId');
    }
    return { appId: authorizer.appId, name: authorizer.name ?? authorizer.appId };
  });
  return { appId: merged.appId, appSecret: merged.appSecret, token: merged.token, aesKey: merged.aesKey, authorizers };
}

const componentError = (errcode: number): WechatErrorBody => wechatError(errcode, COMPONENT_ERRMSG[errcode]);

export function createComponentApi(options: ComponentOptions | undefined, { now, tokens }: ComponentDeps): ComponentApi {
  const platform = resolveComponent(options);
  const brands = new Map(platform.authorizers.map((brand) => [brand.appId, brand]));
  const calls: ComponentCalls = {
    componentToken: 0,
    startPushTicket: 0,
    createPreauthcode: 0,
    queryAuth: 0,
    authorizerToken: 0,
    getAuthorizerList: 0,
    loginPage: 0,
  };
  const verifyTickets = new Map<string, Expiring>();
  /** Only the newest component token works: each api_component_token call kills the previous one. */
  let componentToken: { value: string; expiresAt: number } | undefined;
  const preAuthCodes = new Map<string, Expiring>();
  const authCodes = new Map<string, Expiring & { appId: string }>();
  const authorizations = new Map<string, Authorization>();
  /** Counts only: WeChat publishes no daily limit of api_authorizer_token that the emulator would enforce. */
  const authorizerTokensToday = new DailyQuota(Number.POSITIVE_INFINITY, now);
  const pushes: PushResult[] = [];
  const inFlight = new Set<Promise<PushResult>>();
  let pushUrl: string | undefined;
  let nextPushAt = 0;
  let timer: NodeJS.Timeout | undefined;

  const seconds = (ms: number) => Math.floor(ms / 1000);
  const forgetExpired = (map: Map<string, Expiring>, at: number) => {
    for (const [value, entry] of map) if (entry.expiresAt <= at) map.delete(value);
  };

  function checkComponentToken(query: URLSearchParams): WechatErrorBody | undefined {
    const value = query.get('component_access_token') ?? query.get('access_token');
    if (value === null || value === '') return wechatError(41001);
    if (!isWellFormedToken(value)) return wechatError(40014);
    if (!componentToken || componentToken.value !== value) return wechatError(40001);
    if (componentToken.expiresAt <= now()) return wechatError(42001);
    return undefined;
  }

  function checkComponentAppId(value: unknown): WechatErrorBody | undefined {
    if (typeof value !== 'string' || value === '') return wechatError(41002);
    if (value !== platform.appId) return wechatError(40013);
    return undefined;
  }

  function apiComponentToken(body: Record<string, unknown>): Answer {
    const appError = checkComponentAppId(body.component_appid);
    if (appError) return appError;
    const secret = body.component_appsecret;
    if (typeof secret !== 'string' || secret === '') return wechatError(41004);
    if (secret !== platform.appSecret) return wechatError(40125);
    const ticket = body.component_verify_ticket;
    const at = now();
    const known = typeof ticket === 'string' ? verifyTickets.get(ticket) : undefined;
    if (!known) return componentError(61006);
    if (known.expiresAt <= at) return componentError(61005);
    componentToken = { value: newAccessToken(), expiresAt: at + COMPONENT_TTL.componentToken * 1000 };
    return { component_access_token: componentToken.value, expires_in: COMPONENT_TTL.componentToken };
  }

  function apiStartPushTicket(body: Record<string, unknown>): Answer {
    const appError = checkComponentAppId(body.component_appid);
    if (appError) return appError;
    const secret = body.component_secret;
    if (typeof secret !== 'string' || secret === '') return wechatError(41004);
    if (secret !== platform.appSecret) return wechatError(40125);
    if (pushUrl !== undefined) track(pushNow(pushUrl, { infoType: 'component_verify_ticket' }));
    return { errcode: 0, errmsg: 'ok' };
  }

  function apiCreatePreauthcode(body: Record<string, unknown>): Answer {
    const appError = checkComponentAppId(body.component_appid);
    if (appError) return appError;
    const at = now();
    forgetExpired(preAuthCodes, at);
    const code = `preauthcode@@@${newTicket()}`;
    preAuthCodes.set(code, { expiresAt: at + COMPONENT_TTL.preAuthCode * 1000 });
    return { pre_auth_code: code, expires_in: COMPONENT_TTL.preAuthCode };
  }

  function apiQueryAuth(body: Record<string, unknown>): Answer {
    const appError = checkComponentAppId(body.component_appid);
    if (appError) return appError;
    const code = body.authorization_code;
    const at = now();
    const entry = typeof code === 'string' ? authCodes.get(code) : undefined;
    if (!entry) return componentError(61009);
    authCodes.delete(code as string);
    if (entry.expiresAt <= at) return componentError(61010);
    const authorization = authorizations.get(entry.appId);
    if (!authorization) return componentError(61003);
    const token = tokens.issueClassic(entry.appId);
    return {
      authorization_info: {
        authorizer_appid: entry.appId,
        authorizer_access_token: token.value,
        expires_in: seconds(token.expiresAt - at),
        authorizer_refresh_token: authorization.refreshToken,
        func_info: FUNC_INFO,
      },
    };
  }

  function apiAuthorizerToken(body: Record<string, unknown>): Answer {
    const appError = checkComponentAppId(body.component_appid);
    if (appError) return appError;
    const appId = body.authorizer_appid;
    if (typeof appId !== 'string' || appId === '') return wechatError(41002);
    if (appId === platform.appId) return componentError(61024);
    const authorization = authorizations.get(appId);
    if (!authorization) return componentError(61003);
    if (body.authorizer_refresh_token !== authorization.refreshToken) return componentError(61023);
    const token = tokens.issueClassic(appId);
    authorizerTokensToday.take(appId);
    return {
      authorizer_access_token: token.value,
      expires_in: seconds(token.expiresAt - now()),
      authorizer_refresh_token: authorization.refreshToken,
    };
  }

  function apiGetAuthorizerList(body: Record<string, unknown>): Answer {
    const appError = checkComponentAppId(body.component_appid);
    if (appError) return appError;
    const { offset, count } = body;
    if (!Number.isInteger(offset) || (offset as number) < 0) return wechatError(40097);
    if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > MAX_LIST_COUNT) return wechatError(40097);
    const all = [...authorizations].map(([appId, authorization]) => ({
      authorizer_appid: appId,
      refresh_token: authorization.refreshToken,
      auth_time: authorization.authTime,
    }));
    const start = offset as number;
    return { total_count: all.length, list: all.slice(start, start + (count as number)) };
  }

  const API: Readonly<Record<Exclude<Endpoint, 'loginPage'>, (body: Record<string, unknown>) => Answer>> = {
    componentToken: apiComponentToken,
    startPushTicket: apiStartPushTicket,
    createPreauthcode: apiCreatePreauthcode,
    queryAuth: apiQueryAuth,
    authorizerToken: apiAuthorizerToken,
    getAuthorizerList: apiGetAuthorizerList,
  };
  /** The endpoints that take `?component_access_token=`; the token and push-ticket calls take the secret instead. */
  const NEEDS_TOKEN = new Set<Endpoint>(['createPreauthcode', 'queryAuth', 'authorizerToken', 'getAuthorizerList']);

  async function answerApi(endpoint: Exclude<Endpoint, 'loginPage'>, req: IncomingMessage, query: URLSearchParams) {
    if (req.method !== 'POST') return wechatError(43002);
    // Read (or drain) the body first, so the socket can carry the answer whatever it is.
    const body = await readJsonBody(req);
    if (NEEDS_TOKEN.has(endpoint)) {
      const tokenError = checkComponentToken(query);
      if (tokenError) return tokenError;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return wechatError(47001);
    return API[endpoint](body as Record<string, unknown>);
  }

  function sendHtml(res: ServerResponse, status: number, html: string): void {
    res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) });
    res.end(html);
  }

  /** The login page's query, checked: a known platform, a live pre-auth code, an http(s) redirect_uri. */
  function checkLoginQuery(query: URLSearchParams): { preAuthCode: string; redirect: URL } | { error: string } {
    if (query.get('component_appid') !== platform.appId) return { error: 'Unknown component_appid.' };
    const preAuthCode = query.get('pre_auth_code') ?? '';
    const entry = preAuthCodes.get(preAuthCode);
    if (!entry || entry.expiresAt <= now()) return { error: 'The pre_auth_code is invalid or expired (30 minutes).' };
    let redirect: URL;
    try {
      redirect = new URL(query.get('redirect_uri') ?? '');
    } catch {
      return { error: 'redirect_uri is not an absolute URL.' };
    }
    if (redirect.protocol !== 'http:' && redirect.protocol !== 'https:') return { error: 'redirect_uri must be http(s).' };
    return { preAuthCode, redirect };
  }

  function serveLoginPage(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.method !== 'GET') {
      sendHtml(res, 405, errorPage('Use GET.'));
      return;
    }
    const checked = checkLoginQuery(url.searchParams);
    if ('error' in checked) {
      sendHtml(res, 400, errorPage(checked.error));
      return;
    }
    // Relative, so that the links work when the handler is mounted under a prefix (app.use('/wechat-api', …)).
    const scan = (appId: string) => {
      const params = new URLSearchParams(url.searchParams);
      params.set('authorizer_appid', appId);
      return `componentloginpage/scan?${params}`;
    };
    sendHtml(res, 200, loginPage(platform.appId, [...brands.values()].map((b) => ({ ...b, href: scan(b.appId) }))));
  }

  function serveScan(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const checked = checkLoginQuery(url.searchParams);
    if ('error' in checked) {
      sendHtml(res, 400, errorPage(checked.error));
      return;
    }
    const appId = url.searchParams.get('authorizer_appid') ?? '';
    if (!brands.has(appId)) {
      sendHtml(res, 400, errorPage('Unknown authorizer_appid: not an emulated account.'));
      return;
    }
    preAuthCodes.delete(checked.preAuthCode);
    const { authCode, expiresIn } = authorize(appId, checked.preAuthCode);
    checked.redirect.searchParams.set('auth_code', authCode);
    checked.redirect.searchParams.set('expires_in', String(expiresIn));
    res.writeHead(302, { Location: checked.redirect.href, 'Content-Length': 0 });
    res.end();
  }

  function authorize(appId: string, preAuthCode = ''): { authCode: string; expiresIn: number } {
    if (typeof appId !== 'string' || appId === '' || appId === platform.appId) {
      throw new TypeError('authorize: pass the appId of an official account, not the platform\'s');
    }
    const at = now();
    const again = authorizations.has(appId);
    // "用户重新授权后,之前的刷新令牌会失效" (authorization_info.html): a new refresh token each time.
    authorizations.set(appId, { refreshToken: newRefreshToken(), authTime: seconds(at) });
    for (const [code, entry] of authCodes) if (entry.expiresAt <= at) authCodes.delete(code);
    const authCode = `queryauthcode@@@${newTicket()}`;
    const expiresAt = at + COMPONENT_TTL.authCode * 1000;
    authCodes.set(authCode, { appId, expiresAt });
    if (pushUrl !== undefined) {
      track(
        pushNow(pushUrl, {
          infoType: again ? 'updateauthorized' : 'authorized',
          authorizerAppId: appId,
          authorizationCode: authCode,
          authorizationCodeExpiredTime: seconds(expiresAt),
          preAuthCode,
        }),
      );
    }
    return { authCode, expiresIn: COMPONENT_TTL.authCode };
  }

  function pushNow(url: string, event: PushEvent): Promise<PushResult> {
    const at = now();
    let ticket: string | undefined;
    if (event.infoType === 'component_verify_ticket') {
      forgetExpired(verifyTickets, at);
      ticket = `ticket@@@${newTicket()}`;
      verifyTickets.set(ticket, { expiresAt: at + COMPONENT_TTL.verifyTicket * 1000 });
      if (url === pushUrl) nextPushAt = at + COMPONENT_TTL.pushInterval * 1000;
    }
    const request = encryptedRequest(platform, url, innerXml(platform.appId, seconds(at), event, ticket), at);
    return deliver(request, { url, infoType: event.infoType, at }).then((result) => {
      pushes.push(result);
      if (pushes.length > MAX_PUSH_RESULTS) pushes.shift();
      return result;
    });
  }

  function track(promise: Promise<PushResult>): Promise<PushResult> {
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise));
    return promise;
  }

  function tick(): Promise<PushResult | undefined> {
    if (pushUrl === undefined || now() < nextPushAt) return Promise.resolve(undefined);
    return track(pushNow(pushUrl, { infoType: 'component_verify_ticket' }));
  }

  function stopPushing(): void {
    if (timer) clearInterval(timer);
    timer = undefined;
    pushUrl = undefined;
  }

  return {
    appId: platform.appId,
    calls,
    pushes,
    handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://mock');
      if (url.pathname === SCAN_PATH) {
        calls.loginPage += 1;
        serveScan(req, res, url);
        return true;
      }
      const endpoint = ROUTES[url.pathname];
      if (!endpoint) return false;
      calls[endpoint] += 1;
      if (endpoint === 'loginPage') {
        serveLoginPage(req, res, url);
        return true;
      }
      answerApi(endpoint, req, url.searchParams).then(
        (body) => {
          if (!res.destroyed && !res.headersSent) sendJson(res, 200, body);
        },
        () => {
          if (!res.destroyed && !res.headersSent) sendJson(res, 200, wechatError(-1));
        },
      );
      return true;
    },
    resetCalls() {
      for (const key of Object.keys(calls) as Endpoint[]) calls[key] = 0;
    },
    isComponentAppId(appId) {
      return appId === platform.appId;
    },
    push(url, event) {
      checkUrl(url);
      return track(pushNow(url, event));
    },
    startPushing(url, checkEveryMs = 1000) {
      checkUrl(url);
      stopPushing();
      pushUrl = url;
      timer = setInterval(() => void tick(), checkEveryMs);
      timer.unref();
      return track(pushNow(url, { infoType: 'component_verify_ticket' }));
    },
    stopPushing,
    tick,
    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    authorize,
    unauthorize(appId) {
      if (!authorizations.delete(appId)) return;
      tokens.invalidate(appId);
      if (pushUrl !== undefined) track(pushNow(pushUrl, { infoType: 'unauthorized', authorizerAppId: appId }));
    },
    revokeRefreshToken(appId) {
      const authorization = authorizations.get(appId);
      if (authorization) authorization.refreshToken = newRefreshToken();
    },
    validVerifyTickets() {
      const at = now();
      return [...verifyTickets].filter(([, entry]) => entry.expiresAt > at).map(([value]) => value);
    },
    validComponentTokens() {
      return componentToken && componentToken.expiresAt > now() ? [componentToken.value] : [];
    },
    usedToday(appId) {
      return { authorizerToken: authorizerTokensToday.count(appId) };
    },
    refreshToken(appId) {
      return authorizations.get(appId)?.refreshToken;
    },
    close() {
      stopPushing();
    },
  };
}

/** Like WeChat's: `refreshtoken@@@` and 43 url-safe characters. */
function newRefreshToken(): string {
  return `refreshtoken@@@${newTicket().slice(0, 43)}`;
}

function checkUrl(url: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:') {
    throw new TypeError('wechat-mock: a push url must be an absolute http(s) URL (the platform\'s 授权事件接收URL)');
  }
}
