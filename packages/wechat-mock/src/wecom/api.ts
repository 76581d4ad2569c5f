// The emulated WeCom (企业微信) API: gettoken, get_jsapi_ticket (corp ticket), ticket/get?type=agent_config (app ticket).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { clientIp, sendJson } from '../http.js';
import { isWellFormedToken, newAccessToken, newTicket } from '../secrets.js';

/** One WeCom app of a corp: its agentid and its own secret (so its own token). */
export interface WecomApp {
  agentId: string;
  secret: string;
  /** IPs allowed to call with this app's token (60020 otherwise). Defaults to any. */
  trustedIps?: string[] | undefined;
  /** Whether the app may fetch tickets (48002 otherwise). Defaults to `true`. */
  jsapi?: boolean | undefined;
}

export interface WecomCorp {
  corpId: string;
  apps: WecomApp[];
}

export interface WecomOptions {
  /** Defaults to one corp `ww0000000000000000` with app `1000002`, secret `mock-wecom-secret`. */
  corps?: WecomCorp[] | undefined;
  /** Lifetime of tokens and tickets, seconds. Defaults to `7200`. */
  ttlSeconds?: number | undefined;
  /** Ticket fetches allowed per corp an hour (both kinds). Defaults to `400`. */
  corpTicketsPerHour?: number | undefined;
  /** Ticket fetches allowed per app an hour (both kinds). Defaults to `100`. */
  appTicketsPerHour?: number | undefined;
  /** Clock, ms. Defaults to `Date.now`. */
  now?: (() => number) | undefined;
}

export const DEFAULT_CORP: WecomCorp = { corpId: 'ww0000000000000000', apps: [{ agentId: '1000002', secret: 'mock-wecom-secret' }] };

/** WeCom's errmsg for the errcodes emulated (developer.work.weixin.qq.com/document/path/90313). */
export const WECOM_ERRMSG: Readonly<Record<number, string>> = {
  [-1]: 'system busy',
  40001: 'invalid secret',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  41001: 'access_token missing',
  41002: 'corpid missing',
  41004: 'corpsecret missing',
  42001: 'access_token expired',
  45009: 'api freq out of limit',
  48002: 'api forbidden',
  60020: 'not allow to access from your ip',
  40005: 'invalid type',
};

export interface WecomCalls {
  gettoken: number;
  corpTicket: number;
  agentTicket: number;
}

const ROUTES: Readonly<Record<string, keyof WecomCalls>> = {
  '/cgi-bin/gettoken': 'gettoken',
  '/cgi-bin/get_jsapi_ticket': 'corpTicket',
  '/cgi-bin/ticket/get': 'agentTicket',
};

const HOUR_MS = 3_600_000;

interface Issued {
  value: string;
  corpId: string;
  agentId: string;
  expiresAt: number;
}

const error = (errcode: number) => ({
  errcode,
  errmsg: `${WECOM_ERRMSG[errcode] ?? 'mock error'}, hint: [${randomBytes(6).toString('hex')}]`,
});

export interface WecomApi {
  /** Answers a WeCom route and returns true; false for any other path (the caller answers it). */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Requests per endpoint, errors included. */
  readonly calls: WecomCalls;
  resetCalls(): void;
  /** Every token of the corp (or of one app) stops working (WeCom may revoke early): 40014 afterwards. */
  invalidateTokens(corpId?: string, agentId?: string): void;
  /** Debug helper: the corp tickets (`kind: 'corp'`) or app tickets of an app accepted right now. */
  validTickets(kind: 'corp' | 'agent', corpId?: string, agentId?: string): string[];
}

export function createWecomApi(options: WecomOptions = {}): WecomApi {
  const corps = new Map((options.corps ?? [DEFAULT_CORP]).map((corp) => [corp.corpId, corp]));
  const ttlMs = (options.ttlSeconds ?? 7200) * 1000;
  const corpLimit = options.corpTicketsPerHour ?? 400;
  const appLimit = options.appTicketsPerHour ?? 100;
  const now = options.now ?? Date.now;
  const calls: WecomCalls = { gettoken: 0, corpTicket: 0, agentTicket: 0 };
  /** token value -> record; the current token per corp/app for the "same token while valid" rule. */
  const tokens = new Map<string, Issued>();
  const current = new Map<string, Issued>();
  const tickets = { corp: [] as Issued[], agent: [] as Issued[] };
  /** Ticket fetch instants in the last hour, per corp and per corp/app. */
  const fetches = new Map<string, number[]>();

  const appKey = (corpId: string, agentId: string) => `${corpId}/${agentId}`;
  const withinLimit = (key: string, limit: number, at: number) => {
    const recent = (fetches.get(key) ?? []).filter((t) => t > at - HOUR_MS);
    fetches.set(key, recent);
    return recent.length < limit;
  };

  function gettoken(query: URLSearchParams) {
    const corpId = query.get('corpid');
    const secret = query.get('corpsecret');
    if (!corpId) return error(41002);
    if (!secret) return error(41004);
    const corp = corps.get(corpId);
    if (!corp) return error(40013);
    const app = corp.apps.find((a) => a.secret === secret);
    if (!app) return error(40001);
    const at = now();
    const key = appKey(corpId, app.agentId);
    let token = current.get(key);
    // WeCom answers the same token while it is valid (document/path/91039).
    if (!token || token.expiresAt <= at || !tokens.has(token.value)) {
      token = { value: newAccessToken(), corpId, agentId: app.agentId, expiresAt: at + ttlMs };
      tokens.set(token.value, token);
      current.set(key, token);
    }
    return { errcode: 0, errmsg: 'ok', access_token: token.value, expires_in: Math.ceil((token.expiresAt - at) / 1000) };
  }

  function ticket(kind: 'corp' | 'agent', query: URLSearchParams, ip: string) {
    const value = query.get('access_token');
    if (value === null) return error(41001);
    if (!isWellFormedToken(value)) return error(40014);
    const token = tokens.get(value);
    if (!token) return error(40014);
    const at = now();
    if (token.expiresAt <= at) return error(42001);
    if (kind === 'agent' && query.get('type') !== 'agent_config') return error(40005);
    const app = corps.get(token.corpId)?.apps.find((a) => a.agentId === token.agentId);
    if (!app) return error(40014);
    if (app.trustedIps && !app.trustedIps.includes(ip)) return error(60020);
    if (app.jsapi === false) return error(48002);
    const key = appKey(token.corpId, token.agentId);
    if (!withinLimit(token.corpId, corpLimit, at) || !withinLimit(key, appLimit, at)) return error(45009);
    fetches.get(token.corpId)!.push(at);
    fetches.get(key)!.push(at);
    const issued = { value: newTicket(), corpId: token.corpId, agentId: token.agentId, expiresAt: at + ttlMs };
    tickets[kind] = tickets[kind].filter((t) => t.expiresAt > at).concat(issued);
    return { errcode: 0, errmsg: 'ok', ticket: issued.value, expires_in: ttlMs / 1000 };
  }

  return {
    calls,
    handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://mock');
      const endpoint = ROUTES[url.pathname];
      if (!endpoint) return false;
      calls[endpoint] += 1;
      const body =
        req.method !== 'GET'
          ? error(-1)
          : endpoint === 'gettoken'
            ? gettoken(url.searchParams)
            : ticket(endpoint === 'corpTicket' ? 'corp' : 'agent', url.searchParams, clientIp(req));
      sendJson(res, 200, body);
      return true;
    },
    resetCalls() {
      calls.gettoken = calls.corpTicket = calls.agentTicket = 0;
    },
    invalidateTokens(corpId, agentId) {
      for (const [value, token] of tokens) {
        if ((!corpId || token.corpId === corpId) && (!agentId || token.agentId === agentId)) tokens.delete(value);
      }
    },
    validTickets(kind, corpId, agentId) {
      const at = now();
      return tickets[kind]
        .filter((t) => t.expiresAt > at && (!corpId || t.corpId === corpId) && (!agentId || t.agentId === agentId))
        .map((t) => t.value);
    },
  };
}
