import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBridgeVerifier } from '../../src/bridge/verify-handler.js';
import { bridgeSignature } from '../../src/bridge/verify.js';

const TICKET = 'ticket-that-must-stay-on-the-server';
const mock = { validTickets: (appId?: string) => (appId === 'wxapp' ? [TICKET] : []) };
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer(createBridgeVerifier({ mock, safeDomains: ['example.com'] }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/verify`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const post = (body: string, headers: Record<string, string> = { 'content-type': 'text/plain' }) =>
  fetch(url, { method: 'POST', headers, body });

describe('createBridgeVerifier', () => {
  it('answers ok for a good signature, cross-origin readable, without the ticket', async () => {
    const page = 'https://example.com/';
    const body = JSON.stringify({
      appId: 'wxapp',
      verifyTimestamp: '1700000000',
      verifyNonceStr: 'abc',
      verifySignature: bridgeSignature(TICKET, 'abc', '1700000000', page),
      url: page,
    });
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ err_msg: 'preVerifyJSAPI:ok' });
    expect(text).not.toContain(TICKET);
  });

  it('applies its options (safe domains)', async () => {
    const res = await post(JSON.stringify({ appId: 'wxapp', verifyTimestamp: '1', verifyNonceStr: 'a', verifySignature: 'b', url: 'https://evil.com/' }));
    expect(await res.json()).toMatchObject({ err_msg: 'preVerifyJSAPI:fail_invalid url domain' });
  });

  it.each([['not json'], ['[1,2]'], ['null']])('answers 400 JSON for the body %s', async (body) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it('answers 413 for a body over 16 KiB', async () => {
    const res = await post(JSON.stringify({ url: 'x'.repeat(20_000) }));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'body_too_large' } });
  });

  it('answers preflight and refuses other methods', async () => {
    const preflight = await fetch(url, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST');
    const get = await fetch(url);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
  });
});

describe('createBridgeVerifier under WeCom', () => {
  it('verifies agentConfig against mock.wecom, wx.config of a WeCom page against the corp ticket', async () => {
    const wecom = {
      validTickets: (kind: 'corp' | 'agent', corpId?: string, agentId?: string) =>
        corpId === 'ww1' ? (kind === 'corp' ? ['corp-ticket'] : agentId === '7' ? ['app-ticket'] : []) : [],
    };
    const wecomServer = createServer(createBridgeVerifier({ mock: { ...mock, wecom } }));
    await new Promise<void>((resolve) => wecomServer.listen(0, '127.0.0.1', resolve));
    try {
      const at = `http://127.0.0.1:${(wecomServer.address() as AddressInfo).port}/verify`;
      const page = 'https://corp.example.com/';
      const ask = (body: object) => fetch(at, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json());
      const agent = { kind: 'agentConfig', corpid: 'ww1', agentid: '7', timestamp: '1', nonceStr: 'n', url: page };
      expect(await ask({ ...agent, signature: bridgeSignature('app-ticket', 'n', '1', page) })).toMatchObject({ err_msg: 'agentConfig:ok' });
      expect(await ask({ ...agent, signature: bridgeSignature('corp-ticket', 'n', '1', page) })).toMatchObject({ err_msg: 'agentConfig:fail_invalid signature' });
      const config = { container: 'wecom', appId: 'ww1', verifyTimestamp: '1', verifyNonceStr: 'n', url: page };
      expect(await ask({ ...config, verifySignature: bridgeSignature('corp-ticket', 'n', '1', page) })).toMatchObject({ err_msg: 'preVerifyJSAPI:ok' });
    } finally {
      await new Promise((resolve) => wecomServer.close(resolve));
    }
  });
});
