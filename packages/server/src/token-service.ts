// The token service (share as the central token server): GET {path} answers the access token to servers holding a
// key, POST {path}/refresh replaces a token WeChat refused. Routed by the one request handling, so every shape serves it.
import { DEFAULTS } from './defaults.js';
import { ShareError } from './errors.js';
import type { Route } from './handle-request.js';
import { keySet } from './key-check.js';
import type { Config } from './options.js';
import { errorJson, jsonAnswer, readBody, shareErrorAnswer, type ShareAnswer } from './respond.js';
import type { AccessToken, RefreshedAccessToken, TokenSource } from './token-source.js';
import type { ComponentCredentials } from './component/credentials.js';

const MAX_QUERY_LENGTH = 1024;
const MAX_TOKEN_LENGTH = 512;

/**
 * The token service's two entries of the route table; none when it is off. `component`: the third-party platform,
 * whose authorizers' tokens both routes serve too (?appid=<authorizer>).
 */
export function createTokenRoutes(config: Config, source: TokenSource, component?: ComponentCredentials): [string, Route][] {
  const service = config.tokenService;
  if (service === undefined) return [];
  const { now } = config;
  const keys = keySet(service.keys, 'one of the token service keys');
  const appIds = new Set(config.accounts.map((a) => a.appId));
  const maxBody = DEFAULTS.tokenServiceMaxBodyBytes;
  const bodyErrors = {
    tooLarge: { code: 'body_too_large', message: `the body must be at most ${maxBody} bytes` },
    unreadable: { code: 'invalid_body', message: 'the request body could not be read' },
  };

  const answer = (token: AccessToken | RefreshedAccessToken): ShareAnswer => {
    const body: Record<string, unknown> = {
      access_token: token.accessToken,
      expires_in: Math.max(0, Math.floor((token.expiresAt - now()) / 1000)),
    };
    if ('reason' in token && token.reason !== undefined) body.note = `not refreshed: ${token.reason}`;
    return jsonAnswer(200, body);
  };

  /** The account the query names (appid, and agentid for one app of a WeCom corp), or the 400/404 answer. */
  const accountOf = (query: string): { appId: string | undefined; agentId: string | undefined; authorizer?: boolean } | ShareAnswer => {
    if (query.length > MAX_QUERY_LENGTH) return errorJson(400, 'invalid_query', `the query must be at most ${MAX_QUERY_LENGTH} characters`);
    const params = new URLSearchParams(query);
    const appId = params.get('appid') ?? undefined;
    // A WeCom app: appid=<corpId>, plus agentid=<agentId> when the corp has several apps here.
    const agentId = params.get('agentid') ?? undefined;
    if (appId === undefined && appIds.size === 0) return errorJson(400, 'invalid_query', 'appid is required: the AppID of an account that authorized the platform');
    // Not an account of this server: an authorizer of the third-party platform, checked by the platform's credentials.
    if (appId !== undefined && !appIds.has(appId) && component !== undefined && agentId === undefined) {
      return { appId, agentId, authorizer: true };
    }
    if (appId !== undefined && !appIds.has(appId)) return errorJson(404, 'unknown_account', 'appid is none of the accounts this server holds');
    if (agentId !== undefined && appId === undefined) return errorJson(400, 'invalid_query', 'agentid needs appid (the corpId)');
    return { appId, agentId };
  };

  const token: Route = {
    methods: ['GET'],
    usage: `GET ${service.path}`,
    cors: false,
    keys,
    task: 'answering the access token',
    answer(_request, query) {
      const account = accountOf(query);
      if ('status' in account) return account;
      if (account.authorizer) return component!.accessToken(account.appId!).then(answer, failed);
      return source.accessToken(account.appId, account.agentId).then(answer, failed);
    },
  };
  const refresh: Route = {
    methods: ['POST'],
    usage: `POST ${service.path}/refresh`,
    cors: false,
    keys,
    task: 'refreshing the access token',
    async answer(request, query) {
      const account = accountOf(query);
      if ('status' in account) return account;
      const raw = await readBody(request, maxBody, bodyErrors);
      if (!Buffer.isBuffer(raw)) return raw;
      const rejected = rejectedToken(raw);
      if (rejected === undefined) {
        return errorJson(400, 'invalid_body', 'send a JSON body { "access_token": "<the token WeChat refused>" }');
      }
      // An authorizer's refused token is replaced as an account's is: bounded, coalesced, shared through the store.
      if (account.authorizer) return component!.refreshAccessToken(account.appId!, rejected).then(answer, failed);
      return source.refreshAccessToken(rejected, account.appId, account.agentId).then(answer, failed);
    },
  };
  return [[service.path, token], [`${service.path}/refresh`, refresh]];
}

/** A ShareError (unknown_account, refresh_limited, wechat_*) as its JSON; anything else rejects, and the table answers 500. */
function failed(error: unknown): ShareAnswer {
  if (error instanceof ShareError) return shareErrorAnswer(error);
  throw error;
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

