// The client bundle served next to the route: headers, ETag and 304, client: false, and the endpoint the served file signs against.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { JSDOM } from 'jsdom';
import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import { clientAsset, clientPath, etagMatches } from '../src/client-asset.js';
import { createFetchHandler } from '../src/index.js';
import { testApp } from './helpers/app.js';

const bundle = readFileSync(createRequire(import.meta.url).resolve('@share/client/share.min.js'));
const second = (name: string) => readFileSync(createRequire(import.meta.url).resolve(`@share/client/${name}`));

describe('GET /wx/share.min.js', () => {
  it('serves @share/client’s bundle as JavaScript with an ETag and public caching', async () => {
    const { app } = testApp();
    const res = await request(app).get('/wx/share.min.js').buffer(true).parse((r, done) => {
      let text = '';
      r.on('data', (chunk: Buffer) => (text += chunk.toString()));
      r.on('end', () => done(null, text));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=604800');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(res.body).toContain(bundle.toString().split('\n')[1]); // the bundle itself, whole
    expect(res.body.split('\n')[0]).toMatch(/^\/\*! @share\/client /); // the license banner stays first
    const again = await request(app).get('/wx/share.min.js').set('If-None-Match', res.headers.etag!).expect(304);
    expect(again.headers.etag).toBe(res.headers.etag);
    expect(again.headers['cache-control']).toBe('public, max-age=604800');
    await request(app).get('/wx/share.min.js').set('If-None-Match', '"other"').expect(200);
  });

  it('carries the same CORS headers as the signature route', async () => {
    const { app } = testApp({ cors: ['https://site.example'] });
    const res = await request(app).get('/wx/share.min.js').set('Origin', 'https://site.example').expect(200);
    expect(res.headers['access-control-allow-origin']).toBe('https://site.example');
    expect(res.headers.vary).toBe('Origin');
  });

  it('sits next to a custom path, and is not served with client: false', async () => {
    await request(testApp({ path: '/api/sign' }).app).get('/api/share.min.js').expect(200);
    const { app } = testApp({ client: false });
    await request(app).get('/wx/share.min.js').expect(404); // the app's own 404: wxShare called next()
    await request(app).get(`/wx/signature?url=${encodeURIComponent('https://example.com/')}`).expect(200);
  });

  it('refuses a path that is one of the client files', () => {
    expect(() => clientAsset('/share.min.js', bundle)).toThrow(/client: false/);
    expect(() => clientAsset('/wx/share-apps.js', bundle)).toThrow(/client: false/);
    expect(() => clientAsset('/wx/share-debug.js', bundle)).toThrow(/client: false/);
    expect(clientPath('/wx/signature')).toBe('/wx/share.min.js');
    expect(clientPath('/')).toBe('/share.min.js');
  });

  it.each([
    ['"a"', '"a"', true],
    ['W/"a"', '"a"', true],
    ['"b", "a"', '"a"', true],
    ['*', '"a"', true],
    ['"b"', '"a"', false],
    [undefined, '"a"', false],
  ])('If-None-Match %s matches %s: %s', (header, etag, matches) => {
    expect(etagMatches(header, etag)).toBe(matches);
  });
});

// What share.min.js import()s from next to itself: share-apps.js in WeCom and mini-program web-views, share-debug.js
// with debug on.
describe.each(['share-apps.js', 'share-debug.js'])('GET /wx/%s', (name) => {
  const apps = second(name);
  it('is served next to share.min.js, as is, with its own ETag, the same caching and CORS', async () => {
    const { app } = testApp({ cors: ['https://site.example'] });
    const res = await request(app).get(`/wx/${name}`).set('Origin', 'https://site.example').expect(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=604800');
    expect(res.headers['access-control-allow-origin']).toBe('https://site.example');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(Buffer.from(res.text)).toEqual(apps);
    const main = await request(app).get('/wx/share.min.js').expect(200);
    expect(res.headers.etag).not.toBe(main.headers.etag);
    await request(app).get(`/wx/${name}?v=2`).set('If-None-Match', res.headers.etag!).expect(304);
    await request(testApp({ client: false }).app).get(`/wx/${name}`).expect(404);
  });

  it('the fetch handler serves it too, under a prefix named in path', async () => {
    const handler = createFetchHandler({ appId: 'wx0000000000000000', appSecret: 'secret', warm: false, path: '/api/wx/signature' });
    try {
      const res = await handler(new Request(`https://api.example/api/wx/${name}`));
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer())).toEqual(apps);
    } finally {
      await handler.signer.close();
    }
  });
});

describe('the served file in a page', () => {
  /** Runs the served bundle as if loaded by <script src=scriptUrl ...attributes>, in WeChat, and returns the url it fetched. */
  async function signedAgainst(routePath: string, scriptUrl: string, attributes = ''): Promise<string> {
    const { body } = clientAsset(routePath, bundle);
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ error: { code: 'x', message: 'stop here' } }), { status: 400 }));
    const dom = new JSDOM(`<!doctype html><html><head><title>Static</title></head><body></body></html>`, {
      url: 'https://static.example/page',
      runScripts: 'outside-only',
      beforeParse(window) {
        Object.defineProperty(window.navigator, 'userAgent', { value: 'Mozilla/5.0 (Linux; Android 14) MicroMessenger/8.0.50' });
        Object.assign(window, { fetch: fetchMock, wx: { config() {}, ready() {}, error() {} } });
      },
    });
    try {
      const script = dom.window.document.createElement('script');
      for (const [name, value] of attributes ? [attributes.split('=') as [string, string]] : []) script.setAttribute(name, value);
      script.setAttribute('src', scriptUrl);
      dom.window.document.head.append(script);
      Object.defineProperty(dom.window.document, 'currentScript', { value: script, configurable: true });
      dom.window.eval(body.toString());
      await vi.waitFor(() => expect(fetchMock).toHaveBeenCalled(), { timeout: 20_000 });
      return (fetchMock.mock.calls[0] as unknown as [string])[0].split('?')[0]!;
    } finally {
      dom.window.close();
    }
  }

  it('signs against the server it came from, without data-endpoint', async () => {
    expect(await signedAgainst('/wx/signature', 'https://api.example.com/wx/share.min.js')).toBe('https://api.example.com/wx/signature');
    expect(await signedAgainst('/api/sign', 'https://api.example.com/v1/api/share.min.js?v=2')).toBe('https://api.example.com/v1/api/sign');
  });

  it('keeps a data-endpoint the tag gives', async () => {
    expect(await signedAgainst('/wx/signature', 'https://api.example.com/wx/share.min.js', 'data-endpoint=/mine')).toBe('/mine');
  });
});
