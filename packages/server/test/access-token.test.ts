// The owner's access_token API: accessToken() and refreshAccessToken(), in process and across instances.
import { afterEach, describe, expect, it } from 'vitest';
import { createCredentials, FORCE_REFRESH_LIMIT, type Account, type Credentials, type CredentialsConfig } from '../src/credentials.js';
import { ShareError } from '../src/errors.js';
import { createSigner } from '../src/signer.js';
import { MemoryStore } from '../src/stores/memory.js';
import { fakeStoreHub } from './helpers/fake-store.js';
import { API_BASE, APP_ID, APP_SECRET, fakeWechat, type FakeWechat } from './helpers/fake-wechat.js';
import { fakeClock, spyLogger } from './helpers/fakes.js';

const account: Account = Object.freeze({ appId: APP_ID, appSecret: APP_SECRET });
const SAFETY_MARGIN_MS = 60_000;
const open: { close(): Promise<void> }[] = [];

afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

function setup(overrides: Partial<CredentialsConfig> = {}, wechat?: FakeWechat, clock = fakeClock()) {
  const fake = wechat ?? fakeWechat({ now: clock });
  if (!wechat) open.push(fake);
  const logger = spyLogger();
  const creds = createCredentials({
    apiBase: API_BASE, tokenMode: 'stable', logger, store: new MemoryStore({ now: clock }), now: clock,
    // WeChat's own spacing of forced refreshes, so that the tests below see its limit rather than share's default.
    dispatcher: fake.agent, backoffMs: [0], lockPollMs: 5, minFetchIntervalMs: FORCE_REFRESH_LIMIT.spacingMs, ...overrides,
  });
  open.push(creds);
  return { clock, wechat: fake, logger, creds };
}

/** Two instances sharing one store, one WeChat and one clock. */
function twoInstances() {
  const clock = fakeClock();
  const wechat = fakeWechat({ now: clock });
  open.push(wechat);
  const hub = fakeStoreHub();
  return { clock, wechat, a: setup({ store: hub.view() }, wechat, clock), b: setup({ store: hub.view() }, wechat, clock) };
}

const bodies = (wechat: FakeWechat) =>
  wechat.requests.filter((r) => r.endpoint === 'stable_token').map((r) => JSON.parse(r.body!) as { force_refresh: boolean });

async function rejection(promise: Promise<unknown>): Promise<ShareError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ShareError);
  return err as ShareError;
}

describe('accessToken()', () => {
  it('loads the token once for concurrent callers, then answers it from the owner without WeChat', async () => {
    const { clock, wechat, creds } = setup();
    const answers = await Promise.all(Array.from({ length: 50 }, () => creds.accessToken(account)));
    expect(new Set(answers.map((a) => a.accessToken)).size).toBe(1);
    expect(wechat.validTokens()).toContain(answers[0]!.accessToken);
    expect(answers[0]!.expiresAt).toBe(clock() + 7200_000 - SAFETY_MARGIN_MS);
    expect(await creds.accessToken(account)).toEqual(answers[0]);
    expect(wechat.calls).toEqual({ token: 0, stable_token: 1, ticket: 0 });
  });

  it('answers the token the ticket load fetched, with no second call', async () => {
    const { wechat, creds } = setup();
    await creds.ticket(account);
    const { accessToken } = await creds.accessToken(account);
    expect(wechat.validTokens()).toEqual([accessToken]);
    expect(wechat.calls.stable_token).toBe(1);
  });
});

describe('refreshAccessToken()', () => {
  it('replaces the current token once, with force_refresh, however many report it at the same time', async () => {
    const { wechat, creds } = setup();
    const { accessToken: old } = await creds.accessToken(account);
    const answers = await Promise.all(Array.from({ length: 30 }, () => creds.refreshAccessToken(account, old)));
    expect(wechat.calls.stable_token).toBe(2);
    expect(bodies(wechat).map((b) => b.force_refresh)).toEqual([false, true]);
    const fresh = answers[0]!.accessToken;
    expect(fresh).not.toBe(old);
    expect(answers.every((a) => a.accessToken === fresh && a.refreshed)).toBe(true);
    expect(wechat.validTokens()).toEqual([fresh]);
    expect((await creds.accessToken(account)).accessToken).toBe(fresh);
  });

  it('answers the current token without asking WeChat when the reported one was already replaced', async () => {
    const { wechat, creds } = setup();
    const { accessToken: old } = await creds.accessToken(account);
    const first = await creds.refreshAccessToken(account, old);
    const late = await creds.refreshAccessToken(account, old);
    expect(late).toMatchObject({ accessToken: first.accessToken, refreshed: false, reason: 'already replaced' });
    expect(wechat.calls.stable_token).toBe(2);
  });

  it('across instances: the second finds the new token in the store and adopts it', async () => {
    const { clock, wechat, a, b } = twoInstances();
    const { accessToken: old } = await a.creds.accessToken(account);
    expect((await b.creds.accessToken(account)).accessToken).toBe(old);
    const [fromA, fromB] = await Promise.all([a.creds.refreshAccessToken(account, old), b.creds.refreshAccessToken(account, old)]);
    expect(fromA.accessToken).toBe(fromB.accessToken);
    expect([fromA.refreshed, fromB.refreshed].sort()).toEqual([false, true]);
    expect(wechat.calls.stable_token).toBe(2);
    expect(wechat.validTokens()).toEqual([fromA.accessToken]);
  });

  it(`refuses a forced refresh within ${FORCE_REFRESH_LIMIT.spacingMs / 1000} s of the last one with 429 refresh_limited and Retry-After`, async () => {
    const { clock, wechat, creds } = setup();
    const first = await creds.refreshAccessToken(account, (await creds.accessToken(account)).accessToken);
    clock.advance(10_000);
    const err = await rejection(creds.refreshAccessToken(account, first.accessToken));
    expect(err).toMatchObject({ code: 'refresh_limited', status: 429, retryAfterSeconds: 20 });
    expect(wechat.calls.stable_token).toBe(2);
    clock.advance(20_000);
    expect((await creds.refreshAccessToken(account, first.accessToken)).refreshed).toBe(true);
  });

  it(`refuses the ${FORCE_REFRESH_LIMIT.perDay + 1}th forced refresh of a day until the first one is a day old`, async () => {
    const { clock, wechat, creds } = setup();
    let current = (await creds.accessToken(account)).accessToken;
    for (let i = 0; i < FORCE_REFRESH_LIMIT.perDay; i++) {
      current = (await creds.refreshAccessToken(account, current)).accessToken;
      clock.advance(FORCE_REFRESH_LIMIT.spacingMs);
    }
    const err = await rejection(creds.refreshAccessToken(account, current));
    expect(err.code).toBe('refresh_limited');
    expect(err.retryAfterSeconds).toBe(24 * 3600 - FORCE_REFRESH_LIMIT.perDay * 30);
    expect(wechat.calls.stable_token).toBe(1 + FORCE_REFRESH_LIMIT.perDay);
  });

  it('the limit holds across instances sharing the store: the second within 30 s is refused, naming the fleet', async () => {
    const { clock, wechat, a, b } = twoInstances();
    const forced = await a.creds.refreshAccessToken(account, (await a.creds.accessToken(account)).accessToken);
    expect(forced.refreshed).toBe(true);
    expect((await b.creds.accessToken(account)).accessToken).toBe(forced.accessToken);
    clock.advance(10_000);
    const err = await rejection(b.creds.refreshAccessToken(account, forced.accessToken));
    expect(err).toMatchObject({ code: 'refresh_limited', status: 429, retryAfterSeconds: 20 });
    expect(err.message).toMatch(/last one was 10 s ago/);
    expect(err.message).toMatch(/across every instance sharing the store/);
    expect(wechat.calls.stable_token).toBe(2);
    clock.advance(20_000);
    const next = await b.creds.refreshAccessToken(account, forced.accessToken);
    expect(next.refreshed).toBe(true);
    expect(bodies(wechat).map((body) => body.force_refresh)).toEqual([false, true, true]);
  });

  it(`${FORCE_REFRESH_LIMIT.perDay} forced refreshes a day for the whole fleet, whichever instance makes them`, async () => {
    const clock = fakeClock();
    const wechat = fakeWechat({ now: clock });
    open.push(wechat);
    const hub = fakeStoreHub();
    const fleet = [setup({ store: hub.view() }, wechat, clock), setup({ store: hub.view() }, wechat, clock)];
    let current = (await fleet[0]!.creds.accessToken(account)).accessToken;
    for (let i = 0; i < FORCE_REFRESH_LIMIT.perDay; i++) {
      const answer = await fleet[i % 2]!.creds.refreshAccessToken(account, current);
      expect(answer.refreshed).toBe(true);
      current = answer.accessToken;
      clock.advance(FORCE_REFRESH_LIMIT.spacingMs);
    }
    for (const { creds } of fleet) {
      const err = await rejection(creds.refreshAccessToken(account, current));
      expect(err.code).toBe('refresh_limited');
      expect(err.message).toMatch(new RegExp(`${FORCE_REFRESH_LIMIT.perDay} were made in the last 24 h`));
    }
    expect(wechat.calls.stable_token).toBe(1 + FORCE_REFRESH_LIMIT.perDay);
    // The record in the store holds moments only: no token, no secret.
    const record = hub.data.get(`${APP_ID}:force_refresh`)!;
    expect(record.value).toMatch(/^\d+(,\d+)*$/);
  });

  it('a malformed force_refresh record in the store is ignored, not trusted', async () => {
    const clock = fakeClock();
    const wechat = fakeWechat({ now: clock });
    open.push(wechat);
    const hub = fakeStoreHub();
    hub.data.set(`${APP_ID}:force_refresh`, { value: 'not,a,number', expiresAt: clock() + 3600_000 });
    const { creds } = setup({ store: hub.view() }, wechat, clock);
    const answer = await creds.refreshAccessToken(account, (await creds.accessToken(account)).accessToken);
    expect(answer.refreshed).toBe(true);
  });

  it('classic mode fetches a new token without force_refresh or a limit', async () => {
    const { wechat, creds } = setup({ tokenMode: 'classic' });
    const { accessToken: old } = await creds.accessToken(account);
    const fresh = await creds.refreshAccessToken(account, old);
    expect(fresh.refreshed).toBe(true);
    expect(fresh.accessToken).not.toBe(old);
    expect(wechat.calls).toEqual({ token: 2, stable_token: 0, ticket: 0 });
  });
});

describe('the Signer', () => {
  function signer(clock = fakeClock()) {
    const wechat = fakeWechat({ now: clock });
    open.push(wechat);
    const s = createSigner({ appId: APP_ID, appSecret: APP_SECRET, apiBase: API_BASE, dispatcher: wechat.agent, now: clock, logger: spyLogger(), allowedHosts: ['example.com'] });
    open.push(s);
    return { s, wechat };
  }

  it('ready() resolves once the account has its ticket and token; accessToken() then costs no call', async () => {
    const { s, wechat } = signer();
    await s.ready();
    expect(wechat.calls).toEqual({ token: 0, stable_token: 1, ticket: 1 });
    expect(wechat.validTokens()).toContain((await s.accessToken()).accessToken);
    expect(wechat.validTokens()).toContain((await s.accessToken(APP_ID)).accessToken);
    expect(wechat.calls).toEqual({ token: 0, stable_token: 1, ticket: 1 });
  });

  it('an unknown appId is ShareError 404 unknown_account', async () => {
    const { s } = signer();
    expect(await rejection(s.accessToken('wx0000000000000000'))).toMatchObject({ code: 'unknown_account', status: 404 });
    expect(await rejection(s.refreshAccessToken('x', 'wx0000000000000000'))).toMatchObject({ code: 'unknown_account', status: 404 });
  });

  it('ready() rejects with the ShareError that prevents it', async () => {
    const { s, wechat } = signer();
    wechat.fail('stable_token', { errcode: 40125, errmsg: 'invalid appsecret' });
    expect(await rejection(s.ready())).toMatchObject({ code: 'wechat_error', status: 502, errcode: 40125 });
  });
});
