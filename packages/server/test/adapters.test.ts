// Every shape of wxShare answers the whole answer table exactly like a bare http.createServer(wxShare()):
// Express 5 and 4 (app.use, and mounted), Connect, and createFetchHandler() behind node:http. Real loopback servers.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWechatMock, DEFAULT_ACCOUNT, type WechatMock } from '@share/wechat-mock';
import connect from 'connect';
import express from 'express';
import express4 from 'express4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetchHandler } from '../src/fetch-handler.js';
import { wxShare } from '../src/middleware.js';
import type { Options } from '../src/options.js';
import { spyLogger } from './helpers/fakes.js';
import { ANSWER_TABLE, GOOD_URL, observe, TABLE_OPTIONS, type Observed } from './helpers/answer-table.js';

let mock: WechatMock;
let options: Options;
const servers: Server[] = [];
const closers: (() => Promise<void>)[] = [];

async function listen(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function share() {
  const middleware = wxShare(options);
  closers.push(() => middleware.signer.close());
  return middleware;
}

/**
 * createFetchHandler() behind node:http, translated the way @hono/node-server or Next.js would. Under a prefix the
 * request's whole path starts with it, so `path` names the full route.
 */
function fetchListener(prefix = ''): RequestListener {
  const handler = createFetchHandler(prefix === '' ? options : { ...options, path: `${prefix}/wx/signature` });
  closers.push(() => handler.signer.close());
  return async (req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const response = await handler(new Request(`http://${req.headers.host}${prefix}${req.url}`, { method: req.method!, headers }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  };
}

/** [name, start, the prefix its own 405 messages name in the route] */
const shapes: [string, () => Promise<string>, string?][] = [
  ['Express 5, app.use(wxShare())', () => { const app = express(); app.use(share()); return listen(app); }],
  ['Express 5, mounted at /api', async () => { const app = express(); app.use('/api', share()); return `${await listen(app)}/api`; }],
  ['Express 4, app.use(wxShare())', () => { const app = express4(); app.use(share()); return listen(app); }],
  ['Express 4, mounted at /api', async () => { const app = express4(); app.use('/api', share()); return `${await listen(app)}/api`; }],
  ['Connect, app.use(wxShare())', () => { const app = connect(); app.use(share()); return listen(app); }],
  ['Connect, mounted at /api', async () => { const app = connect(); app.use('/api', share()); return `${await listen(app)}/api`; }],
  ['createFetchHandler()', () => listen(fetchListener())],
  ['createFetchHandler() under a prefix', () => listen(fetchListener('/prefix')), '/prefix'],
];

let reference: Map<string, Observed>;

beforeAll(async () => {
  mock = createWechatMock();
  const apiBase = await mock.listen(0, '127.0.0.1');
  options = { appId: DEFAULT_ACCOUNT.appId, appSecret: DEFAULT_ACCOUNT.appSecret, apiBase, logger: spyLogger(), ...TABLE_OPTIONS, allowedHosts: [...TABLE_OPTIONS.allowedHosts] };
  const base = await listen(share());
  reference = new Map();
  for (const c of ANSWER_TABLE) reference.set(c.name, await observe(base, c));
});

afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await mock.close();
});

describe('the reference: http.createServer(wxShare())', () => {
  it.each(ANSWER_TABLE)('$name → $status $code', (c) => {
    const answer = reference.get(c.name)!;
    expect(answer.status).toBe(c.status);
    if (c.code) expect(answer.body).toEqual({ error: { code: c.code, message: expect.any(String) } });
    if (c.path.startsWith('/wx/signature') && c.method !== 'OPTIONS') expect(answer.headers['cache-control']).toBe('no-store');
    if (c.status === 200 && c.path.startsWith('/wx/signature') && c.method === 'GET') {
      expect(answer.body).toMatchObject({ appId: DEFAULT_ACCOUNT.appId, url: GOOD_URL });
    }
  });

  it('answers another path with a JSON 404 when it has no next()', async () => {
    const res = await fetch(`${await listen(share())}/elsewhere`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: expect.stringContaining('GET /wx/signature?url=') } });
  });
});

describe.each(shapes)('%s', (_, start, prefix) => {
  let base: string;
  beforeAll(async () => {
    base = await start();
  });

  it.each(ANSWER_TABLE)('answers $name like the reference', async (c) => {
    const answer = await observe(base, c);
    const body = answer.body as { error?: { message: string } };
    // A 405 names the route it is on: under a prefix, the full route.
    if (prefix !== undefined && body.error?.message.includes(prefix)) {
      body.error.message = body.error.message.replace(prefix, '');
      answer.headers['content-length'] = String(Number(answer.headers['content-length']) - prefix.length);
    }
    expect(answer).toEqual(reference.get(c.name));
  });
});

describe('within a framework', () => {
  it('passes other paths to next() in Express, Express 4 and Connect', async () => {
    for (const create of [express, express4 as typeof express]) {
      const app = create();
      app.use(share());
      app.get('/other', (_req, res) => res.json({ other: true }));
      const base = await listen(app);
      expect(await (await fetch(`${base}/other`)).json()).toEqual({ other: true });
    }
    const app = connect();
    app.use(share());
    app.use((_req, res) => res.end('connect next'));
    expect(await (await fetch(`${await listen(app)}/other`)).text()).toBe('connect next');
  });

  it('adds Origin to a Vary header the app set before', async () => {
    const app = express();
    app.use((_req, res, next) => {
      res.setHeader('Vary', 'Accept-Encoding');
      next();
    });
    app.use(share());
    const res = await fetch(`${await listen(app)}/wx/signature?url=${encodeURIComponent(GOOD_URL)}`);
    expect(res.headers.get('vary')).toBe('Accept-Encoding, Origin');
  });
});
