import { createWechatMock, type MockOptions, type WechatMock } from '@share/wechat-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCredentials, type Account, type Credentials, type CredentialsConfig } from '../src/credentials.js';
import { ShareError } from '../src/errors.js';
import { MemoryStore } from '../src/stores/memory.js';
import type { CredentialStore } from '../src/stores/store.js';
import { fakeStoreHub } from './helpers/fake-store.js';
import { API_BASE, APP_ID, APP_SECRET, fakeWechat, type FakeWechat } from './helpers/fake-wechat.js';
import { fakeClock, spyLogger } from './helpers/fakes.js';

const account: Account = Object.freeze({ appId: APP_ID, appSecret: APP_SECRET });
const MIN = 60_000;
/** What a loaded machine may add to a timer: a bound "within requestTimeoutMs" is asserted as the bound plus this. */
const TIMER_SLACK_MS = 1000;

const open: { creds: Credentials; wechat?: FakeWechat }[] = [];
afterEach(async () => {
  for (const { creds, wechat } of open.splice(0)) {
    await creds.close();
    await wechat?.close();
  }
});

function setup(overrides: Partial<CredentialsConfig> = {}, fake: { ticketTtlSeconds?: number; tokenTtlSeconds?: number } = {}) {
  const clock = fakeClock();
  const wechat = fakeWechat({ now: clock, ...fake });
  const logger = spyLogger();
  const creds = createCredentials({
    apiBase: API_BASE,
    tokenMode: 'stable',
    logger,
    store: new MemoryStore({ now: clock }),
    now: clock,
    dispatcher: wechat.agent,
    backoffMs: [0],
    lockPollMs: 5,
    ...overrides,
  });
  open.push({ creds, wechat });
  return { clock, wechat, logger, creds };
}

/** Another instance of the app: its own credentials on the same fake WeChat, clock and shared store. */
function secondInstance(first: ReturnType<typeof setup>, store: CredentialStore): Credentials {
  const creds = createCredentials({
    apiBase: API_BASE, tokenMode: 'stable', logger: spyLogger(), store, now: first.clock,
    dispatcher: first.wechat.agent, lockPollMs: 5,
  });
  open.push({ creds });
  return creds;
}

/** Lets background work (a refresh ahead) finish. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

async function rejection(promise: Promise<unknown>): Promise<ShareError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ShareError);
  return err as ShareError;
}

describe('coalescing and caching', () => {
  it('makes exactly one stable_token call and one ticket call for 500 concurrent cold requests', async () => {
    const { wechat, creds } = setup();
    const tickets = await Promise.all(Array.from({ length: 500 }, () => creds.ticket(account)));
    expect(wechat.calls).toEqual({ token: 0, stable_token: 1, ticket: 1 });
    expect(new Set(tickets.map((t) => t.value)).size).toBe(1);
    expect(wechat.validTickets()).toContain(tickets[0]!.value);
    expect(creds.stats().upstream).toEqual({ token: 0, stableToken: 1, ticket: 1 });
  });

  it('sends the stable_token request WeChat documents, with force_refresh false', async () => {
    const { wechat, creds } = setup();
    await creds.ticket(account);
    const call = wechat.requests.find((r) => r.endpoint === 'stable_token');
    expect(call?.method).toBe('POST');
    expect(JSON.parse(call?.body ?? '')).toEqual({
      grant_type: 'client_credential',
      appid: APP_ID,
      secret: APP_SECRET,
      force_refresh: false,
    });
  });

  it("uses GET /cgi-bin/token in 'classic' mode", async () => {
    const { wechat, creds } = setup({ tokenMode: 'classic' });
    await creds.ticket(account);
    expect(wechat.calls).toEqual({ token: 1, stable_token: 0, ticket: 1 });
    const query = new URL(wechat.requests[0]!.path, API_BASE).searchParams;
    expect(Object.fromEntries(query)).toEqual({ grant_type: 'client_credential', appid: APP_ID, secret: APP_SECRET });
  });

  it('serves the cached ticket without asking WeChat and counts the hits', async () => {
    const { wechat, creds } = setup();
    const first = await creds.ticket(account);
    const second = await creds.ticket(account);
    expect(second).toEqual(first);
    expect(wechat.calls.ticket).toBe(1);
    expect(creds.stats().cacheHits).toBe(1);
    expect(first.expiresAt).toBe(Date.UTC(2025, 0, 1, 12) + 7200_000);
  });

  it('keeps each account apart and never evicts one, however many there are', async () => {
    const { wechat, creds } = setup({ store: { get: () => undefined, set: () => {}, delete: () => {} } });
    const accounts = Array.from({ length: 150 }, (_, i) => ({ appId: `wx${String(i).padStart(3, '0')}`, appSecret: APP_SECRET }));
    const first = await Promise.all(accounts.map((account) => creds.ticket(account)));
    expect(new Set(first.map((t) => t.value)).size).toBe(150);
    expect(wechat.calls.ticket).toBe(150);
    const again = await Promise.all(accounts.map((account) => creds.ticket(account)));
    expect(again.map((t) => t.value)).toEqual(first.map((t) => t.value));
    expect(wechat.calls).toEqual({ token: 0, stable_token: 150, ticket: 150 });
  });
});

describe('expiry and refresh ahead (fake clock)', () => {
  it('treats a ticket as expired safetyMarginMs before WeChat does', async () => {
    const { clock, wechat, creds } = setup({ safetyMarginMs: MIN, refreshAheadMs: 0 });
    const first = await creds.ticket(account);
    clock.advance(7200_000 - MIN - 1);
    expect((await creds.ticket(account)).value).toBe(first.value);
    clock.advance(1);
    const second = await creds.ticket(account);
    expect(second.value).not.toBe(first.value);
    expect(wechat.calls.ticket).toBe(2);
  });

  it('refreshes ahead in the background, serving the valid ticket meanwhile, once for a burst', async () => {
    const { clock, wechat, creds } = setup({ refreshAheadMs: 10 * MIN });
    const first = await creds.ticket(account);
    clock.advance(7200_000 - 5 * MIN); // past every slot's renewal lead (aheadMs minus 10 to 50 %)
    const during = await Promise.all(Array.from({ length: 50 }, () => creds.ticket(account)));
    expect(during.every((t) => t.value === first.value)).toBe(true);
    await vi.waitFor(() => expect(creds.stats().refreshes).toBe(2));
    expect(wechat.calls.ticket).toBe(2);
    const after = await creds.ticket(account);
    expect(after.value).not.toBe(first.value);
    expect(after.expiresAt).toBe(clock() + 7200_000);
    expect(wechat.calls.ticket).toBe(2);
  });

  it('does not loop when WeChat keeps answering short lifetimes (stable token ~300 s, ticket below refreshAheadMs)', async () => {
    const { clock, wechat, creds } = setup(
      { refreshAheadMs: 10 * MIN, minFetchIntervalMs: MIN },
      { ticketTtlSeconds: 400, tokenTtlSeconds: 400 },
    );
    await creds.ticket(account);
    for (let i = 0; i < 30; i++) {
      await creds.ticket(account);
      await settle();
      clock.advance(300); // 9 s in total
    }
    expect(wechat.calls.ticket).toBe(1);
    clock.advance(MIN);
    await creds.ticket(account);
    await vi.waitFor(() => expect(creds.stats().refreshes).toBe(2));
    expect(wechat.calls.ticket).toBe(2);
    expect(wechat.calls.stable_token).toBe(1);
  });

  it('keeps serving the valid ticket when a background refresh fails, and logs it', async () => {
    const { clock, wechat, logger, creds } = setup({ refreshAheadMs: 10 * MIN });
    const first = await creds.ticket(account);
    clock.advance(7200_000 - 5 * MIN);
    wechat.fail('ticket', { status: 500 }, 3);
    expect((await creds.ticket(account)).value).toBe(first.value);
    await vi.waitFor(() =>
      expect(logger.lines.some((l) => l.level === 'warn' && /background refresh failed/.test(l.message))).toBe(true),
    );
    expect(wechat.calls.ticket).toBe(4);
    expect((await creds.ticket(account)).value).toBe(first.value);
  });

  it('does not fetch a stable token again while the cached one is usable', async () => {
    const { clock, wechat, creds } = setup({ refreshAheadMs: 0 }, { ticketTtlSeconds: 600 });
    await creds.ticket(account);
    clock.advance(600_000);
    await creds.ticket(account);
    expect(wechat.calls).toEqual({ token: 0, stable_token: 1, ticket: 2 });
  });
});

describe('getAccessToken', () => {
  it('never fetches tokens, still caches the ticket', async () => {
    const { wechat, creds } = setup();
    const central = { appId: APP_ID, getAccessToken: vi.fn(async () => wechat.validTokens()[0] ?? issue(wechat)) };
    await Promise.all(Array.from({ length: 20 }, () => creds.ticket(central)));
    expect(central.getAccessToken).toHaveBeenCalledTimes(1);
    expect(wechat.calls.ticket).toBe(1);
  });

  it('calls getAccessToken again once when getticket answers 40001', async () => {
    const { wechat, creds } = setup();
    const getAccessToken = vi.fn().mockResolvedValueOnce('kicked-token').mockImplementation(async () => issue(wechat));
    const ticket = await creds.ticket({ appId: APP_ID, getAccessToken });
    expect(getAccessToken).toHaveBeenCalledTimes(2);
    expect(wechat.validTickets()).toContain(ticket.value);
  });

  it('answers 503 when getAccessToken throws', async () => {
    const { creds } = setup();
    const err = await rejection(creds.ticket({ appId: APP_ID, getAccessToken: async () => Promise.reject(new Error('boom')) }));
    expect([err.code, err.status]).toEqual(['wechat_unavailable', 503]);
    expect(err.message).toMatch(/getAccessToken failed.*boom/);
  });
});

/** Gets a valid token out of the fake by a classic token call of its own. */
async function issue(wechat: FakeWechat): Promise<string> {
  const res = await wechat.agent.request({
    origin: API_BASE,
    path: `/cgi-bin/token?grant_type=client_credential&appid=${APP_ID}&secret=${APP_SECRET}`,
    method: 'GET',
  });
  const body = (await res.body.json()) as { access_token: string };
  wechat.calls.token--;
  return body.access_token;
}

describe('token stale', () => {
  it('drops the refused token (locally and in the store), fetches a new one once and retries getticket once', async () => {
    const hub = fakeStoreHub();
    const { clock, wechat, creds } = setup({ store: hub.view() });
    hub.setFromElsewhere(`${APP_ID}:access_token`, { value: 'kicked-by-someone', expiresAt: clock() + 3600_000 });
    const ticket = await creds.ticket(account);
    expect(wechat.validTickets()).toContain(ticket.value);
    expect(wechat.calls).toEqual({ token: 0, stable_token: 1, ticket: 2 });
    expect(hub.log).toContain(`delete ${APP_ID}:access_token`);
    expect(hub.data.get(`${APP_ID}:access_token`)?.value).toBe(wechat.validTokens()[0]);
  });

  it.each([40001, 40014, 42001])('recovers from errcode %i on getticket', async (errcode) => {
    const { wechat, creds } = setup();
    wechat.fail('ticket', { errcode });
    const ticket = await creds.ticket(account);
    expect(wechat.validTickets()).toContain(ticket.value);
    expect(wechat.calls.ticket).toBe(2);
    expect(creds.stats().errors[String(errcode)]).toBe(1);
  });

  it('gives up with 502 when the new token is refused too', async () => {
    const { wechat, creds } = setup();
    wechat.fail('ticket', { errcode: 40001 }, 2);
    const err = await rejection(creds.ticket(account));
    expect([err.code, err.status, err.errcode]).toEqual(['wechat_error', 502, 40001]);
    expect(err.message).toMatch(/another service may be fetching classic tokens/);
    expect(wechat.calls.ticket).toBe(2);
  });
});

describe('transient failures', () => {
  it.each([
    ['errcode -1', { errcode: -1 }, '-1'],
    ['HTTP 500', { status: 500 }, 'http_5xx'],
    ['a non-JSON answer', { badJson: true as const }, 'bad_response'],
  ])('retries %s with backoff and then succeeds', async (_name, fault, key) => {
    const { wechat, creds } = setup();
    wechat.fail('stable_token', fault, 2);
    const ticket = await creds.ticket(account);
    expect(wechat.validTickets()).toContain(ticket.value);
    expect(wechat.calls.stable_token).toBe(3);
    expect(creds.stats().errors[key]).toBe(2);
  });

  it('stops after `retries` and answers 503 wechat_unavailable', async () => {
    const { wechat, creds } = setup({ retries: 1 });
    wechat.fail('ticket', { status: 502 }, 5);
    const err = await rejection(creds.ticket(account));
    expect([err.code, err.status]).toEqual(['wechat_unavailable', 503]);
    expect(err.message).toMatch(/after 2 attempts/);
    expect(wechat.calls.ticket).toBe(2);
  });

  it('times out a hanging WeChat and answers 504 within requestTimeoutMs', async () => {
    const requestTimeoutMs = 150;
    const { wechat, creds } = setup({ upstreamTimeoutMs: 40, requestTimeoutMs, retries: 10 });
    wechat.fail('stable_token', { hang: true }, 100);
    const started = performance.now();
    const err = await rejection(creds.ticket(account));
    const took = performance.now() - started;
    expect([err.code, err.status]).toEqual(['wechat_unavailable', 504]);
    expect(took).toBeLessThan(requestTimeoutMs + TIMER_SLACK_MS);
    expect(creds.stats().errors.timeout).toBeGreaterThanOrEqual(1);
  });

  it('settles within requestTimeoutMs even when a slow token eats the budget', async () => {
    const requestTimeoutMs = 120;
    const { wechat, creds } = setup({ upstreamTimeoutMs: 100, requestTimeoutMs });
    wechat.fail('stable_token', { delayMs: 90 });
    wechat.fail('ticket', { hang: true }, 5);
    const started = performance.now();
    const err = await rejection(creds.ticket(account));
    expect(err.status).toBe(504);
    expect(performance.now() - started).toBeLessThan(requestTimeoutMs + TIMER_SLACK_MS);
  });

  it('remembers a transient failure for outageBackoffMs: 503 with Retry-After and no call, then asks again', async () => {
    const { clock, wechat, creds } = setup({ retries: 0, outageBackoffMs: 1000 });
    wechat.fail('stable_token', { status: 503 });
    await rejection(creds.ticket(account));
    const remembered = await rejection(creds.ticket(account));
    expect(remembered).toMatchObject({ code: 'wechat_unavailable', status: 503, retryAfterSeconds: 1 });
    expect(wechat.calls.stable_token).toBe(1);
    clock.advance(1000);
    await creds.ticket(account);
    expect(wechat.calls.stable_token).toBe(2);
  });
});

describe('configuration and quota errors', () => {
  it('does not retry 40125, remembers it for errorCooldownMs and keeps a burst to one upstream call', async () => {
    const { clock, wechat, logger, creds } = setup({ errorCooldownMs: 30_000 });
    wechat.fail('stable_token', { errcode: 40125, errmsg: 'invalid appsecret rid: 6523ab0c-1f2e3d4c-5b6a7980' }, 1000);
    const errors = await Promise.all(Array.from({ length: 500 }, () => rejection(creds.ticket(account))));
    const later = await Promise.all(Array.from({ length: 500 }, () => rejection(creds.ticket(account))));
    expect(wechat.calls.stable_token).toBe(1);
    for (const err of [...errors, ...later]) {
      expect(err.toJSON()).toEqual({
        error: { code: 'wechat_error', message: expect.stringContaining('invalid appsecret') as string, errcode: 40125 },
      });
      expect(err.status).toBe(502);
      expect(err.message).toMatch(/AppSecret is not valid.*WX_APPSECRET/);
    }
    expect(creds.stats().cooldownHits).toBe(500);
    expect(logger.lines.filter((l) => l.level === 'error')).toHaveLength(1);
    clock.advance(30_000);
    await rejection(creds.ticket(account));
    expect(wechat.calls.stable_token).toBe(2);
  });

  it.each([40001, 40002, 40013, 40164, 40243, 41002, 41004, 48001, 50002, 89503])(
    'treats errcode %i from the token call as configuration (no retry, 502)',
    async (errcode) => {
      const { wechat, creds } = setup();
      wechat.fail('stable_token', { errcode }, 10);
      const err = await rejection(creds.ticket(account));
      expect([err.code, err.status, err.errcode]).toEqual(['wechat_error', 502, errcode]);
      expect(wechat.calls.stable_token).toBe(1);
    },
  );

  it('tells the person which egress IP to whitelist on 40164', async () => {
    const { wechat, creds } = setup();
    wechat.fail('stable_token', { errcode: 40164, errmsg: 'invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist rid: 65f0-2a' });
    const err = await rejection(creds.ticket(account));
    expect(err.message).toMatch(/egress IP 203\.0\.113\.7 to the IP whitelist in the WeChat console/);
  });

  it('remembers a quota error (45009) for quotaCooldownMs, longer than errorCooldownMs', async () => {
    const { clock, wechat, creds } = setup({ errorCooldownMs: 30_000, quotaCooldownMs: 300_000 });
    wechat.fail('ticket', { errcode: 45009, errmsg: 'reach max api daily quota limit' }, 10);
    const err = await rejection(creds.ticket(account));
    expect([err.status, err.errcode]).toEqual([502, 45009]);
    clock.advance(60_000);
    await rejection(creds.ticket(account));
    expect(wechat.calls.ticket).toBe(1);
    clock.advance(240_000);
    await rejection(creds.ticket(account));
    expect(wechat.calls.ticket).toBe(2);
  });

  it('refresh() clears a remembered error', async () => {
    const { wechat, creds } = setup();
    wechat.fail('stable_token', { errcode: 40125 });
    await rejection(creds.ticket(account));
    await creds.refresh(account);
    await creds.ticket(account);
    expect(wechat.calls.stable_token).toBe(2);
  });
});

describe('secrets', () => {
  it('never puts the secret, a token or a ticket in an error, a log line or stats, even when WeChat echoes them', async () => {
    const { clock, wechat, logger, creds } = setup({ refreshAheadMs: 10 * MIN, retries: 0 });
    const seen: string[] = [];
    const collect = (p: Promise<unknown>) => p.catch((e: Error) => void seen.push(e.message, JSON.stringify(e)));

    wechat.fail('stable_token', { errcode: 40125, errmsg: `invalid appsecret ${APP_SECRET} hint: [secret=${APP_SECRET}]` });
    await collect(creds.ticket(account));
    await creds.refresh(account);
    const ticket = await creds.ticket(account);
    const token = wechat.validTokens()[0]!;
    clock.advance(7200_000 - 5 * MIN);
    wechat.fail('ticket', { errcode: 48001, errmsg: `api unauthorized ticket:${ticket.value} token ${token}` });
    expect((await creds.ticket(account)).value).toBe(ticket.value);
    await vi.waitFor(() => expect(logger.lines.some((l) => /background refresh failed/.test(l.message))).toBe(true));
    wechat.fail('ticket', { errcode: 40001, errmsg: `invalid credential, access_token=${token}` }, 2);
    await collect(creds.refresh(account));

    const everything = [...seen, ...logger.lines.map((l) => l.message), JSON.stringify(creds.stats())].join('\n');
    expect(seen.length).toBeGreaterThan(0);
    expect(logger.lines.length).toBeGreaterThan(0);
    for (const secret of wechat.secrets()) expect(everything).not.toContain(secret);
  });
});

describe('refresh()', () => {
  it('drops token and ticket and refetches them now; concurrent calls share one refetch', async () => {
    const { wechat, creds } = setup({ tokenMode: 'classic' });
    const first = await creds.ticket(account);
    await Promise.all([creds.refresh(account), creds.refresh(account), creds.refresh(account)]);
    expect(wechat.calls).toEqual({ token: 2, stable_token: 0, ticket: 2 });
    const second = await creds.ticket(account);
    expect(second.value).not.toBe(first.value);
    expect(wechat.calls.ticket).toBe(2);
    expect(creds.stats().refreshes).toBe(2);
  });

  it('rejects with the ShareError when the refetch fails', async () => {
    const { wechat, creds } = setup();
    wechat.fail('stable_token', { errcode: 40013 });
    const err = await rejection(creds.refresh(account));
    expect(err.errcode).toBe(40013);
  });
});

describe('store coordination', () => {
  it('uses a valid ticket from the store without asking WeChat', async () => {
    const hub = fakeStoreHub();
    const { clock, wechat, creds } = setup({ store: hub.view() });
    hub.setFromElsewhere(`${APP_ID}:jsapi_ticket`, { value: 'shared-ticket', expiresAt: clock() + 3600_000 });
    expect((await creds.ticket(account)).value).toBe('shared-ticket');
    expect(wechat.calls).toEqual({ token: 0, stable_token: 0, ticket: 0 });
    expect(creds.stats().storeHits).toBe(1);
  });

  it('ignores a store value inside the safety margin', async () => {
    const hub = fakeStoreHub();
    const { clock, wechat, creds } = setup({ store: hub.view() });
    hub.setFromElsewhere(`${APP_ID}:jsapi_ticket`, { value: 'almost-gone', expiresAt: clock() + 30_000 });
    expect((await creds.ticket(account)).value).not.toBe('almost-gone');
    expect(wechat.calls.ticket).toBe(1);
  });

  it('takes the lock, fetches, writes both keys and releases', async () => {
    const hub = fakeStoreHub();
    const view = hub.view();
    const { creds } = setup({ store: view });
    const ticket = await creds.ticket(account);
    expect(hub.data.get(`${APP_ID}:jsapi_ticket`)).toEqual(ticket);
    expect(hub.data.get(`${APP_ID}:access_token`)?.value).toMatch(/^TOKEN_/);
    // Each credential under its own lock: the token's, then the ticket's.
    expect(hub.log).toContain(`lock ${APP_ID}:access_token`);
    expect(hub.log).toContain(`lock ${APP_ID}:jsapi_ticket`);
    expect(view.released).toBe(2);
    expect(hub.locks.size).toBe(0);
  });

  it('two instances sharing a store make one token call and one ticket call between them', async () => {
    const hub = fakeStoreHub();
    const a = setup({ store: hub.view() });
    const b = secondInstance(a, hub.view());
    const tickets = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 ? a.creds : b).ticket(account)),
    );
    expect(new Set(tickets.map((t) => t.value)).size).toBe(1);
    expect(a.wechat.calls).toEqual({ token: 0, stable_token: 1, ticket: 1 });
  });

  it('waits for the lock holder and takes its value', async () => {
    const hub = fakeStoreHub();
    const { clock, wechat, creds } = setup({ store: hub.view() });
    hub.holdLock(`${APP_ID}:jsapi_ticket`, 5000);
    setTimeout(() => hub.setFromElsewhere(`${APP_ID}:jsapi_ticket`, { value: 'from-holder', expiresAt: clock() + 7200_000 }), 30);
    expect((await creds.ticket(account)).value).toBe('from-holder');
    expect(wechat.calls.ticket).toBe(0);
  });

  it('tries the lock again once its ttl passes, and fetches itself when the holder delivered nothing', async () => {
    const hub = fakeStoreHub();
    const { wechat, creds } = setup({ store: hub.view() });
    const key = `${APP_ID}:jsapi_ticket`;
    hub.holdLock(key, 60_000);
    const refused = hub.waitForRefusal(key);
    const loading = creds.ticket(account);
    await refused;
    expect(wechat.calls.ticket).toBe(0); // waiting for the holder
    hub.expireLock(key);
    const ticket = await loading;
    expect(wechat.validTickets()).toContain(ticket.value);
    expect(wechat.calls.ticket).toBe(1);
    expect(hub.log.filter((l) => l === `lock ${key}`).length).toBeGreaterThanOrEqual(2);
  });

  it('a dead holder: once its lock expires, exactly one waiting instance takes over and the others take its value', async () => {
    const hub = fakeStoreHub();
    const a = setup({ store: hub.view() });
    const b = secondInstance(a, hub.view());
    hub.holdLock(`${APP_ID}:jsapi_ticket`, 100); // taken by an instance that then died
    const tickets = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a.creds : b).ticket(account)));
    expect(new Set(tickets.map((t) => t.value)).size).toBe(1);
    expect(a.wechat.calls).toEqual({ token: 0, stable_token: 1, ticket: 1 });
  });

  it('stops waiting for a stuck holder in time to fetch itself within requestTimeoutMs', async () => {
    const hub = fakeStoreHub();
    const requestTimeoutMs = 3000;
    const { wechat, logger, creds } = setup({ store: hub.view(), lockTtlMs: 10_000, requestTimeoutMs, upstreamTimeoutMs: 2500 });
    hub.holdLock(`${APP_ID}:jsapi_ticket`, 10_000);
    const started = performance.now();
    await creds.ticket(account);
    expect(performance.now() - started).toBeLessThan(requestTimeoutMs);
    expect(wechat.calls.ticket).toBe(1);
    expect(logger.lines.some((l) => /holds the refresh lock/.test(l.message))).toBe(true);
  });

  it('drops the local copy when another instance changes the key', async () => {
    const hub = fakeStoreHub();
    const view = hub.view();
    const { clock, creds } = setup({ store: view });
    await creds.ticket(account);
    hub.setFromElsewhere(`${APP_ID}:jsapi_ticket`, { value: 'newer', expiresAt: clock() + 7200_000 });
    expect((await creds.ticket(account)).value).toBe('newer');
    await creds.close();
    expect(view.unsubscribed).toBe(1);
  });

  it('carries on in process when the store throws, warns once per outage, and uses it again when it answers', async () => {
    const hub = fakeStoreHub();
    const { clock, wechat, logger, creds } = setup({ store: hub.view(), refreshAheadMs: 0 }, { ticketTtlSeconds: 120 });
    hub.setBroken(true);
    for (let i = 0; i < 20; i++) await creds.ticket(account);
    expect(wechat.calls.ticket).toBe(1);
    expect(logger.lines.filter((l) => /credential store failed/.test(l.message))).toHaveLength(1);
    expect(creds.stats().storeErrors).toBeGreaterThan(0);

    hub.setBroken(false);
    clock.advance(120_000);
    await creds.ticket(account);
    expect(logger.lines.filter((l) => /store answers again/.test(l.message))).toHaveLength(1);
    expect(hub.data.has(`${APP_ID}:jsapi_ticket`)).toBe(true);
  });

  it('does not ask a failing store again for 5 s (injected clock), then does', async () => {
    const hub = fakeStoreHub();
    const { clock, wechat, creds } = setup({ store: hub.view(), refreshAheadMs: 0, minFetchIntervalMs: 1000 }, { ticketTtlSeconds: 62 });
    hub.setBroken(true);
    await creds.ticket(account);
    const calls = hub.log.length;
    clock.advance(2_000); // the ticket (usable for 2 s) is due again, 2 s into the outage
    await creds.ticket(account);
    expect(wechat.calls.ticket).toBe(2);
    expect(hub.log.length).toBe(calls);
    clock.advance(3_000);
    await creds.ticket(account);
    expect(wechat.calls.ticket).toBe(3);
    expect(hub.log.length).toBeGreaterThan(calls);
  });

  it('takes a store value that is already due for refresh ahead, and refreshes it soon after', async () => {
    const hub = fakeStoreHub();
    const { clock, wechat, creds } = setup({ store: hub.view(), refreshAheadMs: 10 * MIN });
    hub.setFromElsewhere(`${APP_ID}:jsapi_ticket`, { value: 'short-lived', expiresAt: clock() + 5 * MIN });
    expect((await creds.ticket(account)).value).toBe('short-lived');
    expect((await creds.ticket(account)).value).toBe('short-lived');
    await vi.waitFor(() => expect(creds.stats().refreshes).toBe(2));
    expect(wechat.calls.ticket).toBe(1);
    expect((await creds.ticket(account)).value).not.toBe('short-lived');
  });

  it('does not call a slow subscription a store failure, and close() does not wait for it', async () => {
    const hub = fakeStoreHub();
    const view = hub.view();
    let resolve: (unsubscribe: () => void) => void = () => {};
    const slow: CredentialStore = { ...view, subscribe: () => new Promise((r) => (resolve = r)) };
    const { logger, creds } = setup({ store: slow, storeTimeoutMs: 10 });
    await creds.ticket(account);
    await new Promise((r) => setTimeout(r, 30));
    expect(logger.lines.filter((l) => /store failed/.test(l.message))).toEqual([]);
    await creds.close();
    const unsubscribe = vi.fn();
    resolve(unsubscribe);
    await vi.waitFor(() => expect(unsubscribe).toHaveBeenCalledTimes(1));
  });

  it('treats a store that never answers as failed after storeTimeoutMs', async () => {
    const never: CredentialStore = { get: () => new Promise(() => {}), set: () => {}, delete: () => {} };
    const { wechat, logger, creds } = setup({ store: never, storeTimeoutMs: 20 });
    await creds.ticket(account);
    expect(wechat.calls.ticket).toBe(1);
    expect(logger.lines.some((l) => /no answer within 20 ms/.test(l.message))).toBe(true);
  });
});

describe('close()', () => {
  it('ends calls under way and refuses new ones', async () => {
    const { wechat, creds } = setup();
    wechat.fail('stable_token', { hang: true });
    const pending = rejection(creds.ticket(account));
    await settle();
    await creds.close();
    const err = await pending;
    expect(err.status).toBe(503);
    expect((await rejection(creds.ticket(account))).message).toMatch(/closed/);
  });
});

describe('against @share/wechat-mock over loopback HTTP', () => {
  const real = { appId: 'wx5f3a2b1c0d9e8f70', appSecret: '0123456789abcdef0123456789abcdef' };
  const mocks: WechatMock[] = [];
  afterEach(async () => {
    for (const mock of mocks.splice(0)) await mock.close();
  });

  async function loopback(overrides: Partial<CredentialsConfig> = {}, options: MockOptions = {}) {
    const clock = fakeClock();
    const mock = createWechatMock({ accounts: [real], now: clock, ...options });
    mocks.push(mock);
    const logger = spyLogger();
    const creds = createCredentials({
      apiBase: await mock.listen(),
      tokenMode: 'stable',
      logger,
      store: new MemoryStore({ now: clock }),
      now: clock,
      backoffMs: [0],
      ...overrides,
    });
    open.push({ creds });
    return { clock, mock, logger, creds };
  }

  it.each(['stable', 'classic'] as const)('makes 1 token call and 1 ticket call for 500 concurrent cold requests (%s)', async (tokenMode) => {
    const { mock, creds } = await loopback({ tokenMode });
    const tickets = await Promise.all(Array.from({ length: 500 }, () => creds.ticket(real)));
    expect(new Set(tickets.map((t) => t.value)).size).toBe(1);
    expect(mock.validTickets(real.appId)).toContain(tickets[0]!.value);
    expect(mock.calls).toEqual(
      tokenMode === 'stable' ? { token: 0, stableToken: 1, ticket: 1 } : { token: 1, stableToken: 0, ticket: 1 },
    );
  });

  it('refreshes ahead and on expiry by the injected clock, without sleeping', async () => {
    const { clock, mock, creds } = await loopback({ refreshAheadMs: 10 * MIN });
    const first = await creds.ticket(real);
    clock.advance(7200_000 - 5 * MIN); // past every slot's renewal lead (aheadMs minus 10 to 50 %)
    expect((await creds.ticket(real)).value).toBe(first.value);
    await vi.waitFor(() => expect(creds.stats().refreshes).toBe(2));
    const second = await creds.ticket(real);
    expect(second.value).not.toBe(first.value);
    expect(mock.validTickets(real.appId)).toContain(second.value);
    clock.advance(7200_000);
    const third = await creds.ticket(real);
    expect(mock.validTickets(real.appId)).toEqual([third.value]);
    expect(mock.calls.ticket).toBe(3);
  });

  it('recovers when WeChat invalidates the token (40001 on getticket)', async () => {
    const { clock, mock, creds } = await loopback({ refreshAheadMs: 0 }, { ticketTtlSeconds: 600 });
    await creds.ticket(real);
    mock.invalidateTokens(real.appId);
    clock.advance(600_000);
    const ticket = await creds.ticket(real);
    expect(mock.validTickets(real.appId)).toContain(ticket.value);
    expect(mock.calls).toEqual({ token: 0, stableToken: 2, ticket: 3 });
    expect(creds.stats().errors['40001']).toBe(1);
  });

  it('retries -1, HTTP 500 and a dropped connection, then succeeds', async () => {
    const { mock, creds } = await loopback({ retries: 3 });
    mock.fail('stable_token', { errcode: -1 });
    mock.fail('stable_token', { status: 500 });
    mock.fail('stable_token', { drop: true });
    const ticket = await creds.ticket(real);
    expect(mock.validTickets(real.appId)).toContain(ticket.value);
    expect(mock.calls.stableToken).toBe(4);
    expect(creds.stats().errors).toMatchObject({ '-1': 1, http_5xx: 1, network: 1 });
  });

  it('answers 504 when WeChat hangs, within requestTimeoutMs', async () => {
    const requestTimeoutMs = 350;
    const { mock, creds } = await loopback({ upstreamTimeoutMs: 100, requestTimeoutMs });
    mock.fail('any', { hang: true }, Infinity);
    const started = performance.now();
    const err = await rejection(creds.ticket(real));
    expect([err.code, err.status]).toEqual(['wechat_unavailable', 504]);
    expect(performance.now() - started).toBeLessThan(requestTimeoutMs + TIMER_SLACK_MS);
    expect(creds.stats().errors.timeout).toBeGreaterThanOrEqual(1);
  });

  it('keeps a burst against a wrong secret (40125) to one upstream call', async () => {
    const { mock, creds } = await loopback();
    const wrong = { appId: real.appId, appSecret: 'ffffffffffffffffffffffffffffffff' };
    const errors = await Promise.all(Array.from({ length: 500 }, () => rejection(creds.ticket(wrong))));
    expect(mock.calls.stableToken).toBe(1);
    expect(errors.every((e) => e.errcode === 40125 && e.status === 502 && /AppSecret/.test(e.message))).toBe(true);
  });

  it("gives a ticket quota error (45009) WeChat's figures in every answer of the cool-down, and says a reset is a manual step", async () => {
    const { mock, logger, creds } = await loopback({ refreshAheadMs: 0 }, { dailyTicketQuota: 2 });
    await creds.ticket(real);
    await creds.refresh(real);
    const refused = await rejection(creds.refresh(real));
    const during = await Promise.all(Array.from({ length: 20 }, () => rejection(creds.ticket(real))));
    for (const err of [refused, ...during]) {
      expect([err.status, err.errcode]).toEqual([502, 45009]);
      expect(err.message).toMatch(/today 2 of 2 calls are used, 0 remain/);
      expect(err.message).toMatch(/clear_quota/);
    }
    expect(mock.calls.ticket).toBe(3);
    expect(logger.errors.join('\n')).toMatch(/today 2 of 2 calls are used/);
    for (const secret of [real.appSecret, ...mock.validTokens(real.appId)]) expect(JSON.stringify([refused, logger.lines])).not.toContain(secret);
  });

  it('reports a classic token quota (45009) without retrying', async () => {
    const { mock, creds } = await loopback({ tokenMode: 'classic', refreshAheadMs: 0 }, { dailyTokenQuota: 1 });
    await creds.ticket(real);
    await creds.refresh(real).catch(() => undefined);
    const err = await rejection(creds.ticket(real));
    expect([err.code, err.status, err.errcode]).toEqual(['wechat_error', 502, 45009]);
    expect(err.message).toMatch(/daily quota/);
    expect(mock.calls.token).toBe(2);
  });

  it('names the egress IP when it is not whitelisted (40164)', async () => {
    const { creds } = await loopback({}, { allowedIps: ['203.0.113.9'] });
    const err = await rejection(creds.ticket(real));
    expect(err.errcode).toBe(40164);
    expect(err.message).toMatch(/egress IP 127\.0\.0\.1 to the IP whitelist/);
  });

  it('never lets the secret, a token or a ticket reach a log line, an error or stats', async () => {
    const { clock, mock, logger, creds } = await loopback({ refreshAheadMs: 10 * MIN, retries: 0 });
    const seen: string[] = [];
    const collect = (p: Promise<unknown>) => p.catch((e: Error) => void seen.push(e.message, JSON.stringify(e)));
    await collect(creds.ticket({ ...real, appSecret: `${real.appSecret.slice(1)}x` }));
    await creds.refresh(real);
    const ticket = await creds.ticket(real);
    clock.advance(7200_000 - 5 * MIN);
    mock.fail('ticket', { status: 500 });
    await creds.ticket(real);
    await vi.waitFor(() => expect(logger.lines.some((l) => /background refresh failed/.test(l.message))).toBe(true));
    mock.invalidateTokens();
    mock.fail('ticket', { errcode: 40001 }, 2);
    await collect(creds.refresh(real));
    mock.fail('stable_token', { drop: true });
    await collect(creds.refresh(real));
    const secrets = [real.appSecret, ticket.value, ...mock.validTokens(), ...mock.validTickets()];
    const everything = [...seen, ...logger.lines.map((l) => l.message), JSON.stringify(creds.stats())].join('\n');
    expect(logger.lines.length).toBeGreaterThan(1);
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});
