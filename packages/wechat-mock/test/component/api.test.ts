// The emulated third-party platform over real loopback HTTP: the flow from verify ticket to an authorizer's ticket.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { bridgeSignature, verifyPreVerify } from '../../src/bridge/verify.js';
import { createWechatMock, DEFAULT_COMPONENT, type WechatMock } from '../../src/index.js';
import { fakeClock, getJson, getTicket, startMock, type FakeClock, type Json } from '../helpers.js';
import { field, openPush, startReceiver } from './receiver.js';

const { appId: COMPONENT, appSecret: SECRET, token: TOKEN, aesKey: AES_KEY } = DEFAULT_COMPONENT;
const BRAND_A = 'wxb100000000000001';
const BRAND_B = 'wxb200000000000002';

const post = (mock: WechatMock, path: string, body: unknown) =>
  getJson(`${mock.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

/** A mock with a verify ticket pushed to a receiver, and the ticket as the receiver decrypted it. */
async function withTicket(clock: FakeClock = fakeClock()) {
  const mock = await startMock({ now: clock.now });
  const receiver = await startReceiver();
  const result = await mock.component.push(receiver.url, { infoType: 'component_verify_ticket' });
  expect(result.ok).toBe(true);
  const ticket = field(openPush(receiver.received[0]!, TOKEN, AES_KEY).xml, 'ComponentVerifyTicket')!;
  return { mock, clock, receiver, ticket };
}

async function componentToken(mock: WechatMock, ticket: string): Promise<string> {
  const answer = await post(mock, '/cgi-bin/component/api_component_token', {
    component_appid: COMPONENT,
    component_appsecret: SECRET,
    component_verify_ticket: ticket,
  });
  return answer.body.component_access_token as string;
}

const withToken = (path: string, token: string) => `${path}?component_access_token=${encodeURIComponent(token)}`;

describe('api_component_token', () => {
  it('a pushed verify ticket buys a 7200 s token; each call kills the previous token', async () => {
    const { mock, ticket } = await withTicket();
    const first = await post(mock, '/cgi-bin/component/api_component_token', {
      component_appid: COMPONENT, component_appsecret: SECRET, component_verify_ticket: ticket,
    });
    expect(first.body).toEqual({ component_access_token: expect.any(String), expires_in: 7200 });
    const second = await componentToken(mock, ticket);
    expect(second).not.toBe(first.body.component_access_token);
    expect(mock.component.validComponentTokens()).toEqual([second]);
    const stale = await post(mock, withToken('/cgi-bin/component/api_create_preauthcode', first.body.component_access_token as string), { component_appid: COMPONENT });
    expect(stale.body).toMatchObject({ errcode: 40001 });
    expect(mock.component.calls.componentToken).toBe(2);
  });

  it('61006 for an unknown ticket, 61005 for one older than 12 h; 40125 wrong secret, 40013 wrong appid', async () => {
    const { mock, clock, ticket } = await withTicket();
    const ask = (fields: Json) => post(mock, '/cgi-bin/component/api_component_token', {
      component_appid: COMPONENT, component_appsecret: SECRET, component_verify_ticket: ticket, ...fields,
    });
    expect((await ask({ component_verify_ticket: 'ticket@@@made-up' })).body).toMatchObject({ errcode: 61006 });
    const wrong = await ask({ component_appsecret: 'not-the-secret' });
    expect(wrong.body).toMatchObject({ errcode: 40125 });
    expect(JSON.stringify(wrong.body)).not.toContain('not-the-secret');
    expect((await ask({ component_appid: 'wxother' })).body).toMatchObject({ errcode: 40013 });
    expect((await ask({ component_appsecret: '' })).body).toMatchObject({ errcode: 41004 });
    clock.advance(12 * 3600_000 - 1);
    expect((await ask({})).body).toMatchObject({ expires_in: 7200 });
    clock.advance(1);
    expect((await ask({})).body).toMatchObject({ errcode: 61005, errmsg: expect.stringContaining('component ticket is expired') });
  });

  it('47001 for a body that is not a JSON object; 43002 for GET', async () => {
    const mock = await startMock();
    const bad = await getJson(`${mock.url}/cgi-bin/component/api_component_token`, { method: 'POST', body: 'nope' });
    expect(bad.body).toMatchObject({ errcode: 47001 });
    expect((await getJson(`${mock.url}/cgi-bin/component/api_component_token`)).body).toMatchObject({ errcode: 43002 });
  });
});

describe('authorization', () => {
  it('pre_auth_code -> login page -> scan -> redirect with auth_code -> api_query_auth -> getticket for the brand', async () => {
    const { mock, ticket } = await withTicket();
    const token = await componentToken(mock, ticket);
    const pre = await post(mock, withToken('/cgi-bin/component/api_create_preauthcode', token), { component_appid: COMPONENT });
    expect(pre.body).toEqual({ pre_auth_code: expect.any(String), expires_in: 1800 });
    const redirectUri = 'https://agency.example/wx/component/callback?site=1';
    const login = new URLSearchParams({ component_appid: COMPONENT, pre_auth_code: pre.body.pre_auth_code as string, redirect_uri: redirectUri });
    const pageUrl = `${mock.url}/cgi-bin/componentloginpage?${login}`;
    const page = await fetch(pageUrl);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Brand A');
    expect(html).toContain('Brand B');
    const href = new URL(/href="([^"]+)" data-appid="wxb200000000000002"/.exec(html)![1]!.replaceAll('&amp;', '&'), pageUrl).href;
    const scan = await fetch(href, { redirect: 'manual' });
    expect(scan.status).toBe(302);
    const location = new URL(scan.headers.get('location')!);
    expect(location.origin + location.pathname).toBe('https://agency.example/wx/component/callback');
    expect(location.searchParams.get('site')).toBe('1');
    expect(location.searchParams.get('expires_in')).toBe('3600');
    const authCode = location.searchParams.get('auth_code')!;

    const auth = await post(mock, withToken('/cgi-bin/component/api_query_auth', token), { component_appid: COMPONENT, authorization_code: authCode });
    const info = auth.body.authorization_info as Json;
    expect(info).toMatchObject({
      authorizer_appid: BRAND_B,
      authorizer_access_token: expect.any(String),
      expires_in: 7200,
      authorizer_refresh_token: expect.stringMatching(/^refreshtoken@@@/),
      func_info: expect.any(Array),
    });
    const jsapi = await getTicket(mock, info.authorizer_access_token as string);
    expect(jsapi.body).toMatchObject({ errcode: 0, ticket: expect.any(String) });
    expect(mock.validTickets(BRAND_B)).toEqual([jsapi.body.ticket]);
    // The code is spent; the pre-auth code too.
    expect((await post(mock, withToken('/cgi-bin/component/api_query_auth', token), { component_appid: COMPONENT, authorization_code: authCode })).body).toMatchObject({ errcode: 61009 });
    expect((await fetch(href, { redirect: 'manual' })).status).toBe(400);
    expect(mock.component.calls).toMatchObject({ createPreauthcode: 1, queryAuth: 2, loginPage: 3 });
  });

  it('the login page refuses an expired pre_auth_code, another platform, a non-http redirect_uri, and escapes names', async () => {
    const clock = fakeClock();
    const mock = createWechatMock({ now: clock.now, component: { authorizers: [{ appId: 'wxb3', name: '<script>x</script>' }] } });
    await mock.listen();
    try {
      const code = mock.component.authorize('wxb3');
      expect(code.expiresIn).toBe(3600);
      const { ticket } = { ticket: (await pushTo(mock)).ticket };
      const token = await componentToken(mock, ticket);
      const pre = (await post(mock, withToken('/cgi-bin/component/api_create_preauthcode', token), { component_appid: COMPONENT })).body.pre_auth_code as string;
      const page = (query: Json) => fetch(`${mock.url}/cgi-bin/componentloginpage?${new URLSearchParams({ component_appid: COMPONENT, pre_auth_code: pre, redirect_uri: 'https://a.example/cb', ...query } as Record<string, string>)}`);
      const ok = await page({});
      expect(await ok.text()).toContain('&lt;script&gt;x&lt;/script&gt;');
      expect((await page({ redirect_uri: 'javascript:alert(1)' })).status).toBe(400);
      expect((await page({ component_appid: 'wxother' })).status).toBe(400);
      clock.advance(1800_000);
      expect((await page({})).status).toBe(400);
    } finally {
      await mock.close();
    }
  });

  it('api_query_auth: 61010 for a code older than an hour, 61009 for a made-up one', async () => {
    const { mock, clock, ticket } = await withTicket();
    const { authCode } = mock.component.authorize(BRAND_A);
    clock.advance(3600_000);
    const token = await componentToken(mock, ticket);
    const ask = (code: string) => post(mock, withToken('/cgi-bin/component/api_query_auth', token), { component_appid: COMPONENT, authorization_code: code });
    expect((await ask(authCode)).body).toMatchObject({ errcode: 61010 });
    expect((await ask('queryauthcode@@@nope')).body).toMatchObject({ errcode: 61009, errmsg: expect.stringContaining('code is invalid') });
  });
});

async function pushTo(mock: WechatMock) {
  const receiver = await startReceiver();
  await mock.component.push(receiver.url, { infoType: 'component_verify_ticket' });
  return { ticket: field(openPush(receiver.received.at(-1)!, TOKEN, AES_KEY).xml, 'ComponentVerifyTicket')!, receiver };
}

describe('api_authorizer_token and api_get_authorizer_list', () => {
  it('the refresh token buys a new authorizer token that getticket accepts; 61023 once revoked, the list has the new one', async () => {
    const { mock, ticket } = await withTicket();
    mock.component.authorize(BRAND_A);
    const token = await componentToken(mock, ticket);
    const refresh = mock.component.refreshToken(BRAND_A)!;
    const ask = (fields: Json) => post(mock, withToken('/cgi-bin/component/api_authorizer_token', token), {
      component_appid: COMPONENT, authorizer_appid: BRAND_A, authorizer_refresh_token: refresh, ...fields,
    });
    const first = await ask({});
    expect(first.body).toEqual({ authorizer_access_token: expect.any(String), expires_in: 7200, authorizer_refresh_token: refresh });
    expect((await getTicket(mock, first.body.authorizer_access_token as string)).body).toMatchObject({ errcode: 0 });

    mock.component.revokeRefreshToken(BRAND_A);
    const refused = await ask({});
    expect(refused.body).toMatchObject({ errcode: 61023, errmsg: expect.stringContaining('refresh_token is invalid') });
    expect(JSON.stringify(refused.body)).not.toContain(refresh);
    const list = await post(mock, withToken('/cgi-bin/component/api_get_authorizer_list', token), { component_appid: COMPONENT, offset: 0, count: 500 });
    expect(list.body).toEqual({ total_count: 1, list: [{ authorizer_appid: BRAND_A, refresh_token: expect.any(String), auth_time: expect.any(Number) }] });
    const fresh = (list.body.list as Json[])[0]!.refresh_token as string;
    expect(fresh).not.toBe(refresh);
    expect((await ask({ authorizer_refresh_token: fresh })).body).toMatchObject({ authorizer_refresh_token: fresh });
    expect(mock.component.calls.authorizerToken).toBe(3);
    // Authorizing again replaces the refresh token too, as WeChat documents.
    mock.component.authorize(BRAND_A);
    expect(mock.component.refreshToken(BRAND_A)).not.toBe(fresh);
    expect((await ask({ authorizer_refresh_token: fresh })).body).toMatchObject({ errcode: 61023 });
  });

  it('61003 for an account that never authorized, and after unauthorize (its tokens die: 40001 on getticket)', async () => {
    const { mock, ticket } = await withTicket();
    mock.component.authorize(BRAND_A);
    const token = await componentToken(mock, ticket);
    const refresh = mock.component.refreshToken(BRAND_A)!;
    const ask = (appId: string) => post(mock, withToken('/cgi-bin/component/api_authorizer_token', token), {
      component_appid: COMPONENT, authorizer_appid: appId, authorizer_refresh_token: refresh,
    });
    expect((await ask(BRAND_B)).body).toMatchObject({ errcode: 61003 });
    const authorizerToken = (await ask(BRAND_A)).body.authorizer_access_token as string;
    mock.component.unauthorize(BRAND_A);
    expect((await ask(BRAND_A)).body).toMatchObject({ errcode: 61003, errmsg: expect.stringContaining('not authorized') });
    expect((await getTicket(mock, authorizerToken)).body).toMatchObject({ errcode: 40001 });
  });

  it('61024 when a token API gets the component appid: api_authorizer_token, /cgi-bin/token, stable_token', async () => {
    const { mock, ticket } = await withTicket();
    const token = await componentToken(mock, ticket);
    const asAuthorizer = await post(mock, withToken('/cgi-bin/component/api_authorizer_token', token), {
      component_appid: COMPONENT, authorizer_appid: COMPONENT, authorizer_refresh_token: 'x',
    });
    expect(asAuthorizer.body).toMatchObject({ errcode: 61024 });
    const classic = await getJson(`${mock.url}/cgi-bin/token?grant_type=client_credential&appid=${COMPONENT}&secret=${SECRET}`);
    expect(classic.body).toMatchObject({ errcode: 61024 });
    const stable = await post(mock, '/cgi-bin/stable_token', { grant_type: 'client_credential', appid: COMPONENT, secret: SECRET });
    expect(stable.body).toMatchObject({ errcode: 61024 });
  });

  it('the list pages with offset and count, 40097 for count over 500; every call needs the live component token', async () => {
    const { mock, ticket } = await withTicket();
    const token = await componentToken(mock, ticket);
    mock.component.authorize(BRAND_A);
    mock.component.authorize(BRAND_B);
    const list = (body: Json, t = token) => post(mock, withToken('/cgi-bin/component/api_get_authorizer_list', t), { component_appid: COMPONENT, ...body });
    expect((await list({ offset: 1, count: 1 })).body).toMatchObject({ total_count: 2, list: [{ authorizer_appid: BRAND_B }] });
    expect((await list({ offset: 0, count: 501 })).body).toMatchObject({ errcode: 40097 });
    expect((await list({ offset: -1, count: 1 })).body).toMatchObject({ errcode: 40097 });
    expect((await list({ offset: 0, count: 1 }, 'made-up-token')).body).toMatchObject({ errcode: 40001 });
    const missing = await post(mock, '/cgi-bin/component/api_get_authorizer_list', { component_appid: COMPONENT, offset: 0, count: 1 });
    expect(missing.body).toMatchObject({ errcode: 41001 });
    // The newer docs' spelling, ?access_token=, works too.
    const newer = await post(mock, `/cgi-bin/component/api_get_authorizer_list?access_token=${token}`, { component_appid: COMPONENT, offset: 0, count: 2 });
    expect(newer.body).toMatchObject({ total_count: 2 });
  });

  it('usedToday counts the successful api_authorizer_token calls per account, until midnight China time', async () => {
    const chinaMidnight = Date.UTC(2026, 0, 2) - 8 * 3600_000;
    const { mock, clock, ticket } = await withTicket(fakeClock(chinaMidnight + 3600_000));
    mock.component.authorize(BRAND_A);
    mock.component.authorize(BRAND_B);
    const token = await componentToken(mock, ticket);
    const ask = (appId: string, refresh = mock.component.refreshToken(appId)) =>
      post(mock, withToken('/cgi-bin/component/api_authorizer_token', token), { component_appid: COMPONENT, authorizer_appid: appId, authorizer_refresh_token: refresh });
    await ask(BRAND_A);
    await ask(BRAND_A);
    await ask(BRAND_B);
    expect((await ask(BRAND_B, 'refreshtoken@@@wrong')).body).toMatchObject({ errcode: 61023 });
    expect(mock.component.usedToday(BRAND_A)).toEqual({ authorizerToken: 2 });
    expect(mock.component.usedToday(BRAND_B)).toEqual({ authorizerToken: 1 });
    expect(mock.component.usedToday('wxneverauthorized')).toEqual({ authorizerToken: 0 });
    clock.advance(23 * 3600_000);
    expect(mock.component.usedToday(BRAND_A)).toEqual({ authorizerToken: 0 });
  });

  it('the component token expires after 7200 s of the injected clock (42001)', async () => {
    const { mock, clock, ticket } = await withTicket();
    const token = await componentToken(mock, ticket);
    clock.advance(7200_000);
    const late = await post(mock, withToken('/cgi-bin/component/api_create_preauthcode', token), { component_appid: COMPONENT });
    expect(late.body).toMatchObject({ errcode: 42001 });
  });
});

describe('mounted under a prefix', () => {
  it('the login page\'s links stay under the prefix (as with app.use(\'/wechat-api\', mock.handler))', async () => {
    const mock = createWechatMock();
    mock.component.authorize(BRAND_A);
    // What express does for a mounted handler: the prefix is cut from req.url.
    const server = createServer((req, res) => {
      if (!req.url?.startsWith('/wechat-api/')) return void res.writeHead(404).end();
      req.url = req.url.slice('/wechat-api'.length);
      mock.handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wechat-api`;
      const receiver = await startReceiver();
      await mock.component.push(receiver.url, { infoType: 'component_verify_ticket' });
      const ticket = field(openPush(receiver.received[0]!, TOKEN, AES_KEY).xml, 'ComponentVerifyTicket')!;
      const tokenAnswer = await getJson(`${base}/cgi-bin/component/api_component_token`, {
        method: 'POST',
        body: JSON.stringify({ component_appid: COMPONENT, component_appsecret: SECRET, component_verify_ticket: ticket }),
      });
      const pre = await getJson(withToken(`${base}/cgi-bin/component/api_create_preauthcode`, tokenAnswer.body.component_access_token as string), {
        method: 'POST', body: JSON.stringify({ component_appid: COMPONENT }),
      });
      const pageUrl = `${base}/cgi-bin/componentloginpage?${new URLSearchParams({ component_appid: COMPONENT, pre_auth_code: pre.body.pre_auth_code as string, redirect_uri: 'https://a.example/cb' })}`;
      const html = await (await fetch(pageUrl)).text();
      const href = new URL(/href="([^"]+)"/.exec(html)![1]!.replaceAll('&amp;', '&'), pageUrl);
      expect(href.pathname).toBe('/wechat-api/cgi-bin/componentloginpage/scan');
      const scan = await fetch(href, { redirect: 'manual' });
      expect(scan.status).toBe(302);
      expect(new URL(scan.headers.get('location')!).searchParams.get('auth_code')).toMatch(/^queryauthcode@@@/);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await mock.close();
    }
  });
});

describe('the authorizer\'s page', () => {
  it('a wx.config signed with the ticket of the authorizer token verifies with the authorizer\'s appId only', async () => {
    const { mock, ticket } = await withTicket();
    mock.component.authorize(BRAND_A);
    const token = await componentToken(mock, ticket);
    const authorizerToken = (await post(mock, withToken('/cgi-bin/component/api_authorizer_token', token), {
      component_appid: COMPONENT, authorizer_appid: BRAND_A, authorizer_refresh_token: mock.component.refreshToken(BRAND_A),
    })).body.authorizer_access_token as string;
    const jsapiTicket = (await getTicket(mock, authorizerToken)).body.ticket as string;
    const url = 'https://brand-a.example/campaign?x=1';
    const request = {
      verifyTimestamp: '1735704000', verifyNonceStr: 'n0nce', url,
      verifySignature: bridgeSignature(jsapiTicket, 'n0nce', '1735704000', url),
    };
    const tickets = (appId: string) => mock.validTickets(appId);
    expect(verifyPreVerify({ ...request, appId: BRAND_A }, { tickets }).err_msg).toBe('preVerifyJSAPI:ok');
    expect(verifyPreVerify({ ...request, appId: COMPONENT }, { tickets }).err_msg).not.toBe('preVerifyJSAPI:ok');
    expect(verifyPreVerify({ ...request, appId: BRAND_B }, { tickets }).err_msg).not.toBe('preVerifyJSAPI:ok');
  });
});

describe('options', () => {
  it('throws at construction for a wrong aesKey, a missing field, an unknown key; never echoing the values', () => {
    expect(() => createWechatMock({ component: { aesKey: 'too-short-key' } })).toThrow(/43-character/);
    expect(() => createWechatMock({ component: { appSecret: '' } })).toThrow(/component\.appSecret/);
    expect(() => createWechatMock({ component: { secret: 'x' } as never })).toThrow(/unknown option `component\.secret`/);
    try {
      createWechatMock({ component: { aesKey: 'too-short-key' } });
    } catch (error) {
      expect(String(error)).not.toContain('too-short-key');
    }
  });

  it('defaults: DEFAULT_COMPONENT for `{}` and `{ x: undefined }`, options not mutated', () => {
    const options = Object.freeze({ appId: undefined, authorizers: Object.freeze([Object.freeze({ appId: 'wxb9' })]) });
    const mock = createWechatMock({ component: options });
    expect(mock.component.appId).toBe(DEFAULT_COMPONENT.appId);
    expect(createWechatMock({ component: {} }).component.appId).toBe(DEFAULT_COMPONENT.appId);
    expect(createWechatMock().component.appId).toBe(DEFAULT_COMPONENT.appId);
  });
});
