import { describe, expect, it } from 'vitest';
import {
  APPID,
  SECRET,
  classicToken,
  fakeClock,
  getJson,
  getTicket,
  stable,
  stableToken,
  startMock,
  tokenOf,
} from '../helpers.js';

const MIN = 60_000;

describe('POST /cgi-bin/stable_token', () => {
  it('returns the SAME token while valid, with expires_in = seconds remaining', async () => {
    const clock = fakeClock();
    const mock = await startMock({ now: clock.now });
    const first = await stable(mock);
    expect(first.status).toBe(200);
    expect(first.body.expires_in).toBe(7200);
    expect(tokenOf(first).length).toBeGreaterThanOrEqual(100);
    clock.advance(1000 * 1000 + 400);
    const again = await stable(mock);
    expect(again.body.access_token).toBe(first.body.access_token);
    expect(again.body.expires_in).toBe(6199);
    expect(mock.calls.stableToken).toBe(2);
  });

  it('issues a new token in the last 5 minutes; the old one stays valid until its expiry', async () => {
    const clock = fakeClock();
    const mock = await startMock({ now: clock.now });
    const old = tokenOf(await stable(mock));
    clock.advance(7200_000 - 5 * MIN - 1);
    expect(tokenOf(await stable(mock))).toBe(old);
    clock.advance(1); // exactly 5 minutes left
    const renewed = await stable(mock);
    expect(tokenOf(renewed)).not.toBe(old);
    expect(renewed.body.expires_in).toBe(7200);
    expect(mock.validTokens().sort()).toEqual([old, tokenOf(renewed)].sort());
    // The renewed token is now the one returned.
    clock.advance(MIN);
    expect(tokenOf(await stable(mock))).toBe(tokenOf(renewed));
    expect((await getTicket(mock, old)).body.errcode).toBe(0);
    clock.advance(4 * MIN);
    expect((await getTicket(mock, old)).body.errcode).toBe(42001);
    expect((await getTicket(mock, tokenOf(renewed))).body.errcode).toBe(0);
  });

  it('issues a new token once the previous one expired unused', async () => {
    const clock = fakeClock();
    const mock = await startMock({ now: clock.now });
    const old = tokenOf(await stable(mock));
    clock.advance(3 * 7200_000);
    const next = await stable(mock);
    expect(tokenOf(next)).not.toBe(old);
    expect(next.body.expires_in).toBe(7200);
  });

  it('force_refresh issues a new token and invalidates the previous stable token at once (40001)', async () => {
    const clock = fakeClock();
    const mock = await startMock({ now: clock.now });
    const old = tokenOf(await stable(mock));
    clock.advance(MIN);
    const forced = tokenOf(await stable(mock, true));
    expect(forced).not.toBe(old);
    expect((await getTicket(mock, old)).body.errcode).toBe(40001);
    expect((await getTicket(mock, forced)).body.errcode).toBe(0);
    expect(tokenOf(await stable(mock))).toBe(forced);
  });

  it('force_refresh: 45011 within 30 s of the previous one, 45009 after 20 a day, reset at midnight', async () => {
    const clock = fakeClock(Date.UTC(2025, 0, 1, 16, 0, 0)); // 00:00 China time
    const mock = await startMock({ now: clock.now });
    tokenOf(await stable(mock, true));
    clock.advance(29_999);
    expect((await stable(mock, true)).body.errcode).toBe(45011);
    clock.advance(1);
    tokenOf(await stable(mock, true));
    for (let i = 2; i < 20; i += 1) {
      clock.advance(30_000);
      tokenOf(await stable(mock, true));
    }
    clock.advance(30_000);
    expect((await stable(mock, true)).body.errcode).toBe(45009);
    // Normal mode still works.
    tokenOf(await stable(mock));
    clock.set(Date.UTC(2025, 0, 2, 16, 0, 0));
    tokenOf(await stable(mock, true));
  });

  it('force refresh limits are options', async () => {
    const clock = fakeClock();
    const mock = await startMock({ now: clock.now, dailyForceRefreshQuota: 1, forceRefreshIntervalSeconds: 0 });
    tokenOf(await stable(mock, true));
    expect((await stable(mock, true)).body.errcode).toBe(45009);
  });

  it('stable and classic tokens never invalidate each other', async () => {
    const clock = fakeClock();
    const mock = await startMock({ now: clock.now });
    const stableOne = tokenOf(await stable(mock));
    const classicOne = tokenOf(await classicToken(mock));
    clock.advance(31_000);
    tokenOf(await classicToken(mock));
    tokenOf(await stable(mock, true)); // revokes stableOne, not the classic tokens
    clock.advance(6 * MIN);
    expect(tokenOf(await stable(mock))).not.toBe(stableOne);
    expect((await getTicket(mock, classicOne)).body.errcode).toBe(40001); // replaced by the 2nd classic fetch
    expect(mock.validTokens()).toHaveLength(2); // newest classic + forced stable
  });

  it('only force_refresh === true forces', async () => {
    const mock = await startMock();
    const first = tokenOf(await stable(mock));
    const body = { grant_type: 'client_credential', appid: APPID, secret: SECRET, force_refresh: 'true' };
    expect(tokenOf(await stableToken(mock, body))).toBe(first);
  });

  it.each([
    ['not JSON', '{grant_type:', 47001],
    ['empty body', '', 47001],
    ['a JSON array', '[]', 47001],
    ['a JSON string', '"x"', 47001],
    ['missing appid', { grant_type: 'client_credential', secret: SECRET }, 41002],
    ['missing secret', { grant_type: 'client_credential', appid: APPID }, 41004],
    ['appid not a string', { grant_type: 'client_credential', appid: 1, secret: SECRET }, 41002],
    ['bad grant_type', { grant_type: 'x', appid: APPID, secret: SECRET }, 40002],
    ['unknown appid', { grant_type: 'client_credential', appid: 'wxnope', secret: SECRET }, 40013],
    ['wrong secret', { grant_type: 'client_credential', appid: APPID, secret: 'nope' }, 40125],
  ])('%s -> %i', async (_name, body, errcode) => {
    const mock = await startMock();
    const answer = await stableToken(mock, body);
    expect(answer.status).toBe(200);
    expect(answer.body.errcode).toBe(errcode);
    expect(mock.validTokens()).toEqual([]);
  });

  it('a body over 64 KiB is refused with 47001 and the connection still answers', async () => {
    const mock = await startMock();
    const body = JSON.stringify({ grant_type: 'client_credential', appid: APPID, secret: SECRET, pad: 'x'.repeat(70_000) });
    expect((await stableToken(mock, body)).body.errcode).toBe(47001);
  });

  it('refuses GET with 43002', async () => {
    const mock = await startMock();
    const { body } = await getJson(`${mock.url}/cgi-bin/stable_token`);
    expect(body.errcode).toBe(43002);
    expect(body.errmsg).toMatch(/^require POST method/);
  });

  it('answers 45009 beyond dailyStableTokenQuota', async () => {
    const mock = await startMock({ dailyStableTokenQuota: 1 });
    tokenOf(await stable(mock));
    expect((await stable(mock)).body.errcode).toBe(45009);
  });
});
