// signRequest(): one call signs the page an Express route renders, through createSigner() against the emulator.
import type { AddressInfo } from 'node:net';
import { createWechatMock, type WechatMock } from '@share/wechat-mock';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShareError } from '../src/errors.js';
import { renderConfigScript } from '../src/render-config.js';
import { signRequest } from '../src/sign-request.js';
import { jsapiSignature } from '../src/signature.js';
import { createSigner, type Signer, type SignResult } from '../src/signer.js';
import { spyLogger } from './helpers/fakes.js';

const APP_ID = 'wxssr0000000000001';
const APP_SECRET = 'ssr-app-secret-0123456789abcdef';

let mock: WechatMock;
let signer: Signer;
const logger = spyLogger();

beforeAll(async () => {
  mock = createWechatMock({ accounts: [{ appId: APP_ID, appSecret: APP_SECRET }] });
  const apiBase = await mock.listen(0, '127.0.0.1');
  signer = createSigner({ appId: APP_ID, appSecret: APP_SECRET, apiBase, allowedHosts: ['example.com'], logger });
});
afterAll(async () => {
  await signer.close();
  await mock.close();
});

function verify(result: SignResult) {
  const [ticket] = mock.validTickets(APP_ID);
  expect(result.signature).toBe(jsapiSignature({ ticket: ticket!, nonceStr: result.nonceStr, timestamp: result.timestamp, url: result.url }));
}

/** A server-rendered page: the signature in the HTML, or the ShareError's status and message. */
function page(trustProxy?: unknown) {
  const app = express();
  if (trustProxy !== undefined) app.set('trust proxy', trustProxy);
  const articles = express.Router();
  articles.get('/:id', async (req, res) => {
    try {
      const config = await signRequest(signer, req);
      res.type('html').send(`<!doctype html><head>${renderConfigScript(config)}</head><h1>article ${req.params.id}</h1>`);
    } catch (error) {
      if (!(error instanceof ShareError)) throw error;
      res.status(error.status).json(error.toJSON());
    }
  });
  app.use('/articles', articles);
  return app;
}

const configIn = (html: string) =>
  JSON.parse(/<script type="application\/json" id="wx-share-config">(.*?)<\/script>/.exec(html)![1]!) as SignResult;

describe('signRequest(signer, req)', () => {
  it('signs the url the browser has behind a trusted proxy, under the mount path', async () => {
    const res = await request(page('loopback'))
      .get('/articles/7?ref=feed')
      .set({ host: '127.0.0.1:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'www.example.com' });
    expect(res.status).toBe(200);
    const config = configIn(res.text);
    expect(config).toMatchObject({ appId: APP_ID, url: 'https://www.example.com/articles/7?ref=feed' });
    verify(config);
  });

  it('without trust proxy signs what the server sees, so the proxy headers cannot pick the host', async () => {
    const res = await request(page())
      .get('/articles/7')
      .set({ host: 'example.com', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'www.example.com' });
    expect(configIn(res.text).url).toBe('http://example.com/articles/7');
    verify(configIn(res.text));
  });

  it('refuses a host outside allowedHosts like the signature route: 403 host_not_allowed', async () => {
    const res = await request(page(true)).get('/articles/7').set({ host: 'example.com', 'x-forwarded-host': 'evil.com' });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: { code: 'host_not_allowed', message: 'the host evil.com (or this path) is not in allowedHosts' } });
  });

  it('rejects (does not throw) with ShareError invalid_url when the request has no usable host', async () => {
    const req = new Request('http://127.0.0.1/a', { headers: { 'x-forwarded-host': 'a b' } });
    const pending = signRequest(signer, req, { trustProxy: true });
    expect(pending).toBeInstanceOf(Promise);
    await expect(pending).rejects.toMatchObject({ code: 'invalid_url', status: 400 });
  });

  it('signs a Web Request from request.url', async () => {
    const result = await signRequest(signer, new Request('https://example.com/landing?utm=x#section'));
    expect(result.url).toBe('https://example.com/landing?utm=x');
    verify(result);
  });

  it('gives the same signature as signer.sign() of the same url', async () => {
    const app = page('loopback');
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const html = await (await fetch(`http://127.0.0.1:${port}/articles/9`, { headers: { 'x-forwarded-host': 'example.com' } })).text();
      expect(configIn(html)).toEqual(await signer.sign('http://example.com/articles/9'));
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
