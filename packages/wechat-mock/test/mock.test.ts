import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createWechatMock } from '../src/index.js';
import { APPID, classicToken, getJson, getTicket, SECRET, stable, startMock, tokenOf } from './helpers.js';

describe('createWechatMock: server', () => {
  it('listens on 127.0.0.1 and an ephemeral port by default; url throws before listen', async () => {
    const mock = createWechatMock();
    expect(() => mock.url).toThrow(/listen\(\)/);
    const url = await mock.listen();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(mock.url).toBe(url);
    await expect(mock.listen()).rejects.toThrow(/already listening/);
    await mock.close();
    await expect(fetch(`${url}/cgi-bin/token`)).rejects.toThrow();
  });

  it('listen() rejects when the port is taken, and can be retried', async () => {
    const first = await startMock();
    const port = Number(new URL(first.url).port);
    const second = createWechatMock();
    await expect(second.listen(port)).rejects.toThrow(/EADDRINUSE/);
    await second.listen();
    await second.close();
  });

  it('100 concurrent stable_token calls get the same token and are all counted', async () => {
    const mock = await startMock();
    const answers = await Promise.all(Array.from({ length: 100 }, () => stable(mock)));
    expect(new Set(answers.map(tokenOf)).size).toBe(1);
    expect(mock.calls.stableToken).toBe(100);
  });

  it("usedToday(appId) counts the account's successful calls of the day, per endpoint", async () => {
    const mock = await startMock({ accounts: [{ appId: APPID, appSecret: SECRET }, { appId: 'wx1111111111111111', appSecret: 'other' }] });
    const token = tokenOf(await classicToken(mock));
    await classicToken(mock);
    await stable(mock);
    await getTicket(mock, token);
    await classicToken(mock, APPID, 'wrong secret');
    expect(mock.usedToday(APPID)).toEqual({ token: 2, stableToken: 1, ticket: 1 });
    expect(mock.usedToday('wx1111111111111111')).toEqual({ token: 0, stableToken: 0, ticket: 0 });
  });

  it('close() without listen() is harmless', async () => {
    await createWechatMock().close();
  });

  it('unknown path -> HTTP 404 with errcode 40066', async () => {
    const mock = await startMock();
    const { status, body } = await getJson(`${mock.url}/cgi-bin/nope`);
    expect(status).toBe(404);
    expect(body.errcode).toBe(40066);
    expect(mock.calls).toEqual({ token: 0, stableToken: 0, ticket: 0 });
  });

  it('the handler works mounted in another http server', async () => {
    const mock = createWechatMock();
    const host = createServer(mock.handler);
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
      const res = await fetch(`${base}/cgi-bin/stable_token`, {
        method: 'POST',
        body: JSON.stringify({ grant_type: 'client_credential', appid: APPID, secret: 'mock-secret' }),
      });
      const body = (await res.json()) as { access_token: string };
      expect(mock.validTokens()).toEqual([body.access_token]);
      // close() ends requests the handler holds even when the mock itself never listened.
      mock.fail('ticket', { hang: true });
      const hanging = fetch(`${base}/cgi-bin/ticket/getticket?access_token=${body.access_token}&type=jsapi`);
      await waitFor(() => mock.calls.ticket === 1);
      await mock.close();
      await expect(hanging).rejects.toThrow();
    } finally {
      host.closeAllConnections();
      await new Promise((resolve) => host.close(resolve));
    }
  });

  it('uses a body already parsed by express.json()', async () => {
    const mock = createWechatMock();
    const host = createServer((req, res) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (text += chunk));
      req.on('end', () => {
        Object.assign(req, { body: JSON.parse(text) as unknown });
        mock.handler(req, res);
      });
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
      const res = await fetch(`${base}/cgi-bin/stable_token`, {
        method: 'POST',
        body: JSON.stringify({ grant_type: 'client_credential', appid: APPID, secret: 'mock-secret' }),
      });
      expect(await res.json()).toMatchObject({ expires_in: 7200 });
    } finally {
      await new Promise((resolve) => host.close(resolve));
    }
  });
});

describe('createWechatMock: counters', () => {
  it('counts every request per endpoint, errors and faults included; resetCalls zeroes them in place', async () => {
    const mock = await startMock();
    const calls = mock.calls;
    await classicToken(mock, APPID, 'wrong');
    const token = tokenOf(await stable(mock));
    mock.fail('ticket', { errcode: -1 });
    await getTicket(mock, token);
    await getTicket(mock, token);
    await getTicket(mock, '');
    expect(mock.calls).toEqual({ token: 1, stableToken: 1, ticket: 3 });
    mock.resetCalls();
    expect(calls).toEqual({ token: 0, stableToken: 0, ticket: 0 });
  });
});

describe('createWechatMock: faults', () => {
  it('errcode fault: HTTP 200 with the errcode and WeChat errmsg, or the given errmsg', async () => {
    const mock = await startMock();
    mock.fail('token', { errcode: -1 });
    mock.fail('token', { errcode: 40164, errmsg: 'custom' });
    const first = await classicToken(mock);
    expect(first.status).toBe(200);
    expect(first.body.errcode).toBe(-1);
    expect(first.body.errmsg).toMatch(/^system error rid: /);
    expect((await classicToken(mock)).body).toEqual({ errcode: 40164, errmsg: 'custom' });
    tokenOf(await classicToken(mock));
    expect(mock.validTokens()).toHaveLength(1);
  });

  it('status fault: that HTTP status with a small non-JSON body', async () => {
    const mock = await startMock();
    mock.fail('stable_token', { status: 500 });
    const res = await fetch(`${mock.url}/cgi-bin/stable_token`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('500 Internal Server Error');
    tokenOf(await stable(mock));
  });

  it('faults apply to their endpoint only; `any` to every endpoint; oldest first', async () => {
    const mock = await startMock();
    mock.fail('ticket', { errcode: 40001 });
    const token = tokenOf(await stable(mock));
    mock.fail('any', { errcode: -1 }, 2);
    expect((await classicToken(mock)).body.errcode).toBe(-1);
    expect((await getTicket(mock, token)).body.errcode).toBe(40001); // the older ticket fault comes first
    expect((await getTicket(mock, token)).body.errcode).toBe(-1);
    expect((await getTicket(mock, token)).body.errcode).toBe(0);
    tokenOf(await classicToken(mock));
  });

  it('times: the next N calls; Infinity until clearFaults', async () => {
    const mock = await startMock();
    mock.fail('stable_token', { errcode: 45009 }, 2);
    expect((await stable(mock)).body.errcode).toBe(45009);
    expect((await stable(mock)).body.errcode).toBe(45009);
    tokenOf(await stable(mock));
    mock.fail('stable_token', { errcode: -1 }, Infinity);
    for (let i = 0; i < 5; i += 1) expect((await stable(mock)).body.errcode).toBe(-1);
    mock.clearFaults();
    tokenOf(await stable(mock));
  });

  it('delay fault: answers normally after the delay', async () => {
    const mock = await startMock();
    mock.fail('stable_token', { delayMs: 50 });
    const started = performance.now();
    tokenOf(await stable(mock));
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('hang fault: no answer until the client gives up; the next call works', async () => {
    const mock = await startMock();
    mock.fail('stable_token', { hang: true });
    const controller = new AbortController();
    const hanging = fetch(`${mock.url}/cgi-bin/stable_token`, { method: 'POST', signal: controller.signal });
    let settled = false;
    const outcome = hanging.then(
      () => 'answered',
      (error: unknown) => error,
    ).finally(() => (settled = true));
    await waitFor(() => mock.calls.stableToken === 1);
    tokenOf(await stable(mock)); // another connection is served meanwhile
    expect(settled).toBe(false);
    controller.abort();
    expect(await outcome).toBeInstanceOf(Error);
  });

  it('hang fault: close() ends the hanging request', async () => {
    const mock = await startMock();
    mock.fail('any', { hang: true });
    const pending = classicToken(mock).catch((error: unknown) => error);
    await waitFor(() => mock.calls.token === 1);
    await mock.close();
    expect(await pending).toBeInstanceOf(Error);
  });

  it('close() ends delayed requests too', async () => {
    const mock = await startMock();
    mock.fail('token', { delayMs: 60_000 });
    const pending = classicToken(mock).catch((error: unknown) => error);
    await waitFor(() => mock.calls.token === 1);
    await mock.close();
    expect(await pending).toBeInstanceOf(Error);
  });

  it('drop fault: the socket is destroyed (a network error for the client)', async () => {
    const mock = await startMock();
    mock.fail('ticket', { drop: true });
    await expect(getTicket(mock, 'x')).rejects.toThrow();
    expect((await getTicket(mock, 'x')).body.errcode).toBe(40001);
  });

  it.each([
    [{ nope: 1 }, 1],
    [{ status: 42 }, 1],
    [{ delayMs: -1 }, 1],
    [{ hang: false }, 1],
    [{ errcode: -1 }, 0],
    [{ errcode: -1 }, 1.5],
  ])('fail(%j, times %s) throws a TypeError', (fault, times) => {
    const mock = createWechatMock();
    expect(() => mock.fail('token', fault as never, times)).toThrow(TypeError);
  });

  it('fail() with an unknown endpoint throws', () => {
    expect(() => createWechatMock().fail('tokens' as never, { hang: true })).toThrow(/unknown endpoint/);
  });
});

describe('createWechatMock: accounts and IP whitelist', () => {
  it('addAccount adds an account and changes the secret of a known one', async () => {
    const mock = await startMock();
    mock.addAccount({ appId: 'wxnew', appSecret: 's1' });
    tokenOf(await classicToken(mock, 'wxnew', 's1'));
    mock.addAccount({ appId: 'wxnew', appSecret: 's2' });
    expect((await classicToken(mock, 'wxnew', 's1')).body.errcode).toBe(40001);
    tokenOf(await classicToken(mock, 'wxnew', 's2'));
    expect(() => mock.addAccount({ appId: '', appSecret: 'x' })).toThrow(/appId/);
  });

  it('allowedIps: a caller not in the list gets 40164 with its IP, on both token endpoints', async () => {
    const mock = await startMock({ allowedIps: ['10.0.0.1'] });
    const classic = await classicToken(mock);
    expect(classic.body.errcode).toBe(40164);
    expect(classic.body.errmsg).toMatch(/^invalid ip 127\.0\.0\.1, not in whitelist rid: /);
    expect((await stable(mock)).body.errcode).toBe(40164);
    expect(mock.validTokens()).toEqual([]);
  });

  it('allowedIps: a listed caller gets tokens; the secret is checked first', async () => {
    const mock = await startMock({ allowedIps: ['127.0.0.1'] });
    tokenOf(await classicToken(mock));
    tokenOf(await stable(mock));
    const other = await startMock({ allowedIps: [] });
    expect((await classicToken(other, APPID, 'wrong')).body.errcode).toBe(40001);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}
