import { describe, expect, it } from 'vitest';
import { APPID, SECRET, T0, classicToken, fakeClock, getJson, getTicket, startMock, tokenOf } from '../helpers.js';

const MIN = 60_000;

describe('GET /cgi-bin/token', () => {
  it('issues a long random token with expires_in 7200', async () => {
    const mock = await startMock();
    const { status, body } = await classicToken(mock);
    expect(status).toBe(200);
    expect(body.expires_in).toBe(7200);
    expect(tokenOf({ body }).length).toBeGreaterThanOrEqual(100);
    expect(tokenOf({ body })).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(mock.validTokens(APPID)).toEqual([body.access_token]);
  });

  it('issues a new token on every fetch; the previous one works 5 more minutes, then 40001', async () => {
    const clock = fakeClock();
    const mock = await startMock({ now: clock.now });
    const first = tokenOf(await classicToken(mock));
    clock.advance(10 * MIN);
    const second = tokenOf(await classicToken(mock));
    expect(second).not.toBe(first);
    expect(mock.validTokens().sort()).toEqual([first, second].sort());

    clock.advance(5 * MIN - 1);
    expect((await getTicket(mock, first)).body.errcode).toBe(0);
    clock.advance(1);
    expect((await getTicket(mock, first)).body.errcode).toBe(40001);
    expect((await getTicket(mock, second)).body.errcode).toBe(0);
    expect(mock.validTokens()).toEqual([second]);
  });

  it('overlap never extends a token past its own expiry: expired first, then 42001', async () => {
    const clock = fakeClock();
    const mock = await startMock({ now: clock.now });
    const first = tokenOf(await classicToken(mock));
    clock.advance(7200_000 - 2 * MIN);
    tokenOf(await classicToken(mock));
    clock.advance(2 * MIN);
    expect((await getTicket(mock, first)).body.errcode).toBe(42001);
  });

  it('honours tokenTtlSeconds', async () => {
    const clock = fakeClock();
    const mock = await startMock({ now: clock.now, tokenTtlSeconds: 60 });
    const { body } = await classicToken(mock);
    expect(body.expires_in).toBe(60);
    clock.advance(60_000);
    expect((await getTicket(mock, tokenOf({ body }))).body.errcode).toBe(42001);
  });

  it.each([
    ['missing appid', { grant_type: 'client_credential', secret: SECRET }, 41002],
    ['missing secret', { grant_type: 'client_credential', appid: APPID }, 41004],
    ['empty secret', { grant_type: 'client_credential', appid: APPID, secret: '' }, 41004],
    ['bad grant_type', { grant_type: 'password', appid: APPID, secret: SECRET }, 40002],
    ['missing grant_type', { appid: APPID, secret: SECRET }, 40002],
    ['unknown appid', { grant_type: 'client_credential', appid: 'wxnope', secret: SECRET }, 40013],
    ['wrong secret', { grant_type: 'client_credential', appid: APPID, secret: 'wrong' }, 40001],
  ])('%s -> %i, HTTP 200, no token issued', async (_name, params, errcode) => {
    const mock = await startMock();
    const { status, body } = await getJson(`${mock.url}/cgi-bin/token?${new URLSearchParams(params)}`);
    expect(status).toBe(200);
    expect(body.errcode).toBe(errcode);
    expect(body.errmsg).toMatch(/ rid: [0-9a-f]+$/);
    expect(body).not.toHaveProperty('access_token');
    expect(mock.validTokens()).toEqual([]);
  });

  it('a wrong secret is not echoed in the errmsg', async () => {
    const mock = await startMock();
    const { body } = await classicToken(mock, APPID, 'wrong-secret-value');
    expect(JSON.stringify(body)).not.toContain('wrong-secret-value');
    expect(JSON.stringify(body)).not.toContain(SECRET);
  });

  it('answers 45009 beyond dailyTokenQuota and resets at midnight China time', async () => {
    const clock = fakeClock(Date.UTC(2025, 0, 1, 15, 59, 0)); // 23:59 in UTC+8
    const mock = await startMock({ now: clock.now, dailyTokenQuota: 2 });
    tokenOf(await classicToken(mock));
    tokenOf(await classicToken(mock));
    expect((await classicToken(mock)).body.errcode).toBe(45009);
    expect((await classicToken(mock, APPID, 'wrong')).body.errcode).toBe(40001);
    clock.advance(MIN); // 00:00 in UTC+8
    expect((await classicToken(mock)).body.access_token).toEqual(expect.any(String));
    expect(mock.calls.token).toBe(5);
  });

  it('counts the quota per appId', async () => {
    const mock = await startMock({
      dailyTokenQuota: 1,
      accounts: [
        { appId: 'wxa', appSecret: 'a' },
        { appId: 'wxb', appSecret: 'b' },
      ],
    });
    tokenOf(await classicToken(mock, 'wxa', 'a'));
    expect((await classicToken(mock, 'wxa', 'a')).body.errcode).toBe(45009);
    tokenOf(await classicToken(mock, 'wxb', 'b'));
  });

  it('refuses POST with 43001', async () => {
    const mock = await startMock();
    const query = new URLSearchParams({ grant_type: 'client_credential', appid: APPID, secret: SECRET });
    const { body } = await getJson(`${mock.url}/cgi-bin/token?${query}`, { method: 'POST' });
    expect(body.errcode).toBe(43001);
    expect(mock.calls.token).toBe(1);
  });

  it('starts from the injected clock, not the wall clock', async () => {
    const clock = fakeClock(T0 - 365 * 86_400_000);
    const mock = await startMock({ now: clock.now });
    const token = tokenOf(await classicToken(mock));
    clock.advance(7199_999);
    expect(mock.validTokens()).toEqual([token]);
    clock.advance(1);
    expect(mock.validTokens()).toEqual([]);
  });
});
