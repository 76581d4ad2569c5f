// createWechatMock: the emulated WeChat API as a node http handler and a loopback server, with faults and counters.
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Answer, Context } from './api/context.js';
import { QUOTA_PATH, serveQuota } from './api/quota.js';
import { COMPONENT_ERRMSG, createComponentApi, type ComponentApi } from './component/api.js';
import { stableToken } from './api/stable-token.js';
import { getTicket } from './api/ticket.js';
import { classicToken } from './api/token.js';
import { wechatError } from './errors.js';
import { FaultQueue, type Endpoint, type Fault } from './faults.js';
import { clientIp, readJsonBody, sendJson } from './http.js';
import { checkAccount, resolveConfig, type MockAccount, type MockOptions } from './options.js';
import { DailyQuota } from './quota.js';
import { TicketRegistry } from './tickets.js';
import { TokenRegistry } from './tokens.js';
import { createWecomApi, type WecomApi } from './wecom/api.js';

export interface CallCounts {
  token: number;
  stableToken: number;
  ticket: number;
}

export interface WechatMock {
  /** Starts a loopback server. Defaults to port 0 (any free one) on 127.0.0.1; resolves to the base url. */
  listen(port?: number, host?: string): Promise<string>;
  /** Base url, e.g. `http://127.0.0.1:PORT`, once listening; throws before. */
  readonly url: string;
  /** The emulator as a node http handler, e.g. to mount in an express app. */
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** Stops the server (when listening) and ends hanging and delayed requests. */
  close(): Promise<void>;
  /** Requests per endpoint, every one counted: faults and errors too. */
  readonly calls: CallCounts;
  resetCalls(): void;
  /** Queues `fault` for the next `times` calls (default 1) of the endpoint; `Infinity` keeps it until clearFaults. */
  fail(endpoint: Endpoint | 'any', fault: Fault, times?: number): void;
  clearFaults(): void;
  /** Adds an account, or changes the secret of a known appId. */
  addAccount(account: MockAccount): void;
  /** Every current token of the account (or of every account) stops working: 40001 on getticket. */
  invalidateTokens(appId?: string): void;
  /** Debug helper for tests: the tickets accepted right now (to verify signatures). */
  validTickets(appId?: string): string[];
  /** Debug helper for tests: the access_tokens accepted right now. */
  validTokens(appId?: string): string[];
  /** The account's successful calls today (China time, as the daily quotas count them). */
  usedToday(appId: string): CallCounts;
  /** The WeCom API on the same listener: its counters, token revocation and tickets (see wecom/api.ts). */
  readonly wecom: WecomApi;
  /** The third-party platform on the same listener: its counters, pushes and authorizers (see component/api.ts). */
  readonly component: ComponentApi;
}

interface Route {
  endpoint: Endpoint;
  method: 'GET' | 'POST';
}

const ROUTES: Readonly<Record<string, Route>> = {
  '/cgi-bin/token': { endpoint: 'token', method: 'GET' },
  '/cgi-bin/stable_token': { endpoint: 'stable_token', method: 'POST' },
  '/cgi-bin/ticket/getticket': { endpoint: 'ticket', method: 'GET' },
};

const COUNTER: Readonly<Record<Endpoint, keyof CallCounts>> = {
  token: 'token',
  stable_token: 'stableToken',
  ticket: 'ticket',
};

export function createWechatMock(options?: MockOptions): WechatMock {
  const config = resolveConfig(options);
  const { now } = config;
  const ctx: Context = {
    config,
    accounts: new Map(config.accounts.map((account) => [account.appId, account.appSecret])),
    tokens: new TokenRegistry(config.tokenTtlSeconds * 1000, now),
    tickets: new TicketRegistry(config.ticketTtlSeconds * 1000, now),
    quotas: {
      token: new DailyQuota(config.dailyTokenQuota, now),
      stableToken: new DailyQuota(config.dailyStableTokenQuota, now),
      forceRefresh: new DailyQuota(config.dailyForceRefreshQuota, now),
      ticket: new DailyQuota(config.dailyTicketQuota, now),
    },
    lastForceRefresh: new Map(),
  };
  const wecom = createWecomApi({ now, ...config.wecom });
  const component = createComponentApi(config.component, { now, tokens: ctx.tokens });
  const faults = new FaultQueue();
  const calls: CallCounts = { token: 0, stableToken: 0, ticket: 0 };
  /** Requests held open by a hang or a delay, ended by close(). */
  const held = new Set<ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();
  let server: Server | undefined;
  let baseUrl: string | undefined;

  async function answer(route: Route, req: IncomingMessage, query: URLSearchParams): Promise<Answer> {
    if (req.method !== route.method) return wechatError(route.method === 'POST' ? 43002 : 43001);
    const ip = clientIp(req);
    switch (route.endpoint) {
      case 'token':
        if (component.isComponentAppId(query.get('appid'))) return wechatError(61024, COMPONENT_ERRMSG[61024]);
        return classicToken(ctx, query, ip);
      case 'stable_token': {
        const body = await readJsonBody(req);
        const appId = (body as { appid?: unknown } | undefined)?.appid;
        if (component.isComponentAppId(appId)) return wechatError(61024, COMPONENT_ERRMSG[61024]);
        return stableToken(ctx, body, ip);
      }
      case 'ticket':
        return getTicket(ctx, query);
    }
  }

  function serve(route: Route, req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
    answer(route, req, query).then(
      (body) => {
        if (!res.destroyed && !res.headersSent) sendJson(res, 200, body);
      },
      () => {
        if (!res.destroyed && !res.headersSent) sendJson(res, 200, wechatError(-1));
      },
    );
  }

  function hold(res: ServerResponse): void {
    held.add(res);
    res.on('close', () => held.delete(res));
  }

  function applyFault(
    fault: Fault,
    route: Route,
    req: IncomingMessage,
    res: ServerResponse,
    query: URLSearchParams,
  ): void {
    if ('errcode' in fault) {
      sendJson(res, 200, fault.errmsg === undefined ? wechatError(fault.errcode) : fault);
    } else if ('status' in fault) {
      const text = `${fault.status} ${STATUS_CODES[fault.status] ?? 'Error'}`;
      res.writeHead(fault.status, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    } else if ('drop' in fault) {
      req.socket.destroy();
    } else if ('hang' in fault) {
      hold(res);
    } else {
      hold(res);
      const timer = setTimeout(() => {
        timers.delete(timer);
        held.delete(res);
        serve(route, req, res, query);
      }, fault.delayMs);
      timers.add(timer);
    }
  }

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://mock');
    const route = ROUTES[url.pathname];
    if (url.pathname === QUOTA_PATH) return serveQuota(ctx, req, res, url.searchParams);
    if (!route && (wecom.handle(req, res) || component.handle(req, res))) return;
    if (!route) {
      sendJson(res, 404, wechatError(40066, `invalid url ${url.pathname}`));
      return;
    }
    calls[COUNTER[route.endpoint]] += 1;
    const fault = faults.take(route.endpoint);
    if (fault) applyFault(fault, route, req, res, url.searchParams);
    else serve(route, req, res, url.searchParams);
  };

  return {
    handler,
    calls,
    wecom,
    usedToday: (appId) => ({
      token: ctx.quotas.token.count(appId),
      stableToken: ctx.quotas.stableToken.count(appId),
      ticket: ctx.quotas.ticket.count(appId),
    }),
    component,
    get url(): string {
      if (baseUrl === undefined) throw new Error('wechat-mock: call listen() before reading url');
      return baseUrl;
    },
    listen(port = 0, host = '127.0.0.1'): Promise<string> {
      if (server) return Promise.reject(new Error('wechat-mock: already listening'));
      const listening = createServer(handler);
      server = listening;
      return new Promise((resolve, reject) => {
        listening.once('error', (error) => {
          server = undefined;
          reject(error);
        });
        listening.listen(port, host, () => {
          const { port: actual } = listening.address() as AddressInfo;
          baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${actual}`;
          resolve(baseUrl);
        });
      });
    },
    async close(): Promise<void> {
      component.close();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const res of held) res.destroy();
      held.clear();
      const closing = server;
      server = undefined;
      baseUrl = undefined;
      if (!closing) return;
      await new Promise<void>((resolve, reject) => {
        closing.close((error) => (error ? reject(error) : resolve()));
        closing.closeAllConnections();
      });
    },
    resetCalls(): void {
      calls.token = 0;
      calls.stableToken = 0;
      calls.ticket = 0;
    },
    fail(endpoint, fault, times = 1): void {
      faults.add(endpoint, fault, times);
    },
    clearFaults(): void {
      faults.clear();
    },
    addAccount(account: MockAccount): void {
      checkAccount(account);
      ctx.accounts.set(account.appId, account.appSecret);
    },
    invalidateTokens(appId?: string): void {
      ctx.tokens.invalidate(appId);
    },
    validTickets(appId?: string): string[] {
      return ctx.tickets.valid(appId);
    },
    validTokens(appId?: string): string[] {
      return ctx.tokens.valid(appId);
    },
  };
}
