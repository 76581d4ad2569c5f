// tokenServiceClient() against a real loopback token service (wxShare with tokenService, a fake token source).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { middlewareFromSigner } from '../src/middleware.js';
import type { Options } from '../src/options.js';
import { signerFromConfig } from '../src/signer.js';
import { tokenServiceClient, TokenServiceError } from '../src/token-service-client.js';
import { fakeTokenSource } from './helpers/fake-token-source.js';
import { fakeClock, fakeCredentials, spyLogger, testConfig } from './helpers/fakes.js';

const KEY = 'service-key-0123456789abcdef';
const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function service() {
  const clock = fakeClock();
  const config = testConfig({ now: clock, logger: spyLogger(), tokenService: { keys: [KEY] } });
  const source = fakeTokenSource(clock);
  const signer = Object.assign(signerFromConfig(config, fakeCredentials(clock)), source);
  const url = `${await listen(createServer(middlewareFromSigner(signer)))}/wx/access-token`;
  return { clock, source, url };
}

describe('tokenServiceClient', () => {
  it('caches the token until shortly before expires_in, then asks again', async () => {
    const { clock, source, url } = await service();
    const client = tokenServiceClient({ url, key: KEY, now: clock });
    const first = await client.getAccessToken();
    expect(first).toBe(source.current.accessToken);
    clock.advance(7_100_000); // 7140 s good, renewed 30 s before
    expect(await client.getAccessToken()).toBe(first);
    expect(source.calls.accessToken).toHaveLength(1);
    clock.advance(20_000);
    await client.getAccessToken();
    expect(source.calls.accessToken).toHaveLength(2);
  });

  it('sends one request for concurrent callers', async () => {
    const { clock, source, url } = await service();
    const client = tokenServiceClient({ url, key: KEY, now: clock });
    const tokens = await Promise.all(Array.from({ length: 10 }, () => client.getAccessToken()));
    expect(new Set(tokens)).toEqual(new Set([source.current.accessToken]));
    expect(source.calls.accessToken).toHaveLength(1);
  });

  it('reports a refused token and uses the replacement from then on', async () => {
    const { clock, source, url } = await service();
    const client = tokenServiceClient({ url, key: KEY, now: clock });
    const refused = await client.getAccessToken();
    const [replacement, next] = await Promise.all([client.reportInvalid(refused), client.getAccessToken()]);
    expect(replacement).not.toBe(refused);
    expect(next).toBe(replacement);
    expect(replacement).toBe(source.current.accessToken);
    expect(source.calls.refresh).toEqual([refused]);
    expect(await client.getAccessToken()).toBe(replacement);
    expect(source.calls.accessToken).toHaveLength(1);
  });

  it('fails with the status and code, never the key, on a wrong key', async () => {
    const { url } = await service();
    const wrong = 'wrong-key-0123456789abcdef';
    const error = await tokenServiceClient({ url, key: wrong }).getAccessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenServiceError);
    expect((error as TokenServiceError).status).toBe(401);
    expect((error as Error).message).toMatch(/answered 401 unauthorized/);
    expect((error as Error).message).not.toContain(wrong);
  });

  it('fails clearly when the service does not answer within timeoutMs', async () => {
    const base = await listen(createServer(() => {})); // accepts, never answers
    const error = await tokenServiceClient({ url: `${base}/wx/access-token`, key: KEY, timeoutMs: 50 }).getAccessToken().catch((e: unknown) => e);
    expect((error as Error).message).toBe(`token service ${base}/wx/access-token did not answer within 50 ms`);
  });

  it('fails on an answer without a token, and can try again', async () => {
    let answer = '{"ok":true}';
    const base = await listen(createServer((_req, res) => res.end(answer)));
    const client = tokenServiceClient({ url: `${base}/t`, key: KEY });
    await expect(client.getAccessToken()).rejects.toThrow(/without \{ access_token, expires_in \}/);
    answer = JSON.stringify({ access_token: 'token-from-service', expires_in: 600 });
    expect(await client.getAccessToken()).toBe('token-from-service');
  });

  it('stops inflating a gzip bomb at its 16 KB cap', async () => {
    const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024, 0x20)); // about 200 KB that inflate to 200 MB
    const base = await listen(createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': bomb.length });
      res.end(bomb);
    }));
    const rssBefore = process.memoryUsage().rss;
    const error = await tokenServiceClient({ url: `${base}/t`, key: KEY }).getAccessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenServiceError);
    expect((error as Error).message).toBe(`token service ${base}/t answered 200 with a body over 16 KB`);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * 1024 * 1024);
  });

  it("never puts the service's text in its errors, even a service echoing the Authorization header", async () => {
    const base = await listen(createServer((req, res) => {
      const echo = String(req.headers.authorization);
      res.writeHead(req.url === '/code' ? 403 : 500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: req.url === '/code' ? echo : 'wechat_unavailable', message: `you sent ${echo}`, errcode: -1 } }));
    }));
    const echoed = (await tokenServiceClient({ url: `${base}/code`, key: KEY }).getAccessToken().catch((e: unknown) => e)) as TokenServiceError;
    expect([echoed.message, echoed.status, echoed.code]).toEqual([`token service ${base}/code answered 403 (WeChat errcode -1)`, 403, undefined]);
    const known = (await tokenServiceClient({ url: `${base}/known`, key: KEY }).getAccessToken().catch((e: unknown) => e)) as TokenServiceError;
    expect(known.message).toBe(`token service ${base}/known answered 500 wechat_unavailable (WeChat errcode -1)`);
    for (const error of [echoed, known]) expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(KEY);
  });

  it('reports a body that stops half way as a TokenServiceError timeout', async () => {
    const base = await listen(createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"access_token":"');
    }));
    const error = await tokenServiceClient({ url: `${base}/t`, key: KEY, timeoutMs: 50 }).getAccessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenServiceError);
    expect((error as Error).message).toBe(`token service ${base}/t did not answer within 50 ms`);
  });

  it('keeps a token 5 s even when expires_in is 0, then asks again', async () => {
    let requests = 0;
    const base = await listen(createServer((_req, res) => res.end(JSON.stringify({ access_token: `token-${++requests}`, expires_in: 0 }))));
    const clock = fakeClock();
    const client = tokenServiceClient({ url: `${base}/t`, key: KEY, now: clock });
    for (let i = 0; i < 20; i++) expect(await client.getAccessToken()).toBe('token-1');
    clock.advance(4_999);
    expect(await client.getAccessToken()).toBe('token-1');
    clock.advance(1);
    expect(await client.getAccessToken()).toBe('token-2');
    expect(requests).toBe(2);
  });

  it('has a getAccessToken that fits the getAccessToken option, and validates its own options', () => {
    const client = tokenServiceClient({ url: 'https://tokens.internal/wx/access-token', key: KEY });
    const options: Options = { appId: 'wxtestappid000001', getAccessToken: client.getAccessToken };
    expect(typeof options.getAccessToken).toBe('function');
    expect(() => tokenServiceClient({ url: 'tokens', key: KEY })).toThrow(/url must be the token service url/);
    expect(() => tokenServiceClient({ url: 'https://t.internal/', key: 'short' })).toThrow(/16\+ characters/);
  });
});
