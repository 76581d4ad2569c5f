// Any number of accounts, and refused-token reports that cannot spend a quota: against @share/wechat-mock over loopback.
import { createWechatMock, type WechatMock } from '@share/wechat-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCredentials, type Account, type Credentials } from '../src/credentials.js';
import { RENEWALS_PER_SECOND } from '../src/credentials/warm.js';
import { DEFAULTS } from '../src/defaults.js';
import { ShareError } from '../src/errors.js';
import { createSigner, type Signer } from '../src/signer.js';
import { fakeClock, spyLogger, type FakeClock } from './helpers/fakes.js';

const open: { close(): Promise<void> }[] = [];
const warnings: Error[] = [];
const onWarning = (warning: Error) => void warnings.push(warning);

beforeEach(() => {
  warnings.length = 0;
  process.on('warning', onWarning);
});
afterEach(async () => {
  vi.useRealTimers();
  process.off('warning', onWarning);
  for (const item of open.splice(0).reverse()) await item.close();
});

const officialAccounts = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ appId: `wx${String(i).padStart(16, '0')}`, appSecret: `secret-${i}-0123456789abcdef` }));

async function emulator(accounts: { appId: string; appSecret: string }[], clock: FakeClock, options = {}): Promise<{ mock: WechatMock; base: string }> {
  const mock = createWechatMock({ accounts, now: clock, ...options });
  open.push(mock);
  return { mock, base: await mock.listen() };
}

/** A signer (warm on, the default) for these accounts, one site each. */
function signerFor(accounts: { appId: string; appSecret: string }[], apiBase: string, clock: FakeClock): Signer {
  const signer = createSigner({
    apiBase,
    now: clock,
    logger: spyLogger(),
    accounts: accounts.map((a, i) => ({ ...a, allowedHosts: [`site${i}.example.com`] })),
  });
  open.push(signer);
  return signer;
}

describe('many accounts with warm on', () => {
  it('150 accounts: exactly 150 token + 150 ticket calls at start-up and in a quiet minute, no process warning', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const clock = fakeClock();
    const accounts = officialAccounts(150);
    const { mock, base } = await emulator(accounts, clock);
    const signer = signerFor(accounts, base, clock);
    await signer.ready();
    expect(mock.calls).toEqual({ token: 0, stableToken: 150, ticket: 150 });
    // A quiet minute: the clock and the warm timer move second by second, nothing is due, nothing is fetched again.
    for (let second = 0; second < 60; second++) {
      clock.advance(1000);
      vi.advanceTimersByTime(DEFAULTS.warmCheckMs);
    }
    await signer.ready();
    expect(mock.calls).toEqual({ token: 0, stableToken: 150, ticket: 150 });
    const signed = await signer.sign('https://site149.example.com/page');
    expect(signed.appId).toBe(accounts[149]!.appId);
    expect(mock.calls).toEqual({ token: 0, stableToken: 150, ticket: 150 });
    expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
  });

  it(`renews at most ${RENEWALS_PER_SECOND} credentials a second, earliest first, however many are due together`, async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const clock = fakeClock();
    const accounts = officialAccounts(40);
    const { mock, base } = await emulator(accounts, clock);
    const signer = signerFor(accounts, base, clock);
    await signer.ready();
    expect(mock.calls.ticket).toBe(40);
    // All 40 tickets are past their renewal lead (at most half the refresh-ahead window) in the same second; the
    // tokens not yet (their window is 5 minutes).
    clock.advance(7200_000 - DEFAULTS.refreshAheadMs / 2 - 1000);
    // Each second the timer ticks twice; exactly RENEWALS_PER_SECOND renewals reach WeChat, until all 40 are done.
    const perSecond: number[] = [];
    for (let done = 0; done < 40; done += RENEWALS_PER_SECOND) {
      const before = mock.calls.ticket;
      vi.advanceTimersByTime(DEFAULTS.warmCheckMs);
      vi.advanceTimersByTime(DEFAULTS.warmCheckMs);
      await vi.waitFor(() => expect(mock.calls.ticket).toBe(before + RENEWALS_PER_SECOND));
      await vi.waitFor(() => expect(signer.stats().refreshes).toBe(mock.calls.ticket));
      perSecond.push(mock.calls.ticket - before);
      clock.advance(1000);
    }
    expect(perSecond).toEqual(Array.from({ length: 40 / RENEWALS_PER_SECOND }, () => RENEWALS_PER_SECOND));
    vi.advanceTimersByTime(DEFAULTS.warmCheckMs);
    await signer.ready();
    expect(mock.calls.ticket).toBe(80);
  });
});

describe('reports of a refused token are bounded in every mode', () => {
  const MIN = 60_000;

  async function credentials(account: Account & { appSecret: string }, mode: 'stable' | 'classic', clock: FakeClock, options = {}) {
    const { mock, base } = await emulator([account], clock, options);
    const creds: Credentials = createCredentials({ apiBase: base, tokenMode: mode, logger: spyLogger(), now: clock, backoffMs: [0] });
    open.push(creds);
    return { mock, creds };
  }

  it('classic mode: a client reporting the current token in a loop for a minute makes at most 2 token calls and never reaches 45009', async () => {
    const clock = fakeClock();
    const account = officialAccounts(1)[0]!;
    const { mock, creds } = await credentials(account, 'classic', clock, { dailyTokenQuota: 2000 });
    const refused: ShareError[] = [];
    for (let i = 0; i < 600; i++) {
      const { accessToken } = await creds.accessToken(account);
      await creds.refreshAccessToken(account, accessToken).catch((e: ShareError) => void refused.push(e));
      clock.advance(100);
    }
    expect(mock.calls.token).toBeLessThanOrEqual(2);
    expect(refused.length).toBeGreaterThan(590);
    expect(new Set(refused.map((e) => e.code))).toEqual(new Set(['refresh_limited']));
    expect(refused.every((e) => e.status === 429 && (e.retryAfterSeconds ?? 0) >= 1)).toBe(true);
    expect(creds.stats().errors['45009']).toBeUndefined();
  });

  it('classic mode: a day of such a loop stays within the daily budget, far under the quota', async () => {
    const clock = fakeClock();
    const account = officialAccounts(1)[0]!;
    const { mock, creds } = await credentials(account, 'classic', clock);
    for (let minute = 0; minute < 24 * 60; minute += 1) {
      const { accessToken } = await creds.accessToken(account);
      await creds.refreshAccessToken(account, accessToken).catch(() => undefined);
      clock.advance(MIN);
    }
    // 1 load + 100 replacements (the daily budget); the token's own expiry adds a dozen loads.
    expect(mock.calls.token).toBeLessThanOrEqual(1 + 100 + 13);
    expect(creds.stats().errors['45009']).toBeUndefined();
  });

  it('a token never handed out forces nothing: the current one is loaded and answered, refreshed false', async () => {
    const clock = fakeClock();
    const account = officialAccounts(1)[0]!;
    const { mock, creds } = await credentials(account, 'stable', clock);
    const answer = await creds.refreshAccessToken(account, 'made-up-token');
    expect(answer).toMatchObject({ refreshed: false, reason: 'not the current token' });
    expect(mock.validTokens(account.appId)).toContain(answer.accessToken);
    expect(mock.calls).toEqual({ token: 0, stableToken: 1, ticket: 0 });
    // Reported again later: still nothing forced, the held token is answered.
    const again = await creds.refreshAccessToken(account, 'made-up-token');
    expect(again).toMatchObject({ refreshed: false, accessToken: answer.accessToken });
    expect(mock.calls).toEqual({ token: 0, stableToken: 1, ticket: 0 });
  });

  it('a WeCom app: reports in a loop cost at most one gettoken a minute', async () => {
    const clock = fakeClock();
    const corp = { corpId: 'ww0123456789abcdef', agentId: '1000002', secret: 'wecom-secret-0123456789abcdef' };
    const mock = createWechatMock({ now: clock, wecom: { corps: [{ corpId: corp.corpId, apps: [{ agentId: corp.agentId, secret: corp.secret }] }] } });
    open.push(mock);
    const base = await mock.listen();
    const creds = createCredentials({ apiBase: base, wecomApiBase: base, tokenMode: 'stable', logger: spyLogger(), now: clock, backoffMs: [0] });
    open.push(creds);
    const app: Account = { type: 'wecom', appId: corp.corpId, appSecret: corp.secret, agentId: corp.agentId };
    for (let i = 0; i < 100; i++) {
      const { accessToken } = await creds.accessToken(app);
      await creds.refreshAccessToken(app, accessToken).catch(() => undefined);
      clock.advance(20);
    }
    // The first token, then one replacement: every later report within the minute is refused.
    expect(mock.wecom.calls.gettoken).toBe(2);
  });
});
