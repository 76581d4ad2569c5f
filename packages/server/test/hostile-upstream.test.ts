import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCredentials, type Account, type Credentials, type CredentialsConfig } from '../src/credentials.js';
import { ShareError } from '../src/errors.js';
import { MemoryStore } from '../src/stores/memory.js';
import { grantingTokens, hostileUpstream, json, type Handler, type HostileUpstream } from './helpers/hostile-upstream.js';
import { fakeClock, spyLogger } from './helpers/fakes.js';

const account: Account = Object.freeze({ appId: 'wx5f3a2b1c0d9e8f70', appSecret: '0123456789abcdef0123456789abcdef' });
const MIN = 60_000;

const open: { creds: Credentials; upstream?: HostileUpstream }[] = [];
afterEach(async () => {
  for (const { creds, upstream } of open.splice(0)) {
    await creds.close();
    await upstream?.close();
  }
});

async function setup(handler: Handler, overrides: Partial<CredentialsConfig> = {}) {
  const upstream = await hostileUpstream(handler);
  const clock = fakeClock();
  const logger = spyLogger();
  const store = new MemoryStore({ now: clock });
  const creds = createCredentials({ apiBase: upstream.apiBase, tokenMode: 'stable', logger, store, now: clock, ...overrides });
  open.push({ creds, upstream });
  return { upstream, clock, logger, store, creds };
}

const ticketAnswer = (expiresIn: unknown) => grantingTokens((res, n) => json(res, { errcode: 0, ticket: `TICKET_${n}_${'k'.repeat(80)}`, expires_in: expiresIn }));

/** `clients` concurrent ticket() calls every `stepMs` of injected time for `durationMs`; every outcome is kept. */
async function drive(creds: Credentials, clock: { advance(ms: number): void }, durationMs: number, stepMs = 100, clients = 10) {
  const outcomes: (ShareError | string)[] = [];
  for (let t = 0; t < durationMs; t += stepMs) {
    const round = await Promise.all(
      Array.from({ length: clients }, () => creds.ticket(account).then((ticket) => ticket.value, (err: ShareError) => err)),
    );
    outcomes.push(...round);
    clock.advance(stepMs);
  }
  return outcomes;
}

describe('lifetimes WeChat (or a gateway) states are bounded', () => {
  it.each([30, 61])('expires_in %i s: 10 clients for 20 s cost 1 getticket call, 2 minutes cost at most 3', async (expiresIn) => {
    const { upstream, clock, creds } = await setup(ticketAnswer(expiresIn));
    const first = await drive(creds, clock, 20_000);
    expect(first.every((o) => typeof o === 'string')).toBe(true);
    expect(upstream.calls.ticket).toBe(1);
    await drive(creds, clock, 100_000, 1000);
    // At most once a minute: at 0 s, 60 s and 120 s of the run.
    expect(upstream.calls.ticket).toBeLessThanOrEqual(3);
    expect(upstream.calls.ticket).toBeGreaterThanOrEqual(2);
    console.info(`expires_in ${expiresIn}: ${upstream.calls.ticket} getticket calls in 120 s of 10 clients`);
  });

  it('counts an expires_in of 1e20 as 7200 s, so the store can hold it and it is refreshed', async () => {
    const { clock, store, creds } = await setup(ticketAnswer(1e20));
    const ticket = await creds.ticket(account);
    expect(ticket.expiresAt).toBe(clock() + 7200_000);
    expect(store.get(`${account.appId}:jsapi_ticket`)?.expiresAt).toBe(clock() + 7200_000);
  });

  it.each([0, -5, '7200', null, Number.NaN])('treats expires_in %s as a malformed answer (503, retried, never used)', async (expiresIn) => {
    const { upstream, creds } = await setup(ticketAnswer(expiresIn), { retries: 1, backoffMs: [0] });
    await expect(creds.ticket(account)).rejects.toMatchObject({ code: 'wechat_unavailable', status: 503 });
    expect(upstream.calls.ticket).toBe(2);
  });
});

describe('an outage costs a bounded number of upstream calls', () => {
  const minusOneForever: Handler = (_req, res) => json(res, { errcode: -1, errmsg: 'system error' });

  it('WeChat answering -1 forever to 10 concurrent clients costs at most 10 upstream calls a minute per account', async () => {
    const { upstream, clock, creds } = await setup(minusOneForever);
    const outcomes = await drive(creds, clock, MIN);
    const calls = () => upstream.calls.token + upstream.calls.stable_token + upstream.calls.ticket;
    console.info(`-1 forever: ${calls()} upstream calls in the first minute`);
    expect(calls()).toBeLessThanOrEqual(10);
    expect(outcomes).toHaveLength(6000);
    for (const o of outcomes) expect(o).toMatchObject({ code: 'wechat_unavailable', status: 503 });
    const remembered = outcomes.filter((o) => o instanceof ShareError && o.retryAfterSeconds !== undefined);
    expect(remembered.length).toBeGreaterThan(5900);
    // The back-off grows to 30 s and stays there: the second minute costs 2 calls.
    const before = calls();
    await drive(creds, clock, MIN, 1000);
    console.info(`-1 forever: ${calls() - before} upstream calls in the second minute`);
    expect(calls() - before).toBeLessThanOrEqual(2);
  });

  it('connection refused costs no more than -1 does, and the first request after recovery gets its ticket', async () => {
    const upstream = await hostileUpstream(minusOneForever);
    const apiBase = upstream.apiBase;
    await upstream.close();
    const clock = fakeClock();
    const creds = createCredentials({ apiBase, tokenMode: 'stable', logger: spyLogger(), store: new MemoryStore({ now: clock }), now: clock });
    open.push({ creds });
    const outcomes = await drive(creds, clock, MIN);
    for (const o of outcomes) expect(o).toMatchObject({ code: 'wechat_unavailable' });
    expect(creds.stats().errors.network).toBeLessThanOrEqual(10);
  });

  it('keeps serving a still-valid ticket during the outage, without asking WeChat more than once per back-off step', async () => {
    let down = false;
    const { upstream, clock, creds } = await setup((req, res, endpoint) =>
      down ? minusOneForever(req, res, endpoint) : ticketAnswer(7200)(req, res, endpoint),
    );
    const ticket = await creds.ticket(account);
    down = true;
    clock.advance(7200_000 - 5 * MIN); // due for refresh ahead (past every renewal lead), 4 minutes still usable
    expect((await creds.ticket(account)).value).toBe(ticket.value);
    await vi.waitFor(() => expect(creds.stats().errors['-1']).toBe(3)); // the background refresh failed its retries
    const outcomes = await drive(creds, clock, MIN);
    expect(outcomes.every((o) => o === ticket.value)).toBe(true);
    expect(upstream.calls.ticket).toBeGreaterThanOrEqual(4);
    expect(upstream.calls.ticket - 1).toBeLessThanOrEqual(10);
  });
});

describe('upstream bodies and messages are bounded', () => {
  it('refuses a 400 MB answer after 64 KB without buffering it', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    const { upstream, creds } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 400 * chunk.length });
      let left = 400;
      const pump = () => {
        while (left > 0) {
          left--;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => (left = 0));
      pump();
    }, { retries: 0 });
    const rssBefore = process.memoryUsage().rss;
    const err = await creds.ticket(account).catch((e: ShareError) => e);
    const rssGrowth = process.memoryUsage().rss - rssBefore;
    expect(err).toMatchObject({ code: 'wechat_unavailable', status: 503 });
    expect((err as ShareError).message).toContain('larger than 64 KB');
    expect(upstream.bytesSent()).toBeLessThan(100 * chunk.length);
    expect(rssGrowth).toBeLessThan(64 * 1024 * 1024);
    console.info(`400 MB body: ${(upstream.bytesSent() / 1048576).toFixed(1)} MB sent before the cut, RSS growth ${(rssGrowth / 1048576).toFixed(1)} MB`);
  });

  it('cuts a 60 KB errmsg to a few hundred characters in the error and the log', async () => {
    const { creds, logger } = await setup(grantingTokens((res) => json(res, { errcode: 40164, errmsg: `invalid ip 1.2.3.4 ${'x '.repeat(30_000)}` })));
    const err = (await creds.ticket(account).catch((e: unknown) => e)) as ShareError;
    expect(err.status).toBe(502);
    expect(err.message).toContain('1.2.3.4');
    expect(err.message.length).toBeLessThan(1000);
    for (const line of logger.lines) expect(line.message.length).toBeLessThan(1000);
  });

  it('refuses an answer with a 5 MB errmsg unread (transient, short message) and logs no part of it', async () => {
    const { creds, logger } = await setup(grantingTokens((res) => json(res, { errcode: 40164, errmsg: 'x'.repeat(5 * 1024 * 1024) })), { retries: 0 });
    const err = (await creds.ticket(account).catch((e: unknown) => e)) as ShareError;
    expect(err).toMatchObject({ code: 'wechat_unavailable', status: 503 });
    expect(err.message.length).toBeLessThan(300);
    for (const line of logger.lines) expect(line.message.length).toBeLessThan(1000);
  });

  it('keeps the appSecret out of the answer and the log when WeChat echoes it in another letter case', async () => {
    const { creds, logger } = await setup((_req, res) => json(res, { errcode: 40125, errmsg: `invalid appsecret ${account.appSecret!.toUpperCase()}` }));
    const err = (await creds.ticket(account).catch((e: unknown) => e)) as ShareError;
    expect(err.status).toBe(502);
    const everything = [err.message, ...logger.lines.map((l) => l.message)].join('\n').toLowerCase();
    expect(everything).not.toContain(account.appSecret!.toLowerCase());
  });
});
