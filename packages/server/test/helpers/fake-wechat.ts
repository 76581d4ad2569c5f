// A fake WeChat API on undici's MockAgent (no sockets): token, stable_token and getticket with queued faults.
import { MockAgent } from 'undici';
import { ENDPOINT_PATHS, noCalls, type Endpoint } from './wechat-endpoints.js';

export const API_BASE = 'http://wechat.test';
export const APP_ID = 'wx1234567890abcdef';
export const APP_SECRET = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';

export type { Endpoint } from './wechat-endpoints.js';
export type Fault =
  | { errcode: number; errmsg?: string }
  | { status: number }
  | { delayMs: number }
  | { hang: true }
  | { badJson: true };

interface Issued {
  expiresAt: number;
}

let serial = 0;
const longValue = (prefix: string) => `${prefix}_${(++serial).toString().padStart(6, '0')}_${'Ab9_x-'.repeat(20)}`;

export interface FakeWechatOptions {
  now: () => number;
  tokenTtlSeconds?: number;
  ticketTtlSeconds?: number;
  /** stable_token answers the same token while it has more than this left (WeChat: 300 s). */
  stableRenewSeconds?: number;
}

export function fakeWechat(options: FakeWechatOptions) {
  const { now } = options;
  const tokenTtl = options.tokenTtlSeconds ?? 7200;
  const ticketTtl = options.ticketTtlSeconds ?? 7200;
  const renewAt = (options.stableRenewSeconds ?? 300) * 1000;
  const agent = new MockAgent();
  agent.disableNetConnect();
  const pool = agent.get(API_BASE);

  const tokens = new Map<string, Issued>();
  const tickets = new Map<string, Issued>();
  let stable: string | undefined;
  const calls = noCalls();
  const requests: { endpoint: Endpoint; method: string; path: string; body: string | undefined }[] = [];
  const faults: Record<Endpoint, Fault[]> = { token: [], stable_token: [], ticket: [] };
  const hanging: (() => void)[] = [];

  const issueToken = () => {
    const value = longValue('TOKEN');
    tokens.set(value, { expiresAt: now() + tokenTtl * 1000 });
    return value;
  };

  type Reply = { statusCode: number; data: string | (() => Promise<string>) };
  const json = (body: Record<string, unknown>): Reply => ({ statusCode: 200, data: JSON.stringify(body) });

  function answer(endpoint: Endpoint, ok: () => Record<string, unknown>): Reply {
    const fault = faults[endpoint].shift();
    if (fault && 'status' in fault) return { statusCode: fault.status, data: 'upstream broke' };
    if (fault && 'badJson' in fault) return { statusCode: 200, data: '<html>gateway</html>' };
    if (fault && 'hang' in fault) {
      return { statusCode: 200, data: () => new Promise<string>((resolve) => hanging.push(() => resolve('{}'))) };
    }
    if (fault && 'delayMs' in fault) {
      const body = JSON.stringify(ok());
      return { statusCode: 200, data: () => new Promise((resolve) => setTimeout(() => resolve(body), fault.delayMs)) };
    }
    if (fault) return json({ errcode: fault.errcode, errmsg: fault.errmsg ?? `fault ${fault.errcode}` });
    return json(ok());
  }

  pool
    .intercept({ path: (p: string) => p.startsWith(`${ENDPOINT_PATHS.token}?`), method: 'GET' })
    .reply((req) => {
      calls.token++;
      requests.push({ endpoint: 'token', method: req.method, path: req.path, body: undefined });
      return answer('token', () => ({ access_token: issueToken(), expires_in: tokenTtl }));
    })
    .persist();

  pool
    .intercept({ path: ENDPOINT_PATHS.stable_token, method: 'POST' })
    .reply((req) => {
      calls.stable_token++;
      requests.push({ endpoint: 'stable_token', method: req.method, path: req.path, body: String(req.body) });
      const force = (JSON.parse(String(req.body)) as { force_refresh?: boolean }).force_refresh === true;
      return answer('stable_token', () => {
        // force_refresh: a new token, and the previous one stops working (WeChat's force mode).
        if (force && stable !== undefined) {
          tokens.delete(stable);
          stable = undefined;
        }
        const current = stable === undefined ? undefined : tokens.get(stable);
        if (stable === undefined || current === undefined || current.expiresAt - now() <= renewAt) stable = issueToken();
        const left = Math.floor(((tokens.get(stable)?.expiresAt ?? 0) - now()) / 1000);
        return { access_token: stable, expires_in: left };
      });
    })
    .persist();

  pool
    .intercept({ path: (p: string) => p.startsWith(`${ENDPOINT_PATHS.ticket}?`), method: 'GET' })
    .reply((req) => {
      calls.ticket++;
      requests.push({ endpoint: 'ticket', method: req.method, path: req.path, body: undefined });
      const token = new URL(req.path, API_BASE).searchParams.get('access_token') ?? '';
      const issued = tokens.get(token);
      if (!issued) return json({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
      if (issued.expiresAt <= now()) return json({ errcode: 42001, errmsg: 'access_token expired' });
      return answer('ticket', () => {
        const value = longValue('TICKET');
        tickets.set(value, { expiresAt: now() + ticketTtl * 1000 });
        return { errcode: 0, errmsg: 'ok', ticket: value, expires_in: ticketTtl };
      });
    })
    .persist();

  return {
    agent,
    calls,
    requests,
    /** Queue `fault` for the next `times` calls of `endpoint`. */
    fail(endpoint: Endpoint, fault: Fault, times = 1) {
      for (let i = 0; i < times; i++) faults[endpoint].push(fault);
    },
    /** Every token issued so far stops working (getticket answers 40001). */
    invalidateTokens() {
      tokens.clear();
      stable = undefined;
    },
    validTickets: () => [...tickets].filter(([, t]) => t.expiresAt > now()).map(([v]) => v),
    validTokens: () => [...tokens].filter(([, t]) => t.expiresAt > now()).map(([v]) => v),
    /** Every token, ticket and the secret handed out so far: none of them may leak. */
    secrets: () => [APP_SECRET, ...tokens.keys(), ...tickets.keys()],
    async close() {
      for (const release of hanging.splice(0)) release();
      await agent.close();
    },
  };
}

export type FakeWechat = ReturnType<typeof fakeWechat>;
