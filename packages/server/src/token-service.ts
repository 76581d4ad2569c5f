// The token service (share as the central token server): GET {path} answers the access token to servers holding a
// key, POST {path}/refresh replaces a token WeChat refused. Routed by the one request handling, so every shape serves it.
import { DEFAULTS } from './defaults.js';
import { createKeyCheck } from './key-check.js';
import type { Config, TokenServiceConfig } from './options.js';
import { errorAnswer, jsonAnswer, type ShareAnswer } from './respond.js';
import type { AccessToken, RefreshedAccessToken, TokenSource } from './token-source.js';

/** The parts of a request the token service reads, besides method and url. */
export interface TokenRequest {
  readonly method: string;
  header(name: 'authorization'): string | undefined;
  /** The peer's address, whose failed key checks are counted; '' when unknown. */
  readonly remoteAddress: string;
  /** The body, at most `limit` bytes; rejects with BodyTooLarge beyond. */
  body(limit: number): Promise<Buffer>;
}

export class BodyTooLarge extends Error {
  constructor() {
    super('request body too large');
    this.name = 'BodyTooLarge';
  }
}

export type TokenRoute = 'token' | 'refresh';

export type TokenService = (request: TokenRequest, route: TokenRoute, query: string) => ShareAnswer | Promise<ShareAnswer>;

const MAX_QUERY_LENGTH = 1024;
const MAX_TOKEN_LENGTH = 512;

export function createTokenService(config: Config, service: TokenServiceConfig, source: TokenSource): TokenService {
  const { logger, now } = config;
  const checkKey = createKeyCheck(service.keys, now);
  const secrets = [...service.keys, ...config.accounts.flatMap((a) => (a.appSecret ? [a.appSecret] : []))];
  const appIds = new Set(config.accounts.map((a) => a.appId));

  const error = (status: number, code: string, message: string, headers?: Record<string, string>) =>
    jsonAnswer(status, { error: { code, message } }, headers);

  const answer = (token: AccessToken | RefreshedAccessToken): ShareAnswer => {
    const body: Record<string, unknown> = {
      access_token: token.accessToken,
      expires_in: Math.max(0, Math.floor((token.expiresAt - now()) / 1000)),
    };
    if ('reason' in token && token.reason !== undefined) body.note = `not refreshed: ${token.reason}`;
    return jsonAnswer(200, body);
  };
  const failed = (cause: unknown) => errorAnswer(cause, logger, secrets);

  const refresh = async (request: TokenRequest, appId: string | undefined, agentId: string | undefined, from: TokenSource): Promise<ShareAnswer> => {
    let raw: Buffer;
    try {
      raw = await request.body(DEFAULTS.tokenServiceMaxBodyBytes);
    } catch (cause) {
      if (cause instanceof BodyTooLarge) return error(413, 'body_too_large', `the body must be at most ${DEFAULTS.tokenServiceMaxBodyBytes} bytes`);
      return error(400, 'invalid_body', 'the request body could not be read');
    }
    const rejected = rejectedToken(raw);
    if (rejected === undefined) {
      return error(400, 'invalid_body', 'send a JSON body { "access_token": "<the token WeChat refused>" }');
    }
    return from.refreshAccessToken(rejected, appId, agentId).then(answer, failed);
  };

  return (request, route, query) => {
    const method = route === 'token' ? 'GET' : 'POST';
    if (request.method !== method) {
      return error(405, 'method_not_allowed', `use ${method} ${service.path}${route === 'token' ? '' : '/refresh'}`, { allow: method });
    }
    const verdict = checkKey(request.header('authorization'), request.remoteAddress);
    if (!verdict.ok) {
      if (verdict.retryAfterSeconds !== undefined) {
        return error(429, 'too_many_requests', 'too many failed key checks from this address; retry later', { 'retry-after': String(verdict.retryAfterSeconds) });
      }
      return error(401, 'unauthorized', 'send Authorization: Bearer <one of the token service keys>', { 'www-authenticate': 'Bearer' });
    }
    if (query.length > MAX_QUERY_LENGTH) return error(400, 'invalid_query', `the query must be at most ${MAX_QUERY_LENGTH} characters`);
    const params = new URLSearchParams(query);
    const appId = params.get('appid') ?? undefined;
    // A WeCom app: appid=<corpId>, plus agentid=<agentId> when the corp has several apps here.
    const agentId = params.get('agentid') ?? undefined;
    if (appId !== undefined && !appIds.has(appId)) return error(404, 'unknown_account', 'appid is none of the accounts this server holds');
    if (agentId !== undefined && appId === undefined) return error(400, 'invalid_query', 'agentid needs appid (the corpId)');
    if (route === 'refresh') return refresh(request, appId, agentId, source);
    return source.accessToken(appId, agentId).then(answer, failed);
  };
}

/** The access_token of a JSON body { "access_token": "…" }; undefined when the body is not that. */
function rejectedToken(raw: Buffer): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const token = (parsed as { access_token?: unknown }).access_token;
  return typeof token === 'string' && token !== '' && token.length <= MAX_TOKEN_LENGTH ? token : undefined;
}

/** Which token service route a request url (relative, with query) is on, and where its query starts; undefined: neither. */
export function tokenRoute(raw: string, path: string): { route: TokenRoute; queryStart: number } | undefined {
  for (const [route, routePath] of [['token', path], ['refresh', `${path}/refresh`]] as const) {
    if (!raw.startsWith(routePath)) continue;
    let end = routePath.length;
    if (raw.charCodeAt(end) === 47) end++; // a trailing '/'
    if (end === raw.length) return { route, queryStart: end };
    if (raw.charCodeAt(end) === 63) return { route, queryStart: end }; // '?'
  }
  return undefined;
}
