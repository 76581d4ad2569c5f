// The bridge's routes for the command: the script (GET/HEAD, 405 otherwise), the verifier on the emulator's own
// tickets and safe domains, every other path to the handler behind them.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BRIDGE_SCRIPT_PATH, BRIDGE_VERIFY_PATH, withBridgeRoutes } from '../src/bridge-route.js';
import { bridgeSignature } from '../src/bridge/verify.js';
import { createWechatMock, type WechatMock } from '../src/index.js';
import { APPID, SECRET, getJson } from './helpers.js';

let server: Server | undefined;
let mock: WechatMock | undefined;
afterEach(async () => {
  await mock?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = mock = undefined;
});

const SCRIPT = '/* the bridge */ window.WeixinJSBridge = {};';

async function serve(safeDomains?: string[]): Promise<string> {
  mock = createWechatMock();
  server = createServer(withBridgeRoutes(mock.handler, { mock, safeDomains, script: SCRIPT }));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A wx.config of the default account for `url`, signed with a ticket the emulator issued. */
async function signedConfig(base: string, url: string): Promise<Record<string, string>> {
  // Through the routes, as a server would ask: the calls reach the emulator behind them.
  const { body: token } = await getJson(`${base}/cgi-bin/token?grant_type=client_credential&appid=${APPID}&secret=${SECRET}`);
  const { body } = await getJson(`${base}/cgi-bin/ticket/getticket?access_token=${String(token.access_token)}&type=jsapi`);
  const signature = bridgeSignature(String(body.ticket), 'n0nce', '1767225600', url);
  return { appId: APPID, verifyTimestamp: '1767225600', verifyNonceStr: 'n0nce', verifySignature: signature, url };
}

async function verify(base: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const answer = await fetch(`${base}${BRIDGE_VERIFY_PATH}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) });
  return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
}

describe('withBridgeRoutes', () => {
  it('serves the script with GET and HEAD to any origin, and refuses other methods with 405', async () => {
    const base = await serve();
    const got = await fetch(`${base}${BRIDGE_SCRIPT_PATH}`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(got.headers.get('cache-control')).toBe('no-store');
    expect(got.headers.get('access-control-allow-origin')).toBe('*');
    expect(await got.text()).toBe(SCRIPT);

    const head = await fetch(`${base}${BRIDGE_SCRIPT_PATH}`, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(SCRIPT)));
    expect(await head.text()).toBe('');

    const put = await fetch(`${base}${BRIDGE_SCRIPT_PATH}`, { method: 'PUT' });
    expect([put.status, put.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    expect(await put.json()).toEqual({ error: `${BRIDGE_SCRIPT_PATH} answers GET` });
  });

  it('verifies wx.config against the emulator it is given, and lets every other path through to the handler', async () => {
    const base = await serve();
    const config = await signedConfig(base, 'https://example.com/a');
    expect(await verify(base, config)).toEqual({ status: 200, body: { err_msg: 'preVerifyJSAPI:ok', reason: 'signature valid for https://example.com/a' } });
    expect((await verify(base, { ...config, url: 'https://example.com/b' })).body.err_msg).toBe('preVerifyJSAPI:fail_invalid signature');
    expect(mock?.calls).toMatchObject({ token: 1, ticket: 1 });

    const unknown = await fetch(`${base}/__wechat/other`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ errcode: 40066 });
  });

  it('applies the safe domains it is given', async () => {
    const base = await serve(['example.com/mp']);
    const inside = await signedConfig(base, 'https://example.com/mp/1');
    expect((await verify(base, inside)).body.err_msg).toBe('preVerifyJSAPI:ok');
    const outside = await signedConfig(base, 'https://example.com/shop');
    expect((await verify(base, outside)).body).toEqual({
      err_msg: 'preVerifyJSAPI:fail_invalid url domain',
      reason: 'example.com/shop is not inside the JS safe domains (example.com/mp)',
    });
  });
});
