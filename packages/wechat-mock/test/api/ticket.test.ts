import { describe, expect, it } from 'vitest';
import { APPID, classicToken, fakeClock, getJson, getTicket, stable, startMock, tokenOf } from '../helpers.js';

describe('GET /cgi-bin/ticket/getticket', () => {
  it('answers errcode 0, ok, a ticket and expires_in 7200', async () => {
    const mock = await startMock();
    const token = tokenOf(await stable(mock));
    const { status, body } = await getTicket(mock, token);
    expect(status).toBe(200);
    expect(body).toEqual({ errcode: 0, errmsg: 'ok', ticket: expect.any(String), expires_in: 7200 });
    expect(String(body.ticket).length).toBeGreaterThanOrEqual(80);
    expect(mock.validTickets(APPID)).toEqual([body.ticket]);
  });

  it('issues a new ticket on each call; older ones stay valid until their own expiry', async () => {
    const clock = fakeClock();
    const mock = await startMock({ now: clock.now, ticketTtlSeconds: 100 });
    const token = tokenOf(await classicToken(mock));
    const first = (await getTicket(mock, token)).body;
    expect(first.expires_in).toBe(100);
    clock.advance(50_000);
    const second = (await getTicket(mock, token)).body;
    expect(second.ticket).not.toBe(first.ticket);
    expect(mock.validTickets().sort()).toEqual([first.ticket, second.ticket].sort());
    clock.advance(50_000);
    expect(mock.validTickets()).toEqual([second.ticket]);
    clock.advance(50_000);
    expect(mock.validTickets()).toEqual([]);
  });

  it('tickets outlive the token that fetched them', async () => {
    const mock = await startMock();
    const token = tokenOf(await classicToken(mock));
    const { ticket } = (await getTicket(mock, token)).body;
    mock.invalidateTokens();
    expect(mock.validTickets()).toEqual([ticket]);
  });

  it('expired token -> 42001', async () => {
    const clock = fakeClock();
    const mock = await startMock({ now: clock.now });
    const token = tokenOf(await classicToken(mock));
    clock.advance(7200_000);
    const { body } = await getTicket(mock, token);
    expect(body.errcode).toBe(42001);
    expect(body.errmsg).toMatch(/^access_token expired rid: /);
    expect(mock.validTickets()).toEqual([]);
  });

  it('invalidated token -> 40001, for that account only', async () => {
    const mock = await startMock({ accounts: [{ appId: 'wxa', appSecret: 'a' }, { appId: 'wxb', appSecret: 'b' }] });
    const a = tokenOf(await stable(mock, false, 'wxa', 'a'));
    const b = tokenOf(await classicToken(mock, 'wxb', 'b'));
    mock.invalidateTokens('wxa');
    expect((await getTicket(mock, a)).body.errcode).toBe(40001);
    expect((await getTicket(mock, b)).body.errcode).toBe(0);
    expect(mock.validTokens('wxa')).toEqual([]);
    expect(mock.validTokens('wxb')).toEqual([b]);
    expect(mock.validTickets('wxa')).toEqual([]);
    expect(mock.validTickets('wxb')).toHaveLength(1);
    // A new fetch after invalidation works again.
    expect((await getTicket(mock, tokenOf(await stable(mock, false, 'wxa', 'a')))).body.errcode).toBe(0);
  });

  it('invalidateTokens() without appId invalidates every account', async () => {
    const mock = await startMock();
    const token = tokenOf(await stable(mock));
    mock.invalidateTokens();
    expect((await getTicket(mock, token)).body.errcode).toBe(40001);
  });

  it.each([
    ['never issued', 'A'.repeat(140), 40001],
    ['empty', '', 40014],
    ['malformed', 'not a token!', 40014],
  ])('%s token -> %i', async (_name, token, errcode) => {
    const mock = await startMock();
    expect((await getTicket(mock, token)).body.errcode).toBe(errcode);
  });

  it('missing access_token -> 41001', async () => {
    const mock = await startMock();
    expect((await getJson(`${mock.url}/cgi-bin/ticket/getticket?type=jsapi`)).body.errcode).toBe(41001);
  });

  it('type other than jsapi -> 40097', async () => {
    const mock = await startMock();
    const token = tokenOf(await stable(mock));
    expect((await getTicket(mock, token, 'wx_card')).body.errcode).toBe(40097);
    expect((await getJson(`${mock.url}/cgi-bin/ticket/getticket?access_token=${token}`)).body.errcode).toBe(40097);
  });

  it('answers 45009 beyond dailyTicketQuota, counted per appId', async () => {
    const mock = await startMock({ dailyTicketQuota: 1 });
    const token = tokenOf(await stable(mock));
    expect((await getTicket(mock, token)).body.errcode).toBe(0);
    expect((await getTicket(mock, token)).body.errcode).toBe(45009);
    expect(mock.validTickets()).toHaveLength(1);
  });

  it('refuses POST with 43001', async () => {
    const mock = await startMock();
    const token = tokenOf(await stable(mock));
    const { body } = await getJson(`${mock.url}/cgi-bin/ticket/getticket?access_token=${token}&type=jsapi`, {
      method: 'POST',
    });
    expect(body.errcode).toBe(43001);
  });
});
