import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { testApp } from './helpers/app.js';

const path = `/wx/signature?url=${encodeURIComponent('https://example.com/')}`;

describe('cors: false (default)', () => {
  it('sends no CORS headers', async () => {
    const { app } = testApp();
    const res = await request(app).get(path).set('Origin', 'https://example.com').expect(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers.vary).toBeUndefined();
  });
});

describe('Vary', () => {
  it('appends Origin to a Vary header the app set before', async () => {
    const express = (await import('express')).default;
    const { router } = testApp({ cors: true, allowedHosts: ['example.com'] });
    const app = express();
    app.use((_req, res, next) => {
      res.setHeader('Vary', 'Accept-Encoding');
      next();
    });
    app.use(router);
    const res = await request(app).get(path).set('Origin', 'https://example.com').expect(200);
    expect(res.headers.vary).toBe('Accept-Encoding, Origin');
  });
});

describe('cors: true', () => {
  it.each([
    ['https://example.com', true],
    ['https://www.example.com', true],
    ['http://example.com:8080', true],
    ['https://example.com.evil.com', false],
    ['https://evil.com', false],
    ['null', false],
    ['not an origin', false],
  ])('origin %s allowed: %s (allowedHosts example.com/mp)', async (origin, allowed) => {
    const { app } = testApp({ cors: true, allowedHosts: ['example.com/mp'] });
    const url = `/wx/signature?url=${encodeURIComponent('https://example.com/mp/page')}`;
    const res = await request(app).get(url).set('Origin', origin).expect(200);
    expect(res.headers.vary).toBe('Origin');
    expect(res.headers['access-control-allow-origin']).toBe(allowed ? origin : undefined);
  });

  it('reflects any origin when allowedHosts is unset', async () => {
    const { app } = testApp({ cors: true });
    const res = await request(app).get(path).set('Origin', 'https://anything.example').expect(200);
    expect(res.headers['access-control-allow-origin']).toBe('https://anything.example');
  });

  it('adds the origin headers to error answers too', async () => {
    const { app } = testApp({ cors: true });
    const res = await request(app).get('/wx/signature?url=').set('Origin', 'https://a.example').expect(400);
    expect(res.headers['access-control-allow-origin']).toBe('https://a.example');
  });

  it('answers a preflight with 204, methods and max-age for an allowed origin', async () => {
    const { app } = testApp({ cors: true, allowedHosts: ['example.com'] });
    const res = await request(app)
      .options('/wx/signature')
      .set('Origin', 'https://example.com')
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'x-requested-with')
      .expect(204);
    expect(res.headers).toMatchObject({
      'access-control-allow-origin': 'https://example.com',
      'access-control-allow-methods': 'GET, HEAD, OPTIONS',
      'access-control-allow-headers': 'x-requested-with',
      'access-control-max-age': '86400',
      vary: 'Origin',
    });
  });

  it('answers a preflight from a disallowed origin with 204 and no CORS headers (the browser blocks)', async () => {
    const { app } = testApp({ cors: true, allowedHosts: ['example.com'] });
    const res = await request(app).options('/wx/signature').set('Origin', 'https://evil.com').set('Access-Control-Request-Method', 'GET').expect(204);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-methods']).toBeUndefined();
  });

  it('allows an origin served by any of several accounts', async () => {
    const { app } = testApp({
      cors: true,
      accounts: [
        { appId: 'wxaaaaaaaaaaaaaaa', appSecret: 'a', allowedHosts: ['a.example'] },
        { appId: 'wxbbbbbbbbbbbbbbb', appSecret: 'b', allowedHosts: ['b.example'] },
      ],
    });
    const res = await request(app).options('/wx/signature').set('Origin', 'https://b.example').expect(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://b.example');
  });
});

describe('cors: list of origins', () => {
  it('allows exactly the listed origins', async () => {
    const { app } = testApp({ cors: ['https://example.com', 'https://app.example.org'] });
    for (const [origin, allowed] of [
      ['https://example.com', true],
      ['https://app.example.org', true],
      ['https://www.example.com', false],
      ['http://example.com', false],
      ['https://example.com:8443', false],
    ] as const) {
      const res = await request(app).get(path).set('Origin', origin).expect(200);
      expect(res.headers['access-control-allow-origin']).toBe(allowed ? origin : undefined);
      expect(res.headers.vary).toBe('Origin');
    }
  });

  it('sends nothing without an Origin header', async () => {
    const { app } = testApp({ cors: ['https://example.com'] });
    const res = await request(app).get(path).expect(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
