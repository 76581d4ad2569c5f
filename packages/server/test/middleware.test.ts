import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ShareError } from '../src/errors.js';
import { jsapiSignature } from '../src/signature.js';
import { testApp } from './helpers/app.js';

const TICKET = 'ticket-of-wxtestappid000001-1';
const sig = (url: string) => `/wx/signature?url=${encodeURIComponent(url)}`;

function expectSigned(body: Record<string, unknown>, url: string, ticket = TICKET) {
  expect(body).toEqual({
    appId: 'wxtestappid000001',
    timestamp: expect.any(Number),
    nonceStr: expect.stringMatching(/^[A-Za-z0-9]{16}$/),
    signature: jsapiSignature({ ticket, nonceStr: body.nonceStr as string, timestamp: body.timestamp as number, url }),
    url,
  });
  expect(Number.isInteger(body.timestamp)).toBe(true);
}

describe('GET /wx/signature', () => {
  it('answers 200 with the signature, as JSON, not cacheable', async () => {
    const { app, now } = testApp();
    const res = await request(app).get(sig('https://example.com/page?x=1#hash')).expect(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expectSigned(res.body, 'https://example.com/page?x=1');
    expect(res.body.timestamp).toBe(Math.floor(now() / 1000));
  });

  it.each([
    ['a query string', 'https://example.com/p?a=1&b=two&from=singlemessage&isappinstalled=0'],
    ['a port', 'http://example.com:8080/p'],
    ['a unicode path', 'https://example.com/文章/你好?标题=分享'],
    ['a percent-encoded path', 'https://example.com/%E6%96%87%E7%AB%A0?q=%E4%BD%A0%20%2B'],
    ['the official vector url', 'http://mp.weixin.qq.com?params=value'],
  ])('signs a url with %s exactly as decoded once', async (_, url) => {
    const { app } = testApp();
    const res = await request(app).get(sig(url)).expect(200);
    expectSigned(res.body, url);
  });

  it('signs the decoded url, not its encoded form', async () => {
    const { app } = testApp();
    const res = await request(app).get('/wx/signature?url=https%3A%2F%2Fexample.com%2F%3Fa%3D1%26b%3D2').expect(200);
    expectSigned(res.body, 'https://example.com/?a=1&b=2');
  });

  it('answers HEAD like GET, without a body', async () => {
    const { app } = testApp();
    const res = await request(app).head(sig('https://example.com/')).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toBeUndefined();
  });

  it('answers the second request for a url from the cache', async () => {
    const { app, creds, router } = testApp();
    const first = await request(app).get(sig('https://example.com/x')).expect(200);
    const second = await request(app).get(sig('https://example.com/x#y')).expect(200);
    expect(second.body).toEqual(first.body);
    expect(creds.calls.ticket).toHaveLength(1);
    expect(router.signer.stats().signatures).toMatchObject({ hits: 1, misses: 1 });
  });

  it('accepts a trailing slash and other query parameters', async () => {
    const { app } = testApp();
    const res = await request(app).get(`/wx/signature/?_=1&url=${encodeURIComponent('https://example.com/')}`).expect(200);
    expectSigned(res.body, 'https://example.com/');
  });
});

describe('bad input', () => {
  it.each([
    ['no url', '/wx/signature'],
    ['an empty url', '/wx/signature?url='],
    ['a repeated url', `${sig('https://a.example/')}&url=${encodeURIComponent('https://b.example/')}`],
    ['malformed percent-encoding', '/wx/signature?url=%E0%A4%A'],
    ['a truncated escape', '/wx/signature?url=https%3A%2F%2Fexample.com%2'],
    ['a relative url', sig('/page')],
    ['a non-http url', sig('ftp://example.com/')],
    ['a javascript url', sig('javascript:alert(document.cookie)')],
    ['an unparsable url', sig('http://[::1/')],
    ['a url longer than 4096', sig(`https://example.com/${'a'.repeat(4100)}`)],
    ['an unencoded url with a space', '/wx/signature?url=https://example.com/a+b'],
  ])('%s → 400 invalid_url, then a good request succeeds', async (_, path) => {
    const { app } = testApp();
    const res = await request(app).get(path).expect(400);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toEqual({ error: { code: 'invalid_url', message: expect.any(String) } });
    expect(res.text).not.toMatch(/\n\s+at /); // no stack trace
    const ok = await request(app).get(sig('https://example.com/')).expect(200);
    expectSigned(ok.body, 'https://example.com/');
  });

  it('refuses a host outside allowedHosts with 403', async () => {
    const { app } = testApp({ allowedHosts: ['example.com'] });
    for (const url of ['https://example.com.evil.com/', 'https://evil.com/?x=example.com', 'https://example.com@evil.com/']) {
      const res = await request(app).get(sig(url)).expect(403);
      expect(res.body.error.code).toBe('host_not_allowed');
    }
    await request(app).get(sig('https://WWW.Example.com/')).expect(200);
  });
});

describe('errors from the credentials', () => {
  it.each([
    [new ShareError('wechat_error', 502, 'invalid appsecret (40125): check WX_APPSECRET', 40125), 502],
    [new ShareError('wechat_unavailable', 503, 'WeChat is unavailable'), 503],
    [new ShareError('wechat_unavailable', 504, 'WeChat did not answer in time'), 504],
  ])('answers %s with its status and JSON', async (error, status) => {
    const { app, creds } = testApp();
    creds.failWith = error;
    const res = await request(app).get(sig('https://example.com/')).expect(status);
    expect(res.body).toEqual(error.toJSON());
    expect(res.headers['cache-control']).toBe('no-store');
    creds.failWith = undefined;
    await request(app).get(sig('https://example.com/')).expect(200);
  });

  it('answers an unexpected error with a generic 500 and logs it without its message', async () => {
    const { app, creds, logger } = testApp();
    creds.failWith = new TypeError('boom with access_token=SECRETTOKEN');
    const res = await request(app).get(sig('https://example.com/')).expect(500);
    expect(res.body).toEqual({ error: { code: 'internal_error', message: expect.any(String) } });
    expect(res.text).not.toContain('SECRETTOKEN');
    expect(logger.errors).toHaveLength(1);
    expect(logger.errors[0]).toContain('TypeError');
    expect(logger.errors.join()).not.toContain('SECRETTOKEN');
  });
});

describe('routing', () => {
  it('passes other paths to next()', async () => {
    const { app } = testApp();
    await request(app).get('/other').expect(200, { other: true });
    await request(app).get('/wx/signaturex?url=x').expect(404);
    await request(app).get('/wx').expect(404);
  });

  it('answers other methods on the path with 405 and Allow', async () => {
    const { app } = testApp();
    for (const method of ['post', 'put', 'delete', 'patch'] as const) {
      const res = await request(app)[method](sig('https://example.com/')).expect(405);
      expect(res.headers.allow).toBe('GET, HEAD, OPTIONS');
      expect(res.body.error.code).toBe('method_not_allowed');
    }
  });

  it('answers OPTIONS with 204 and Allow, without CORS headers when cors is off', async () => {
    const { app } = testApp();
    const res = await request(app).options('/wx/signature').set('Origin', 'https://example.com').expect(204);
    expect(res.headers.allow).toBe('GET, HEAD, OPTIONS');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('honours a custom path and a mount path', async () => {
    const { app } = testApp({ path: '/api/sign' }, '/v1');
    await request(app).get(`/v1/api/sign?url=${encodeURIComponent('https://example.com/')}`).expect(200);
    await request(app).get(sig('https://example.com/')).expect(404);
  });

  it('matches whole paths: a path that only ends with a route, or continues it, goes to next()', async () => {
    const { app } = testApp();
    for (const path of ['/static/anything/wx/signature', '/x/wx/share.min.js', '/wx/signature/more', '/wx/share.min.js.map']) {
      await request(app).get(`${path}?url=${encodeURIComponent('https://example.com/')}`).expect(404);
    }
    await request(app).get('/wx/share.min.js/').expect(200); // one trailing slash: the same route, for every route
  });

  it("answers under NestJS's forRoutes('wx/*path'), which hands it req.url '/' and req.originalUrl the whole path", async () => {
    const { router } = testApp();
    const app = express();
    // What Nest's MiddlewareConsumer does on Express: the route's own middleware, mounted so that req.url is '/'.
    app.use('/wx/signature', (req, res, next) => router(req, res, next));
    app.use('/wx', (req, res, next) => router(req, res, next));
    app.get('/wx/other', (_req, res) => {
      res.json({ app: true });
    });
    const res = await request(app).get(sig('https://example.com/')).expect(200);
    expectSigned(res.body, 'https://example.com/');
    await request(app).get('/wx/share.min.js').expect(200);
    await request(app).get('/wx/other').expect(200, { app: true });
  });

  it('drops a Set-Cookie set before it from the cacheable client files only (a shared cache would hand it to everyone)', async () => {
    const { router } = testApp();
    const app = express();
    app.use((_req, res, next) => {
      res.setHeader('Set-Cookie', 'csrfToken=abc; path=/'); // what Egg's security plugin or a session does
      next();
    });
    app.use(router);
    const file = await request(app).get('/wx/share.min.js').expect(200);
    expect(file.headers['set-cookie']).toBeUndefined();
    const signed = await request(app).get(sig('https://example.com/')).expect(200);
    expect(signed.headers['set-cookie']).toEqual(['csrfToken=abc; path=/']); // no-store: the app's cookie stays
  });

  it('serves each verification file at /<name>, its exact bytes as text/plain, on the route table like the rest', async () => {
    const { app } = testApp({ verifyFiles: { 'MP_verify_Ab12.txt': 'Ab12', 'WW_verify_z9.txt': 'z9 exact' } });
    const file = await request(app).get('/MP_verify_Ab12.txt').expect(200);
    expect(file.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(file.text).toBe('Ab12');
    expect((await request(app).get('/WW_verify_z9.txt').expect(200)).text).toBe('z9 exact');
    await request(app).head('/MP_verify_Ab12.txt').expect(200);
    expect((await request(app).post('/MP_verify_Ab12.txt').expect(405)).headers.allow).toBe('GET, HEAD');
    await request(app).get('/MP_verify_other.txt').expect(404);
    await request(app).get('/static/MP_verify_Ab12.txt').expect(404);
  });

  it('throws at construction when two routes would share a path', () => {
    expect(() => testApp({ path: '/MP_verify_abc.txt', verifyFiles: { 'MP_verify_abc.txt': 'abc' } })).toThrow(
      '@share/server: two routes at /MP_verify_abc.txt; choose another path',
    );
  });

  it('is a plain (req, res, next) function, not a Router', () => {
    const { router } = testApp();
    expect(typeof router).toBe('function');
    expect(Object.getPrototypeOf(router)).toBe(Function.prototype);
    expect(Object.keys(router)).toEqual(['signer']);
  });

  it('exposes the signer on the router', async () => {
    const { router, creds } = testApp();
    expect(Object.keys(router.signer).sort()).toEqual(['accessToken', 'close', 'ready', 'refresh', 'refreshAccessToken', 'sign', 'stats']);
    await router.signer.refresh();
    expect(creds.calls.refresh).toHaveLength(1);
  });
});
