// The emulated WeCom API over real loopback HTTP: tokens per app secret, corp and app tickets, limits, errcodes.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createWecomApi, type WecomOptions } from '../../src/wecom/api.js';
import { fakeClock } from '../helpers.js';

const CORP = 'wwcorp000000000001';
const APPS = [
  { agentId: '1000002', secret: 'secret-a' },
  { agentId: '1000003', secret: 'secret-b' },
];

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

const start = async (options: WecomOptions = {}) => {
  const api = createWecomApi({ corps: [{ corpId: CORP, apps: APPS }], ...options });
  const server = createServer((req, res) => api.handle(req, res) || res.writeHead(404).end());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const get = async (path: string) => (await fetch(base + path)).json() as Promise<Record<string, unknown>>;
  const token = async (secret = 'secret-a') =>
    (await get(`/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${secret}`)).access_token as string;
  return { api, get, token };
};

describe('gettoken', () => {
  it('one token per app secret, the same while valid, 7200 s', async () => {
    const clock = fakeClock();
    const { get } = await start({ now: clock.now });
    const a = await get(`/cgi-bin/gettoken?corpid=${CORP}&corpsecret=secret-a`);
    expect(a).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200, access_token: expect.any(String) });
    clock.advance(1000_000);
    const again = await get(`/cgi-bin/gettoken?corpid=${CORP}&corpsecret=secret-a`);
    expect(again).toMatchObject({ access_token: a.access_token, expires_in: 7200 - 1000 });
    const b = await get(`/cgi-bin/gettoken?corpid=${CORP}&corpsecret=secret-b`);
    expect(b.access_token).not.toBe(a.access_token);
    clock.advance(6200_000);
    expect((await get(`/cgi-bin/gettoken?corpid=${CORP}&corpsecret=secret-a`)).access_token).not.toBe(a.access_token);
  });

  it('40013 invalid corpid, 40001 invalid secret, 41002/41004 missing; no secret in the answer', async () => {
    const { get, api } = await start();
    expect(await get('/cgi-bin/gettoken?corpid=wwother&corpsecret=secret-a')).toMatchObject({ errcode: 40013 });
    const wrong = await get(`/cgi-bin/gettoken?corpid=${CORP}&corpsecret=wrong-secret`);
    expect(wrong).toMatchObject({ errcode: 40001, errmsg: expect.stringContaining('invalid secret') });
    expect(JSON.stringify(wrong)).not.toContain('wrong-secret');
    expect(await get('/cgi-bin/gettoken?corpsecret=x')).toMatchObject({ errcode: 41002 });
    expect(await get(`/cgi-bin/gettoken?corpid=${CORP}`)).toMatchObject({ errcode: 41004 });
    expect(api.calls).toEqual({ gettoken: 4, corpTicket: 0, agentTicket: 0 });
  });
});

describe('tickets', () => {
  it('corp ticket and app ticket are different tickets, the app ticket belongs to the app of the token', async () => {
    const { get, token, api } = await start();
    const a = await token('secret-a');
    const corp = await get(`/cgi-bin/get_jsapi_ticket?access_token=${a}`);
    expect(corp).toMatchObject({ errcode: 0, ticket: expect.any(String), expires_in: 7200 });
    const agentA = await get(`/cgi-bin/ticket/get?access_token=${a}&type=agent_config`);
    const agentB = await get(`/cgi-bin/ticket/get?access_token=${await token('secret-b')}&type=agent_config`);
    expect(new Set([corp.ticket, agentA.ticket, agentB.ticket]).size).toBe(3);
    expect(api.validTickets('corp', CORP)).toEqual([corp.ticket]);
    expect(api.validTickets('agent', CORP, '1000002')).toEqual([agentA.ticket]);
    expect(api.validTickets('agent', CORP, '1000003')).toEqual([agentB.ticket]);
    expect(api.calls).toEqual({ gettoken: 2, corpTicket: 1, agentTicket: 2 });
  });

  it('40014 unknown or revoked token, 42001 expired, 41001 missing, 40005 without type=agent_config', async () => {
    const clock = fakeClock();
    const { get, token, api } = await start({ now: clock.now });
    expect(await get('/cgi-bin/get_jsapi_ticket')).toMatchObject({ errcode: 41001 });
    expect(await get('/cgi-bin/get_jsapi_ticket?access_token=unknown')).toMatchObject({ errcode: 40014 });
    const a = await token();
    expect(await get(`/cgi-bin/ticket/get?access_token=${a}`)).toMatchObject({ errcode: 40005 });
    api.invalidateTokens(CORP, '1000002');
    expect(await get(`/cgi-bin/get_jsapi_ticket?access_token=${a}`)).toMatchObject({ errcode: 40014 });
    const fresh = await token();
    expect(fresh).not.toBe(a);
    clock.advance(7200_000);
    expect(await get(`/cgi-bin/get_jsapi_ticket?access_token=${fresh}`)).toMatchObject({ errcode: 42001 });
  });

  it('60020 when the caller is not a trusted IP of the app, 48002 when the app may not use the API', async () => {
    const { get, token } = await start({
      corps: [
        {
          corpId: CORP,
          apps: [
            { agentId: '1', secret: 'secret-a', trustedIps: ['10.0.0.1'] },
            { agentId: '2', secret: 'secret-b', jsapi: false },
          ],
        },
      ],
    });
    expect(await get(`/cgi-bin/get_jsapi_ticket?access_token=${await token('secret-a')}`)).toMatchObject({ errcode: 60020 });
    const b = await token('secret-b');
    expect(await get(`/cgi-bin/ticket/get?access_token=${b}&type=agent_config`)).toMatchObject({ errcode: 48002 });
  });

  it('at most 100 ticket fetches an hour per app and 400 per corp (45009), counted over a sliding hour', async () => {
    const clock = fakeClock();
    const apps = Array.from({ length: 5 }, (_, i) => ({ agentId: String(i), secret: `s${i}` }));
    const { get, token } = await start({ now: clock.now, corps: [{ corpId: CORP, apps }] });
    const tokens = await Promise.all(apps.map((app) => token(app.secret)));
    const fetchTicket = (i: number) => get(`/cgi-bin/get_jsapi_ticket?access_token=${tokens[i]}`);
    for (let n = 0; n < 100; n++) expect(await fetchTicket(0)).toMatchObject({ errcode: 0 });
    expect(await fetchTicket(0)).toMatchObject({ errcode: 45009 });
    for (const i of [1, 2, 3]) for (let n = 0; n < 100; n++) await fetchTicket(i);
    expect(await fetchTicket(4)).toMatchObject({ errcode: 45009 }); // the corp's 400 are used
    clock.advance(3_600_000);
    expect(await fetchTicket(4)).toMatchObject({ errcode: 0 });
  });

  it('answers no other path', async () => {
    const api = createWecomApi();
    const res = { writeHead: () => res, end: () => {} } as never;
    expect(api.handle({ url: '/cgi-bin/token', method: 'GET' } as never, res)).toBe(false);
  });
});

describe('createWechatMock serves WeCom on the same listener', () => {
  it('gettoken and tickets beside WeChat’s routes, with their own counters', async () => {
    const { startMock } = await import('../helpers.js');
    const mock = await startMock({ wecom: { corps: [{ corpId: CORP, apps: APPS }] } });
    const token = (await (await fetch(`${mock.url}/cgi-bin/gettoken?corpid=${CORP}&corpsecret=secret-b`)).json()) as {
      access_token: string;
    };
    const ticket = await (await fetch(`${mock.url}/cgi-bin/ticket/get?access_token=${token.access_token}&type=agent_config`)).json();
    expect(ticket).toMatchObject({ errcode: 0, ticket: mock.wecom.validTickets('agent', CORP, '1000003')[0] });
    expect(mock.wecom.calls).toEqual({ gettoken: 1, corpTicket: 0, agentTicket: 1 });
    expect(mock.calls).toEqual({ token: 0, stableToken: 0, ticket: 0 });
    expect((await fetch(`${mock.url}/cgi-bin/nothing`)).status).toBe(404);
  });
});
