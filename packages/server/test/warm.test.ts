// Warm start and the timed refresh: credentials loaded at construction and kept fresh with no traffic.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULTS } from '../src/defaults.js';
import { createSigner, type Signer } from '../src/signer.js';
import type { CredentialStore } from '../src/stores/store.js';
import { fakeStoreHub } from './helpers/fake-store.js';
import { API_BASE, APP_ID, APP_SECRET, fakeWechat, type FakeWechat } from './helpers/fake-wechat.js';
import { fakeClock, spyLogger, type FakeClock } from './helpers/fakes.js';

const MIN = 60_000;
const open: { close(): Promise<void> }[] = [];

// Only the warm timer's interval is faked: it is moved by hand, everything else runs for real.
beforeEach(() => void vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }));
afterEach(async () => {
  vi.useRealTimers();
  for (const item of open.splice(0).reverse()) await item.close();
});

function instance(wechat: FakeWechat, clock: FakeClock, store?: CredentialStore, appSecret = APP_SECRET) {
  const logger = spyLogger();
  const signer = createSigner({
    appId: APP_ID, appSecret, apiBase: API_BASE, dispatcher: wechat.agent, now: clock, logger, store,
    allowedHosts: ['example.com'],
  });
  open.push(signer);
  return { signer, logger };
}

function world() {
  const clock = fakeClock();
  const wechat = fakeWechat({ now: clock });
  open.push(wechat);
  return { clock, wechat };
}

/** Time passes: the injected clock moves, the warm timer fires, and the background work it started is awaited. */
async function quietly(clock: FakeClock, signers: Signer[], ms: number, step = 5 * MIN) {
  for (let passed = step; passed <= ms; passed += step) {
    clock.advance(step);
    vi.advanceTimersByTime(DEFAULTS.warmCheckMs);
    // Joins the load the timer started (or answers from cache); never a request path.
    await Promise.all(signers.map((s) => s.ready()));
  }
}

describe('warm start', () => {
  it('loads the credentials at construction, before any request', async () => {
    const { wechat } = world();
    instance(wechat, fakeClock());
    await vi.waitFor(() => expect(wechat.calls).toEqual({ token: 0, stable_token: 1, ticket: 1 }));
  });

  it('a deploy with a wrong secret logs the hint before any request, without the secret', async () => {
    const { clock, wechat } = world();
    wechat.fail('stable_token', { errcode: 40125, errmsg: 'invalid appsecret' });
    const { logger } = instance(wechat, clock);
    await vi.waitFor(() => expect(logger.errors.some((line) => /40125/.test(line) && /WX_APPSECRET|appSecret/i.test(line))).toBe(true));
    expect(logger.lines.map((l) => l.message).join('\n')).not.toContain(APP_SECRET);
  });

  it('after a quiet period longer than the token lifetime the first request is answered from cache', async () => {
    const { clock, wechat } = world();
    const { signer } = instance(wechat, clock);
    await signer.ready();
    const first = await signer.accessToken();
    await quietly(clock, [signer], 3 * 3600_000);
    const before = { ...wechat.calls };
    expect(before.ticket).toBeGreaterThan(1);
    const signed = await signer.sign('https://example.com/page');
    expect(signed.appId).toBe(APP_ID);
    // The token service's answer too: a token renewed on the timer, still good for a while.
    const token = await signer.accessToken();
    expect(token.accessToken).not.toBe(first.accessToken);
    expect(wechat.validTokens()).toContain(token.accessToken);
    expect(token.expiresAt - clock()).toBeGreaterThan(1800_000);
    expect(wechat.calls).toEqual(before);
  });

  it('four instances on a shared store refresh the ticket and the access_token once per lifetime between them', async () => {
    const { clock, wechat } = world();
    const hub = fakeStoreHub();
    const signers = Array.from({ length: 4 }, () => instance(wechat, clock, hub.view()).signer);
    await Promise.all(signers.map((s) => s.ready()));
    expect(wechat.calls).toEqual({ token: 0, stable_token: 1, ticket: 1 });
    const first = await signers[0]!.accessToken();
    // The ticket lives 7200 s and is renewed within its last refreshAheadMs, 300 to 540 s early depending on its key
    // (with the token still valid then, and not yet in its own, shorter window).
    await quietly(clock, signers, 6900_000);
    // The refresh ahead runs in the background while the old ticket is still served: wait for it.
    await vi.waitFor(() => expect(wechat.calls.ticket).toBe(2));
    expect(wechat.calls.stable_token).toBe(1);
    // The stable token is renewed ahead in its last 5 minutes, when WeChat issues a new one: once for the four.
    await quietly(clock, signers, 3 * MIN, MIN);
    await vi.waitFor(() => expect(wechat.calls.stable_token).toBe(2));
    await quietly(clock, signers, 3 * MIN, MIN);
    expect(wechat.calls).toEqual({ token: 0, stable_token: 2, ticket: 2 });
    const renewed = await Promise.all(signers.map((s) => s.accessToken()));
    expect(new Set(renewed.map((t) => t.accessToken)).size).toBe(1);
    expect(renewed[0]!.accessToken).not.toBe(first.accessToken);
    expect(wechat.validTokens()).toContain(renewed[0]!.accessToken);
    for (const s of signers) await s.sign('https://example.com/');
    expect(wechat.calls).toEqual({ token: 0, stable_token: 2, ticket: 2 });
  });

  it('the timer renews the access_token in its last minutes, handing out the old one while WeChat has not answered', async () => {
    const { clock, wechat } = world();
    const { signer } = instance(wechat, clock);
    await signer.ready();
    const old = await signer.accessToken();
    // Five minutes before expiry the ticket is renewed, the token not yet: stable_token would answer the same token.
    clock.advance(6900_000);
    vi.advanceTimersByTime(DEFAULTS.warmCheckMs);
    await vi.waitFor(() => expect(wechat.calls.ticket).toBe(2));
    expect(wechat.calls.stable_token).toBe(1);
    // In the last 5 minutes the timer asks WeChat; while it does not answer, the old token is still handed out at once.
    wechat.fail('stable_token', { hang: true });
    clock.advance(180_000);
    vi.advanceTimersByTime(DEFAULTS.warmCheckMs);
    await vi.waitFor(() => expect(wechat.calls.stable_token).toBe(2));
    expect((await signer.accessToken()).accessToken).toBe(old.accessToken);
    await signer.sign('https://example.com/while-renewing');
    // Further ticks and requests join the renewal under way instead of asking again.
    vi.advanceTimersByTime(3 * DEFAULTS.warmCheckMs);
    expect((await signer.accessToken()).accessToken).toBe(old.accessToken);
    expect(wechat.calls).toEqual({ token: 0, stable_token: 2, ticket: 2 });
  });

  it('warm: false loads nothing until the first request', async () => {
    const { clock, wechat } = world();
    const logger = spyLogger();
    const signer = createSigner({ appId: APP_ID, appSecret: APP_SECRET, apiBase: API_BASE, dispatcher: wechat.agent, now: clock, logger, allowedHosts: ['example.com'], warm: false });
    open.push(signer);
    vi.advanceTimersByTime(10 * DEFAULTS.warmCheckMs);
    expect(vi.getTimerCount()).toBe(0);
    await signer.sign('https://example.com/');
    expect(wechat.calls).toEqual({ token: 0, stable_token: 1, ticket: 1 });
  });

  it('close() stops the timer', async () => {
    const { clock, wechat } = world();
    const { signer } = instance(wechat, clock);
    expect(vi.getTimerCount()).toBe(1);
    await signer.close();
    expect(vi.getTimerCount()).toBe(0);
  });
});
