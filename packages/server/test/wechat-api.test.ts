import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { connect as connectSocket } from 'node:net';
import { MockAgent, ProxyAgent } from 'undici';
import { createWechatApi, withRetries, WechatCallError } from '../src/wechat-api.js';

const BASE = 'http://wechat.test';
const SECRET = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const TOKEN = `TOKEN_${'x'.repeat(120)}`;

const agents: MockAgent[] = [];
afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.close();
});

function mock() {
  const agent = new MockAgent();
  agent.disableNetConnect();
  agents.push(agent);
  return { agent, pool: agent.get(BASE) };
}

async function failure(promise: Promise<unknown>): Promise<WechatCallError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(WechatCallError);
  return err as WechatCallError;
}

describe('createWechatApi', () => {
  it('GETs /cgi-bin/token with the documented query', async () => {
    const { agent, pool } = mock();
    pool
      .intercept({ path: `/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=${SECRET}`, method: 'GET' })
      .reply(200, { access_token: TOKEN, expires_in: 7200 });
    const onCall = vi.fn();
    const api = createWechatApi({ apiBase: BASE, timeoutMs: 1000, dispatcher: agent, onCall });
    expect(await api.token('wx1', SECRET)).toEqual({ value: TOKEN, expiresIn: 7200 });
    expect(onCall).toHaveBeenCalledWith('token', {});
  });

  it('POSTs JSON to /cgi-bin/stable_token with force_refresh false', async () => {
    const { agent, pool } = mock();
    let body: unknown;
    let contentType: unknown;
    pool.intercept({ path: '/cgi-bin/stable_token', method: 'POST' }).reply(200, (req) => {
      body = JSON.parse(String(req.body));
      contentType = (req.headers as Record<string, string>)['content-type'];
      return { access_token: TOKEN, expires_in: 312 };
    });
    const api = createWechatApi({ apiBase: BASE, timeoutMs: 1000, dispatcher: agent });
    expect(await api.stableToken('wx1', SECRET)).toEqual({ value: TOKEN, expiresIn: 312 });
    expect(body).toEqual({ grant_type: 'client_credential', appid: 'wx1', secret: SECRET, force_refresh: false });
    expect(contentType).toBe('application/json');
  });

  it('GETs /cgi-bin/ticket/getticket with type=jsapi, keeping an apiBase path prefix', async () => {
    const { agent, pool } = mock();
    pool
      .intercept({ path: `/gw/wechat/cgi-bin/ticket/getticket?access_token=${TOKEN}&type=jsapi`, method: 'GET' })
      .reply(200, { errcode: 0, errmsg: 'ok', ticket: 'TICKET', expires_in: 7200 });
    const api = createWechatApi({ apiBase: `${BASE}/gw/wechat/`, timeoutMs: 1000, dispatcher: agent });
    expect(await api.ticket(TOKEN)).toEqual({ value: 'TICKET', expiresIn: 7200 });
  });

  it('turns an errcode into a WechatCallError with the errmsg redacted', async () => {
    const { agent, pool } = mock();
    pool
      .intercept({ path: /^\/cgi-bin\/token/, method: 'GET' })
      .reply(200, { errcode: 40125, errmsg: `invalid appsecret ${SECRET} rid: 1-2-3` });
    const api = createWechatApi({ apiBase: BASE, timeoutMs: 1000, dispatcher: agent });
    const err = await failure(api.token('wx1', SECRET));
    expect([err.kind, err.errcode, err.endpoint, err.errorClass, err.statsKey]).toEqual([
      'errcode', 40125, 'token', 'configuration', '40125',
    ]);
    expect(err.errmsg).toBe('invalid appsecret [redacted] rid: 1-2-3');
    expect(err.message).not.toContain(SECRET);
  });

  it.each([
    [500, 'transient', 'http_5xx'],
    [503, 'transient', 'http_5xx'],
    [404, 'configuration', 'http_404'],
    [429, 'quota', 'http_429'],
  ])('classifies HTTP %i', async (status, cls, key) => {
    const { agent, pool } = mock();
    pool.intercept({ path: /getticket/, method: 'GET' }).reply(status, 'nope');
    const api = createWechatApi({ apiBase: BASE, timeoutMs: 1000, dispatcher: agent });
    const err = await failure(api.ticket(TOKEN));
    expect([err.kind, err.status, err.errorClass, err.statsKey]).toEqual(['http', status, cls, key]);
  });

  it.each([
    ['not JSON', '<html>', 'bad_response'],
    ['no token', JSON.stringify({ expires_in: 7200 }), 'bad_response'],
    ['no expires_in', JSON.stringify({ access_token: TOKEN }), 'bad_response'],
  ])('calls an answer that is %s a bad response (transient)', async (_name, body, kind) => {
    const { agent, pool } = mock();
    pool.intercept({ path: '/cgi-bin/stable_token', method: 'POST' }).reply(200, body);
    const api = createWechatApi({ apiBase: BASE, timeoutMs: 1000, dispatcher: agent });
    const err = await failure(api.stableToken('wx1', SECRET));
    expect([err.kind, err.errorClass]).toEqual([kind, 'transient']);
  });

  it('times out a call that takes longer than timeoutMs', async () => {
    const { agent, pool } = mock();
    pool.intercept({ path: '/cgi-bin/stable_token', method: 'POST' }).reply(200, { access_token: TOKEN, expires_in: 7200 }).delay(5000);
    const api = createWechatApi({ apiBase: BASE, timeoutMs: 30, dispatcher: agent });
    const started = performance.now();
    const err = await failure(api.stableToken('wx1', SECRET));
    expect([err.kind, err.errorClass, err.statsKey]).toEqual(['timeout', 'transient', 'timeout']);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('never starts a call past the deadline, and shortens one that would end after it', async () => {
    const { agent, pool } = mock();
    pool.intercept({ path: '/cgi-bin/stable_token', method: 'POST' }).reply(200, { access_token: TOKEN, expires_in: 7200 }).delay(5000).persist();
    const onCall = vi.fn();
    const api = createWechatApi({ apiBase: BASE, timeoutMs: 5000, dispatcher: agent, onCall });
    expect((await failure(api.stableToken('wx1', SECRET, { deadline: performance.now() - 1 }))).kind).toBe('timeout');
    expect(onCall).not.toHaveBeenCalled();
    const started = performance.now();
    expect((await failure(api.stableToken('wx1', SECRET, { deadline: performance.now() + 30 }))).kind).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('reports a network error without the url (which carries the secret)', async () => {
    const { agent, pool } = mock();
    pool.intercept({ path: /^\/cgi-bin\/token/, method: 'GET' }).replyWithError(new Error(`socket hang up at ${BASE}/cgi-bin/token?secret=${SECRET}`));
    const api = createWechatApi({ apiBase: BASE, timeoutMs: 1000, dispatcher: agent });
    const err = await failure(api.token('wx1', SECRET));
    expect([err.kind, err.errorClass]).toEqual(['network', 'transient']);
    expect(err.message).not.toContain(SECRET);
  });

  it('ends a call when its signal aborts', async () => {
    const { agent, pool } = mock();
    pool.intercept({ path: /getticket/, method: 'GET' }).reply(200, {}).delay(5000);
    const api = createWechatApi({ apiBase: BASE, timeoutMs: 5000, dispatcher: agent });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 10);
    expect((await failure(api.ticket(TOKEN, { signal: controller.signal }))).kind).toBe('aborted');
  });
});

describe('createWechatApi over loopback HTTP (Node fetch, no dispatcher)', () => {
  const servers: Array<{ close(): void; closeAllConnections(): void }> = [];
  afterEach(() => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      server.close();
    }
  });
  async function upstream(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('answers a grant from a real socket', async () => {
    const base = await upstream((_req, res) => res.end(JSON.stringify({ access_token: TOKEN, expires_in: 7200 })));
    expect(await createWechatApi({ apiBase: base, timeoutMs: 2000 }).token('wx1', SECRET)).toEqual({ value: TOKEN, expiresIn: 7200 });
  });

  it('does not follow a redirect: it is an HTTP failure, and the secret goes nowhere else', async () => {
    let followed = 0;
    const base = await upstream((req, res) => {
      if (req.url?.startsWith('/elsewhere')) followed++;
      res.writeHead(302, { location: '/elsewhere' }).end();
    });
    const err = await failure(createWechatApi({ apiBase: base, timeoutMs: 2000 }).token('wx1', SECRET));
    expect([err.kind, err.status]).toEqual(['http', 302]);
    expect(followed).toBe(0);
  });

  it('stops inflating a gzip bomb at 64 KB', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20)); // about 50 KB that inflate to 50 MB of spaces
    const base = await upstream((_req, res) => res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': bomb.length }).end(bomb));
    const heapBefore = process.memoryUsage().heapUsed;
    const err = await failure(createWechatApi({ apiBase: base, timeoutMs: 5000 }).ticket(TOKEN));
    expect([err.kind, err.message]).toEqual(['bad_response', 'the answer of /cgi-bin/ticket/getticket is larger than 64 KB']);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(20 * 1024 * 1024);
  });

  it('times out a body that stops half way', async () => {
    const base = await upstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"access_token":"');
    });
    const err = await failure(createWechatApi({ apiBase: base, timeoutMs: 100 }).token('wx1', SECRET));
    expect(err.kind).toBe('timeout');
  });

  it('goes through an undici ProxyAgent given as dispatcher (a fixed egress IP)', async () => {
    const base = await upstream((_req, res) => res.end(JSON.stringify({ access_token: TOKEN, expires_in: 7200 })));
    const tunnels: string[] = [];
    const proxy = createServer();
    proxy.on('connect', (req: IncomingMessage, client: import('node:net').Socket) => {
      tunnels.push(req.url ?? '');
      const [host, port] = (req.url ?? '').split(':');
      const target = connectSocket(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        target.pipe(client);
        client.pipe(target);
      });
      target.on('error', () => client.destroy());
      client.on('error', () => target.destroy());
    });
    servers.push(proxy);
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const dispatcher = new ProxyAgent(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`);
    try {
      expect(await createWechatApi({ apiBase: base, timeoutMs: 2000, dispatcher }).token('wx1', SECRET)).toEqual({ value: TOKEN, expiresIn: 7200 });
      expect(tunnels).toEqual([base.replace('http://', '')]);
    } finally {
      await dispatcher.close();
    }
  });

  it('names a refused connection by its code, without the secret', async () => {
    const base = await upstream(() => undefined);
    servers.splice(0).forEach((server) => server.close());
    await new Promise((resolve) => setImmediate(resolve));
    const err = await failure(createWechatApi({ apiBase: base, timeoutMs: 2000 }).token('wx1', SECRET));
    expect(err.kind).toBe('network');
    expect(err.message).toContain('ECONNREFUSED');
    expect(err.message).not.toContain(SECRET);
  });
});

describe('withRetries', () => {
  const transient = () => new WechatCallError('ticket', 'errcode', { errcode: -1, message: 'busy' });
  const config = () => new WechatCallError('ticket', 'errcode', { errcode: 40125, message: 'bad' });

  it('retries transient failures up to `retries` times and counts every failure', async () => {
    const attempt = vi.fn().mockRejectedValueOnce(transient()).mockRejectedValueOnce(transient()).mockResolvedValue('ok');
    const onFailure = vi.fn();
    expect(await withRetries(attempt, { retries: 2, backoffMs: [0], onFailure })).toBe('ok');
    expect(attempt).toHaveBeenCalledTimes(3);
    expect(onFailure).toHaveBeenCalledTimes(2);
  });

  it('gives up after `retries`, with the number of attempts on the error', async () => {
    const attempt = vi.fn().mockImplementation(async () => Promise.reject(transient()));
    const err = await failure(withRetries(attempt, { retries: 2, backoffMs: [0] }));
    expect(attempt).toHaveBeenCalledTimes(3);
    expect(err.attempts).toBe(3);
  });

  it('does not retry a configuration error', async () => {
    const attempt = vi.fn().mockImplementation(async () => Promise.reject(config()));
    await failure(withRetries(attempt, { retries: 5, backoffMs: [0] }));
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('waits the backoff between attempts and stops when the next wait would pass the deadline', async () => {
    const attempt = vi.fn().mockImplementation(async () => Promise.reject(transient()));
    const started = performance.now();
    await failure(withRetries(attempt, { retries: 5, backoffMs: [20, 40], deadline: performance.now() + 50 }));
    expect(attempt).toHaveBeenCalledTimes(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(19);
  });

  it('passes other errors through untouched', async () => {
    const boom = new TypeError('bug');
    await expect(withRetries(() => Promise.reject(boom), { retries: 3, backoffMs: [0] })).rejects.toBe(boom);
  });
});
