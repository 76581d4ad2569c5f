import { describe, expect, it } from 'vitest';
import { classicToken, fakeClock, getJson, getTicket, stable, startMock, tokenOf, type Json } from '../helpers.js';
import type { WechatMock } from '../../src/index.js';

function quotaGet(mock: WechatMock, accessToken: string | undefined, body: unknown, method = 'POST') {
  const query = accessToken === undefined ? '' : `?${new URLSearchParams({ access_token: accessToken })}`;
  return getJson(`${mock.url}/cgi-bin/openapi/quota/get${query}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(method === 'POST' ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
}

const errcodeOf = (answer: { body: Json }) => answer.body.errcode;

describe('POST /cgi-bin/openapi/quota/get', () => {
  it("answers /cgi-bin/token's daily limit, use and remainder from the emulator's counters", async () => {
    const mock = await startMock({ dailyTokenQuota: 5 });
    await classicToken(mock);
    await classicToken(mock);
    const token = tokenOf(await classicToken(mock));
    const { status, body } = await quotaGet(mock, token, { cgi_path: '/cgi-bin/token' });
    expect(status).toBe(200);
    expect(body).toEqual({ errcode: 0, errmsg: 'ok', quota: { daily_limit: 5, used: 3, remain: 2 } });
  });

  it('counts stable_token and getticket each under their own path, and refused calls not at all', async () => {
    const mock = await startMock({ dailyTicketQuota: 1 });
    const token = tokenOf(await stable(mock));
    await getTicket(mock, token);
    expect(errcodeOf(await getTicket(mock, token))).toBe(45009);
    expect((await quotaGet(mock, token, { cgi_path: '/cgi-bin/ticket/getticket' })).body.quota).toEqual({
      daily_limit: 1,
      used: 1,
      remain: 0,
    });
    expect((await quotaGet(mock, token, { cgi_path: '/cgi-bin/stable_token' })).body.quota).toEqual({
      daily_limit: 500_000,
      used: 1,
      remain: 499_999,
    });
  });

  it('starts again at 0 after midnight China time, like the quotas themselves', async () => {
    const clock = fakeClock();
    const mock = await startMock({ now: clock.now, dailyTokenQuota: 2 });
    await classicToken(mock);
    clock.advance(24 * 3_600_000);
    const token = tokenOf(await classicToken(mock));
    expect((await quotaGet(mock, token, { cgi_path: '/cgi-bin/token' })).body.quota).toEqual({ daily_limit: 2, used: 1, remain: 1 });
  });

  it('reports an Infinity quota as the largest safe integer (JSON has no Infinity)', async () => {
    const mock = await startMock({ dailyTokenQuota: Infinity });
    const token = tokenOf(await classicToken(mock));
    const quota = (await quotaGet(mock, token, { cgi_path: '/cgi-bin/token' })).body.quota as Json;
    expect(quota).toEqual({ daily_limit: Number.MAX_SAFE_INTEGER, used: 1, remain: Number.MAX_SAFE_INTEGER - 1 });
  });

  it.each<[string, string | undefined, unknown, string, number]>([
    ['no access_token', undefined, { cgi_path: '/cgi-bin/token' }, 'POST', 41001],
    ['a malformed access_token', 'not a token!', { cgi_path: '/cgi-bin/token' }, 'POST', 40014],
    ['an unknown access_token', 'A'.repeat(100), { cgi_path: '/cgi-bin/token' }, 'POST', 40001],
    ['an unknown cgi_path', 'VALID', { cgi_path: '/cgi-bin/message/custom/send' }, 'POST', 76021],
    ['no cgi_path', 'VALID', {}, 'POST', 47001],
    ['a body that is not JSON', 'VALID', 'cgi_path=/cgi-bin/token', 'POST', 47001],
    ['GET', 'VALID', undefined, 'GET', 43002],
  ])('answers %s with its errcode', async (_name, accessToken, body, method, errcode) => {
    const mock = await startMock();
    const token = accessToken === 'VALID' ? tokenOf(await classicToken(mock)) : accessToken;
    const answer = await quotaGet(mock, token, body, method);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ errcode, errmsg: expect.stringMatching(/ rid: [0-9a-f]{24}$/) });
  });

  it("is not one of the counted endpoints: calls stay { token, stableToken, ticket }", async () => {
    const mock = await startMock();
    const token = tokenOf(await classicToken(mock));
    await quotaGet(mock, token, { cgi_path: '/cgi-bin/token' });
    expect(mock.calls).toEqual({ token: 1, stableToken: 0, ticket: 0 });
  });
});
