// pageUrl(): the url the browser has, from Express 5 and 4 (trust proxy on and off, mounted), node:http and a Request.
import { createServer, IncomingMessage, type RequestListener } from 'node:http';
import { Socket } from 'node:net';
import express from 'express';
import express4 from 'express4';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ShareError } from '../src/errors.js';
import { pageUrl, type PageRequest, type PageUrlOptions } from '../src/page-url.js';

/** Answers { url } or the ShareError's status and JSON, as a page route would. */
function answer(req: PageRequest, res: { statusCode: number; setHeader(n: string, v: string): unknown; end(body: string): unknown }, options?: PageUrlOptions) {
  let body: unknown;
  try {
    body = { url: pageUrl(req, options) };
  } catch (error) {
    if (!(error instanceof ShareError)) throw error;
    res.statusCode = error.status;
    body = error.toJSON();
  }
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

type ExpressFactory = () => { set(name: string, value: unknown): unknown; use(...args: unknown[]): unknown; get(...args: unknown[]): unknown };

const proxied = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'shop.example.com' };

describe.each([
  ['Express 5', express as unknown as ExpressFactory],
  ['Express 4', express4 as unknown as ExpressFactory],
])('pageUrl(req) in %s', (_name, factory) => {
  function app(trustProxy?: unknown) {
    const app = factory();
    if (trustProxy !== undefined) app.set('trust proxy', trustProxy);
    app.use((req: PageRequest, res: Parameters<typeof answer>[1]) => answer(req, res));
    return app as unknown as Parameters<typeof request>[0];
  }

  it('is the scheme, the Host header with its port and the original url, without trust proxy', async () => {
    const res = await request(app()).get('/article/7?ref=a%20b&x=%E9%BE%99').set('host', 'example.com:8080');
    expect(res.body).toEqual({ url: 'http://example.com:8080/article/7?ref=a%20b&x=%E9%BE%99' });
  });

  it('ignores X-Forwarded-Proto and X-Forwarded-Host when trust proxy is off', async () => {
    const res = await request(app()).get('/p').set('host', 'origin.internal:3000').set(proxied);
    expect(res.body).toEqual({ url: 'http://origin.internal:3000/p' });
  });

  it.each([true, 'loopback', 1])('takes scheme and host from the proxy with trust proxy %j', async (trust) => {
    const res = await request(app(trust)).get('/p?q=1').set('host', '127.0.0.1:3000').set(proxied);
    expect(res.body).toEqual({ url: 'https://shop.example.com/p?q=1' });
  });

  it('keeps the port of X-Forwarded-Host and takes the first of several values', async () => {
    const res = await request(app(true))
      .get('/p')
      .set('host', '127.0.0.1:3000')
      .set({ 'x-forwarded-proto': 'https, http', 'x-forwarded-host': 'shop.example.com:8443, lb.internal' });
    expect(res.body).toEqual({ url: 'https://shop.example.com:8443/p' });
  });

  it('does not trust a proxy that trust proxy does not name', async () => {
    const res = await request(app('10.0.0.1')).get('/p').set('host', 'example.com').set(proxied);
    expect(res.body).toEqual({ url: 'http://example.com/p' });
  });

  it('takes the scheme only when the proxy sends no X-Forwarded-Host', async () => {
    const res = await request(app(true)).get('/p').set('host', 'example.com').set('x-forwarded-proto', 'https');
    expect(res.body).toEqual({ url: 'https://example.com/p' });
  });

  it('is the whole original url under a mount path and a router', async () => {
    const root = factory();
    const router = (factory as unknown as { Router(): { get(...args: unknown[]): unknown } }).Router();
    router.get('/item/:id', (req: PageRequest, res: Parameters<typeof answer>[1]) => answer(req, res));
    root.use('/shop', router);
    const res = await request(root as unknown as Parameters<typeof request>[0]).get('/shop/item/3?colour=red').set('host', 'example.com');
    expect(res.body).toEqual({ url: 'http://example.com/shop/item/3?colour=red' });
  });

  it.each([
    ['a user in the host', 'user@evil.com', 'the host of the request is not a host name'],
    ['a path in the host', 'example.com/evil', 'the host of the request is not a host name'],
  ])('answers 400 invalid_url for %s', async (_what, host, message) => {
    const res = await request(app()).get('/p').set('host', host);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'invalid_url', message: `cannot tell the page url: ${message}` } });
  });

  it('answers 400 invalid_url for a forwarded scheme other than http or https', async () => {
    const res = await request(app(true)).get('/p').set('host', 'example.com').set('x-forwarded-proto', 'javascript');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('cannot tell the page url: the scheme of the request ("javascript") is not http or https');
  });

  it('refuses trustProxy: an Express app decides with its trust proxy setting', async () => {
    const root = factory();
    let thrown: unknown;
    root.get('/p', (req: PageRequest, res: { end(): void }) => {
      try {
        pageUrl(req, { trustProxy: true });
      } catch (error) {
        thrown = error;
      }
      res.end();
    });
    await request(root as unknown as Parameters<typeof request>[0]).get('/p');
    expect(thrown).toEqual(new TypeError("pageUrl(): trustProxy is for node:http and Request; an Express app sets app.set('trust proxy', …) instead"));
  });
});

describe('pageUrl(req) with node:http', () => {
  const server = (options?: PageUrlOptions) => createServer(((req, res) => answer(req, res, options)) as RequestListener);

  it('is http, the Host header and req.url; X-Forwarded-* are not trusted by default', async () => {
    const res = await request(server()).get('/a/b?c=%20').set('host', 'example.com:8080').set(proxied);
    expect(res.body).toEqual({ url: 'http://example.com:8080/a/b?c=%20' });
    const explicit = await request(server({ trustProxy: false })).get('/a').set('host', 'example.com').set(proxied);
    expect(explicit.body).toEqual({ url: 'http://example.com/a' });
  });

  it('takes X-Forwarded-Proto and X-Forwarded-Host (first values) with trustProxy: true', async () => {
    const res = await request(server({ trustProxy: true }))
      .get('/a?b=1')
      .set('host', '127.0.0.1:3000')
      .set({ 'x-forwarded-proto': 'https,http', 'x-forwarded-host': 'shop.example.com, lb.internal' });
    expect(res.body).toEqual({ url: 'https://shop.example.com/a?b=1' });
  });

  it('names the header that is wrong', async () => {
    const res = await request(server({ trustProxy: true })).get('/a').set('host', 'example.com').set('x-forwarded-host', 'a b');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('cannot tell the page url: X-Forwarded-Host of the request is not a host name');
    const proto = await request(server({ trustProxy: true })).get('/a').set('host', 'example.com').set('x-forwarded-proto', 'ftp');
    expect(proto.body.error.message).toBe('cannot tell the page url: X-Forwarded-Proto of the request ("ftp") is not http or https');
  });

  /** An incoming request without a server, for what a loopback request cannot send. */
  function incoming(url: string, headers: Record<string, string>, encrypted = false) {
    const socket = Object.assign(new Socket(), { encrypted });
    return Object.assign(new IncomingMessage(socket), { url, headers });
  }

  it('is https on a TLS socket, and the original url of Connect under a mount path', () => {
    expect(pageUrl(incoming('/a', { host: 'example.com' }, true))).toBe('https://example.com/a');
    const mounted = Object.assign(incoming('/item', { host: 'example.com' }), { originalUrl: '/shop/item' });
    expect(pageUrl(mounted)).toBe('http://example.com/shop/item');
  });

  it.each([
    ['no Host header', incoming('/a', {}), 'the request has no host (the Host header is missing)'],
    ['a target that is not a path', incoming('*', { host: 'example.com' }), 'the request target is not a path'],
    ['an absolute-form target', incoming('http://evil.com/a', { host: 'example.com' }), 'the request target is not a path'],
    ['a host of 300 characters', incoming('/a', { host: `${'a'.repeat(300)}.com` }), 'the Host header of the request is not a host name'],
  ])('throws ShareError invalid_url (400) for %s', (_what, req, message) => {
    let thrown: unknown;
    try {
      pageUrl(req);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ShareError);
    expect(thrown).toMatchObject({ code: 'invalid_url', status: 400, message: `cannot tell the page url: ${message}` });
  });

  it('accepts an IPv6 host with a port', () => {
    expect(pageUrl(incoming('/a', { host: '[::1]:3000' }))).toBe('http://[::1]:3000/a');
  });
});

describe('pageUrl(request) with a Web Request', () => {
  it('is request.url without its hash; X-Forwarded-* are not trusted by default', () => {
    const req = new Request('https://example.com:8443/a/%E9%BE%99?q=1#frag', { headers: proxied });
    expect(pageUrl(req)).toBe('https://example.com:8443/a/%E9%BE%99?q=1');
  });

  it('takes X-Forwarded-Proto and X-Forwarded-Host with trustProxy: true', () => {
    const req = new Request('http://127.0.0.1:3000/a?q=1', { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'shop.example.com, lb' } });
    expect(pageUrl(req, { trustProxy: true })).toBe('https://shop.example.com/a?q=1');
  });

  it('throws ShareError invalid_url for a forwarded host that is not a host', () => {
    const req = new Request('http://127.0.0.1:3000/a', { headers: { 'x-forwarded-host': 'evil.com/path?' } });
    expect(() => pageUrl(req, { trustProxy: true })).toThrow(
      new ShareError('invalid_url', 400, 'cannot tell the page url: X-Forwarded-Host of the request is not a host name'),
    );
  });
});
