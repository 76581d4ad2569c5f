// The token service in every shape (Express 5 and 4, mounted, Connect, bare node:http, createFetchHandler): keys,
// the GET and refresh routes, bounded bodies, slowed-down failures, falling through when off. Real loopback servers.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import connect from 'connect';
import express from 'express';
import express4 from 'express4';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchHandlerFromSigner } from '../src/fetch-handler.js';
import { middlewareFromSigner } from '../src/middleware.js';
import type { Options } from '../src/options.js';
import { signerFromConfig } from '../src/signer.js';
import { fakeTokenSource, type FakeTokenSource } from './helpers/fake-token-source.js';
import { fakeClock, fakeCredentials, spyLogger, testConfig, type FakeClock, type SpyLogger } from './helpers/fakes.js';

const KEY = 'service-key-0123456789abcdef';
const OTHER_KEY = 'another-key-0123456789abcdef';
const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface Served {
  base: string;
  clock: FakeClock;
  source: FakeTokenSource;
  logger: SpyLogger;
}

type Shape = (options: Options, withSource?: boolean) => Promise<Served>;

/** A signer with fake credentials and, unless withSource is false, the fake token methods on it. */
function fakeSigner(options: Options, withSource = true) {
  const clock = fakeClock();
  const logger = spyLogger();
  const config = testConfig({ now: clock, logger, ...options });
  const signer = signerFromConfig(config, fakeCredentials(clock));
  const source = fakeTokenSource(clock);
  return { signer: withSource ? Object.assign(signer, source) : signer, clock, source, logger };
}

const appShape = (make: () => express.Express | connect.Server, mount?: string): Shape => async (options, withSource) => {
  const { signer, ...rest } = fakeSigner(options, withSource);
  const app = make() as express.Express;
  if (mount === undefined) app.use(middlewareFromSigner(signer));
  else app.use(mount, middlewareFromSigner(signer));
  app.use((_req: unknown, res: { statusCode: number; end(body: string): void }) => {
    res.statusCode = 404;
    res.end('the app answered');
  });
  return { base: `${await listen(app)}${mount ?? ''}`, ...rest };
};

/** Under a prefix the request's whole path starts with it, so the paths name the full routes. */
const withPrefix = (prefix: string, options: Options): Options =>
  prefix === ''
    ? options
    : { ...options, path: `${prefix}/wx/signature`, tokenService: options.tokenService && { ...options.tokenService, path: `${prefix}${options.tokenService.path ?? '/wx/access-token'}` } };

const fetchShape = (prefix: string): Shape => async (options, withSource) => {
  const { signer, ...rest } = fakeSigner(withPrefix(prefix, options), withSource);
  const handler = fetchHandlerFromSigner(signer);
  const base = await listen(async (req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const body = hasBody ? await new Response(req as unknown as ReadableStream).arrayBuffer().catch(() => undefined) : undefined;
    const request = new Request(`http://${req.headers.host}${prefix}${req.url}`, { method: req.method!, headers, body: body ?? null });
    const response = await handler(request, { remoteAddress: req.socket.remoteAddress });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  return { base, ...rest };
};

const shapes: [string, Shape][] = [
  ['Express 5', appShape(() => express())],
  ['Express 5, mounted at /api', appShape(() => express(), '/api')],
  ['Express 4, mounted at /api', appShape(() => express4() as unknown as express.Express, '/api')],
  ['Connect', appShape(() => connect())],
  ['bare node:http', async (options, withSource) => {
    const { signer, ...rest } = fakeSigner(options, withSource);
    return { base: await listen(middlewareFromSigner(signer)), ...rest };
  }],
  ['createFetchHandler()', fetchShape('')],
  ['createFetchHandler() under a prefix', fetchShape('/prefix')],
];

const ON: Options = { tokenService: { keys: [KEY, OTHER_KEY] } };
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const refresh = (base: string, body: string, key = KEY) =>
  fetch(`${base}/wx/access-token/refresh`, { method: 'POST', headers: { ...bearer(key), 'content-type': 'application/json' }, body });

describe.each(shapes)('%s', (_name, shape) => {
  it('answers the token and the seconds it is still good for to a key holder, never cached', async () => {
    const { base, source, clock } = await shape(ON);
    clock.advance(140_000);
    const res = await fetch(`${base}/wx/access-token`, { headers: bearer(OTHER_KEY) });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ access_token: source.current.accessToken, expires_in: 7000 });
  });

  it('selects the account by appid and refuses an unknown one', async () => {
    const { base, source } = await shape(ON);
    expect((await fetch(`${base}/wx/access-token?appid=wxtestappid000001`, { headers: bearer(KEY) })).status).toBe(200);
    expect(source.calls.accessToken).toEqual(['wxtestappid000001']);
    const unknown = await fetch(`${base}/wx/access-token?appid=wxother`, { headers: bearer(KEY) });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'unknown_account' } });
  });

  it('answers 401 with WWW-Authenticate and no secret without a key or with a wrong one', async () => {
    const { base, source } = await shape(ON);
    for (const headers of [{}, bearer('wrong-key-0123456789abcdef'), { authorization: KEY }, bearer(`${KEY}x`)]) {
      const res = await fetch(`${base}/wx/access-token`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
      expect(text).not.toContain(source.current.accessToken);
      expect(text).not.toContain(KEY);
    }
    expect(source.calls.accessToken).toEqual([]);
  });

  it('slows down an address after 5 failed key checks (429, Retry-After) until the minute is over', async () => {
    const { base, clock } = await shape(ON);
    for (let i = 0; i < 5; i++) expect((await fetch(`${base}/wx/access-token`, { headers: bearer('wrong-key-0123456789abcdef') })).status).toBe(401);
    clock.advance(20_000);
    const blocked = await fetch(`${base}/wx/access-token`, { headers: bearer(KEY) });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('40');
    expect(await blocked.json()).toMatchObject({ error: { code: 'too_many_requests' } });
    clock.advance(40_000);
    expect((await fetch(`${base}/wx/access-token`, { headers: bearer(KEY) })).status).toBe(200);
  });

  it('refreshes a refused token that is the current one, and then serves the new one', async () => {
    const { base, source } = await shape(ON);
    const refused = source.current.accessToken;
    const res = await refresh(base, JSON.stringify({ access_token: refused }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { access_token: string };
    expect(body).toEqual({ access_token: source.current.accessToken, expires_in: 7140 });
    expect(body.access_token).not.toBe(refused);
    const after = await fetch(`${base}/wx/access-token`, { headers: bearer(KEY) });
    expect(((await after.json()) as { access_token: string }).access_token).toBe(body.access_token);
  });

  it('answers the current token to a refresh of an old one, and 429 refresh_limited saying so when the limit is the reason', async () => {
    const { base, source } = await shape(ON);
    const current = source.current.accessToken;
    const old = await refresh(base, JSON.stringify({ access_token: 'an-old-token' }));
    expect(await old.json()).toEqual({ access_token: current, expires_in: 7140, note: 'not refreshed: already replaced' });
    source.refusal = 'WeChat allows 20 forced access_token refreshes a day, 30 s apart, and the last one was 10 s ago';
    const limited = await refresh(base, JSON.stringify({ access_token: current }));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('20');
    expect(await limited.json()).toEqual({ error: { code: 'refresh_limited', message: source.refusal } });
  });

  it('answers 400 to a malformed refresh body and 413 beyond 4 KB', async () => {
    const { base, source } = await shape(ON);
    for (const body of ['not json', '[]', '{}', '{"access_token":""}', '{"access_token":5}']) {
      const res = await refresh(base, body);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'invalid_body' } });
    }
    const big = await refresh(base, JSON.stringify({ access_token: 'x'.repeat(5000) }));
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: { code: 'body_too_large' } });
    expect(source.calls.refresh).toEqual([]);
  });

  it('checks the key of a refresh before reading its body, and answers 405 to the wrong method', async () => {
    const { base, source } = await shape(ON);
    expect((await refresh(base, JSON.stringify({ access_token: source.current.accessToken }), 'wrong-key-0123456789abcdef')).status).toBe(401);
    expect(source.calls.refresh).toEqual([]);
    const post = await fetch(`${base}/wx/access-token`, { method: 'POST', headers: bearer(KEY) });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    expect((await fetch(`${base}/wx/access-token/refresh`, { headers: bearer(KEY) })).status).toBe(405);
  });

  it('serves a custom path', async () => {
    const { base } = await shape({ tokenService: { keys: [KEY], path: '/internal/token' } });
    expect((await fetch(`${base}/internal/token`, { headers: bearer(KEY) })).status).toBe(200);
  });

  it('lets the paths fall through to the app when off', async () => {
    const { base } = await shape({});
    const res = await fetch(`${base}/wx/access-token`, { headers: bearer(KEY) });
    expect(res.status).toBe(404);
    const text = await res.text();
    expect(text).not.toContain('access_token');
  });

  it('never logs a key or a token', async () => {
    const { base, source, logger } = await shape(ON);
    source.failWith = new Error(`boom ${KEY}`);
    const res = await fetch(`${base}/wx/access-token`, { headers: bearer(KEY) });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain(KEY);
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal_error', message: 'unexpected error while answering the access token; see the server log' } });
    const refreshed = await refresh(base, JSON.stringify({ access_token: source.current.accessToken }));
    expect(refreshed.status).toBe(500);
    expect(await refreshed.json()).toEqual({ error: { code: 'internal_error', message: 'unexpected error while refreshing the access token; see the server log' } });
    expect(logger.errors).toEqual([
      expect.stringMatching(/while answering the access token; answered 500$/),
      expect.stringMatching(/while refreshing the access token; answered 500$/),
    ]);
    for (const line of logger.lines) expect(line.message).not.toContain(KEY);
  });

  it('answers 500 JSON when a keyed route throws, synchronously or in its promise: no hang, no unhandled rejection', async () => {
    const { base, source, logger } = await shape(ON);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      source.throwNow = new TypeError('a bug, thrown before any promise');
      const token = await fetch(`${base}/wx/access-token`, { headers: bearer(KEY) });
      expect(token.status).toBe(500);
      expect(await token.json()).toEqual({ error: { code: 'internal_error', message: 'unexpected error while answering the access token; see the server log' } });
      const refreshed = await refresh(base, JSON.stringify({ access_token: 'any-token' }));
      expect(refreshed.status).toBe(500);
      expect(await refreshed.json()).toEqual({ error: { code: 'internal_error', message: 'unexpected error while refreshing the access token; see the server log' } });
      // An unhandled rejection is reported after the microtasks of its tick: one macrotask later it would be here.
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      expect(logger.errors).toEqual([
        'unexpected TypeError: a bug, thrown before any promise while answering the access token; answered 500',
        'unexpected TypeError: a bug, thrown before any promise while refreshing the access token; answered 500',
      ]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('matches whole paths only: a path that ends with the route is not the route', async () => {
    const { base, source } = await shape(ON);
    for (const path of ['/static/anything/wx/access-token', '/x/wx/access-token/refresh', '/wx/access-token/extra', '/wx/access-tokens']) {
      const res = await fetch(`${base}${path}`, { headers: bearer(KEY) });
      expect(res.status).toBe(404);
    }
    expect(source.calls.accessToken).toEqual([]);
    expect((await fetch(`${base}/wx/access-token/`, { headers: bearer(KEY) })).status).toBe(200); // one trailing slash: the same route
  });
});

describe('Express with express.json() before wxShare()', () => {
  it('refreshes from the body the parser already read', async () => {
    const { base, source } = await appShape(() => express().use(express.json()))(ON);
    const refused = source.current.accessToken;
    const res = await refresh(base, JSON.stringify({ access_token: refused }));
    expect(res.status).toBe(200);
    expect(source.calls.refresh).toEqual([refused]);
    expect(((await res.json()) as { access_token: string }).access_token).toBe(source.current.accessToken);
  });
});
