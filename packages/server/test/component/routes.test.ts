// The third-party platform's routes through wxShare() on a loopback server, against the emulator (one fake clock).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createWechatMock, DEFAULT_COMPONENT, encryptMessage, messageSignature } from '@share/wechat-mock';
import { wxShare } from '../../src/middleware.js';
import { MemoryStore } from '../../src/stores/memory.js';
import type { CredentialStore } from '../../src/stores/store.js';
import { fakeClock, spyLogger } from '../helpers/fakes.js';

const component = { appId: DEFAULT_COMPONENT.appId, appSecret: DEFAULT_COMPONENT.appSecret, token: DEFAULT_COMPONENT.token, aesKey: DEFAULT_COMPONENT.aesKey };
const BRAND_A = DEFAULT_COMPONENT.authorizers[0]!.appId;
const VERIFY_KEY = `component:${component.appId}:verify_ticket`;
const refreshKey = (appId: string) => `component:${component.appId}:${appId}:authorizer_refresh_token`;

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(store: CredentialStore = new MemoryStore()) {
  const clock = fakeClock(Date.now());
  const mock = createWechatMock({ now: clock });
  const api = await mock.listen();
  const logger = spyLogger();
  const share = wxShare({ component, apiBase: api, now: clock, logger, store, warm: false, client: false });
  const server: Server = createServer((req, res) =>
    share(req, res, () => {
      res.statusCode = 404;
      res.end();
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cleanups.push(
    () => mock.close(),
    () => new Promise((resolve) => server.close(resolve)),
    () => share.signer.close(),
    () => mock.component.stopPushing(),
  );
  cleanups.push(() => {
    // No secret in any log line.
    const secrets = [component.appSecret, component.token, component.aesKey, ...mock.component.validVerifyTickets()];
    for (const line of logger.lines) for (const secret of secrets) expect(line.message).not.toContain(secret);
  });
  return { clock, mock, api, base, logger, store };
}

/** A push as WeChat sends it, to forge bad ones. */
function forged(xml: string, token: string = component.token) {
  const encrypt = encryptMessage(component.aesKey, xml, component.appId);
  const timestamp = '1735704000';
  const nonce = '12345';
  const body = `<xml><AppId><![CDATA[${component.appId}]]></AppId><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
  const query = new URLSearchParams({ timestamp, nonce, encrypt_type: 'aes', msg_signature: messageSignature(token, timestamp, nonce, encrypt) });
  return { body, query };
}

const ticketXml = (createTime: number) =>
  `<xml><AppId><![CDATA[${component.appId}]]></AppId><CreateTime>${createTime}</CreateTime><InfoType><![CDATA[component_verify_ticket]]></InfoType><ComponentVerifyTicket><![CDATA[ticket@@@forged]]></ComponentVerifyTicket></xml>`;

describe('POST /wx/component/events', () => {
  it("answers the emulator's pushes with the bare success and keeps the verify ticket", async () => {
    const { mock, base, store } = await setUp();
    const result = await mock.component.startPushing(`${base}/wx/component/events`);
    expect(result).toMatchObject({ ok: true, status: 200, body: 'success' });
    expect((await store.get(VERIFY_KEY))?.value).toBe(mock.component.validVerifyTickets().at(-1));
  });

  it('refuses a bad signature (401), a body that is not XML (400), another AppId (400), over 64 KB (413): nothing stored', async () => {
    const { base, store, clock } = await setUp();
    const good = forged(ticketXml(Math.floor(clock() / 1000)));
    const post = (query: URLSearchParams, body: string) => fetch(`${base}/wx/component/events?${query}`, { method: 'POST', body });

    const wrongToken = forged(ticketXml(Math.floor(clock() / 1000)), 'another-token');
    expect((await post(wrongToken.query, wrongToken.body)).status).toBe(401);
    expect((await post(good.query, 'not xml')).status).toBe(400);
    expect((await post(good.query, good.body.replace(component.appId, 'wxother'))).status).toBe(400);
    expect((await post(good.query, `${good.body}${' '.repeat(64 * 1024)}`)).status).toBe(413);
    expect(await store.get(VERIFY_KEY)).toBeUndefined();
    expect((await fetch(`${base}/wx/component/events`)).status).toBe(405);

    const ok = await post(good.query, good.body);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('success');
    expect((await store.get(VERIFY_KEY))?.value).toBe('ticket@@@forged');
  });

  it('answers success in time even when the store never answers', async () => {
    const hanging: CredentialStore = { get: () => new Promise(() => {}), set: () => new Promise(() => {}), delete: () => new Promise(() => {}) };
    const { mock, base } = await setUp(hanging);
    const started = performance.now();
    const result = await mock.component.startPushing(`${base}/wx/component/events`);
    expect(result).toMatchObject({ ok: true, body: 'success' });
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('authorization', () => {
  it('authorize -> the authorization page -> the callback stores the authorizer; the authorized push changes nothing more; unauthorized forgets it', async () => {
    const { mock, api, base, store, logger } = await setUp();
    await mock.component.startPushing(`${base}/wx/component/events`);

    const start = await fetch(`${base}/wx/component/authorize`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const loginPage = new URL(start.headers.get('location')!);
    expect(loginPage.origin + loginPage.pathname).toBe(`${api}/cgi-bin/componentloginpage`);
    expect(loginPage.searchParams.get('component_appid')).toBe(component.appId);
    expect(loginPage.searchParams.get('redirect_uri')).toBe(`${base}/wx/component/callback`);
    expect(loginPage.searchParams.get('pre_auth_code')).toMatch(/\S+/);

    // The administrator "scans" as Brand A: the page's link redirects to our callback with an auth_code.
    const html = await (await fetch(loginPage)).text();
    const link = /href="([^"]*)"[^>]*>[^<]*Brand A/.exec(html)?.[1] ?? /href="([^"]+)"/.exec(html)?.[1];
    expect(link).toBeDefined();
    const scan = await fetch(new URL(link!.replace(/&amp;/g, '&'), loginPage), { redirect: 'manual' });
    expect(scan.status).toBe(302);
    const callback = new URL(scan.headers.get('location')!);
    expect(callback.origin + callback.pathname).toBe(`${base}/wx/component/callback`);
    const done = await fetch(callback);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain(`Authorized: ${BRAND_A}`);
    await mock.component.settled();
    expect(mock.component.pushes.filter((p) => p.infoType === 'authorized').every((p) => p.ok)).toBe(true);
    expect((await store.get(refreshKey(BRAND_A)))?.value).toBe(mock.component.refreshToken(BRAND_A));
    expect(logger.warnings.filter((line) => line.includes('could not be applied'))).toEqual([]);

    mock.component.unauthorize(BRAND_A);
    await mock.component.settled();
    expect(await store.get(refreshKey(BRAND_A))).toBeUndefined();
  });

  it('the callback without auth_code is a 400; a spent code a clear error page', async () => {
    const { mock, base } = await setUp();
    await mock.component.startPushing(`${base}/wx/component/events`);
    expect((await fetch(`${base}/wx/component/callback`)).status).toBe(400);
    const spent = await fetch(`${base}/wx/component/callback?auth_code=spentcode123`);
    expect(spent.status).toBe(502);
    expect(await spent.text()).toContain('61009');
  });
});
