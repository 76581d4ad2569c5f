// End to end over real loopback HTTP: an Express app with wxShare() in front of the @share/wechat-mock emulator.
// A spy logger and every response body of the whole file are checked at the end: no secret may appear in them.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createWechatMock, type MockOptions, type WechatMock } from '@share/wechat-mock';
import express from 'express';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { wxShare } from '../src/middleware.js';
import type { Options } from '../src/options.js';
import { jsapiSignature } from '../src/signature.js';
import { fakeClock, spyLogger, type FakeClock } from './helpers/fakes.js';

const APP_ID = 'wxe2e0000000000001';
const APP_SECRET = 'e2e-app-secret-0123456789abcdef';
const OTHER_ID = 'wxe2e0000000000002';
const OTHER_SECRET = 'e2e-other-secret-fedcba9876543210';

const logger = spyLogger();
const bodies: string[] = [];
const secrets = new Set<string>([APP_SECRET, OTHER_SECRET]);
const cleanups: (() => Promise<void>)[] = [];

interface Harness {
  mock: WechatMock;
  clock: FakeClock;
  base: string;
  router: ReturnType<typeof wxShare>;
  get(url: string, init?: RequestInit): Promise<{ status: number; body: Record<string, any>; headers: Headers }>;
}

async function harness(options: Options = {}, mockOptions: MockOptions = {}): Promise<Harness> {
  const clock = fakeClock();
  const mock = createWechatMock({
    accounts: [
      { appId: APP_ID, appSecret: APP_SECRET },
      { appId: OTHER_ID, appSecret: OTHER_SECRET },
    ],
    now: clock,
    ...mockOptions,
  });
  const apiBase = await mock.listen(0, '127.0.0.1');
  const base: Options = options.accounts ? {} : { appId: APP_ID, appSecret: APP_SECRET, allowedHosts: ['example.com'] };
  const router = wxShare({ apiBase, logger, now: clock, ...base, ...options });
  const app = express();
  app.use(router);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cleanups.push(async () => {
    for (const appId of [APP_ID, OTHER_ID]) {
      for (const value of [...mock.validTokens(appId), ...mock.validTickets(appId)]) secrets.add(value);
    }
    await router.signer.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await mock.close();
  });
  return {
    mock,
    clock,
    base: origin,
    router,
    async get(url, init) {
      const res = await fetch(`${origin}/wx/signature?url=${encodeURIComponent(url)}`, init);
      const text = await res.text();
      bodies.push(text);
      return { status: res.status, body: JSON.parse(text), headers: res.headers };
    },
  };
}

/** Remembers every token and ticket the emulator knows right now, for the final secret check. */
function collect(mock: WechatMock) {
  for (const appId of [APP_ID, OTHER_ID]) {
    for (const value of [...mock.validTokens(appId), ...mock.validTickets(appId)]) secrets.add(value);
  }
}

function expectValid(body: Record<string, any>, mock: WechatMock, appId = APP_ID) {
  const tickets = mock.validTickets(appId);
  expect(tickets.length).toBeGreaterThan(0);
  const expected = tickets.map((ticket) => jsapiSignature({ ticket, nonceStr: body.nonceStr, timestamp: body.timestamp, url: body.url }));
  expect(expected).toContain(body.signature);
  expect(body.appId).toBe(appId);
}

/** Waits (real time, short) until a background refresh has reached the emulator. */
async function until(condition: () => boolean, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

// Real sockets and hundreds of concurrent requests: generous timeouts for a busy 2-core machine.
describe('wxShare() in front of the emulator', { timeout: 60_000 }, () => {
  it('signs a page url with a ticket the emulator accepts', async () => {
    const { get, mock } = await harness();
    const res = await get('https://www.example.com/article/你好?from=singlemessage&isappinstalled=0#top');
    expect(res.status).toBe(200);
    expect(res.body.url).toBe('https://www.example.com/article/你好?from=singlemessage&isappinstalled=0');
    expectValid(res.body, mock);
    collect(mock);
  });

  it('needs only the env vars: app.use(wxShare())', async () => {
    const clock = fakeClock();
    const mock = createWechatMock({ accounts: [{ appId: APP_ID, appSecret: APP_SECRET }], now: clock });
    const apiBase = await mock.listen();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.stubEnv('WX_APPID', APP_ID);
    vi.stubEnv('WX_APPSECRET', APP_SECRET);
    vi.stubEnv('WX_API_BASE', apiBase);
    try {
      const router = wxShare();
      vi.unstubAllEnvs();
      const app = express().use(router);
      const server: Server = await new Promise((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      const port = (server.address() as AddressInfo).port;
      const res = await fetch(`http://127.0.0.1:${port}/wx/signature?url=${encodeURIComponent('https://any.example/')}`);
      const text = await res.text();
      bodies.push(text);
      expect(res.status).toBe(200);
      expect(JSON.parse(text).appId).toBe(APP_ID);
      expect(warn.mock.calls).toEqual([[expect.stringMatching(/^\[share\] allowedHosts is not set/)]]);
      collect(mock);
      await router.signer.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    } finally {
      vi.unstubAllEnvs();
      warn.mockRestore();
      await mock.close();
    }
  });

  it.each(['stable', 'classic'] as const)('makes 1 token call and 1 ticket call for 500 concurrent cold requests (%s)', async (tokenMode) => {
    // A loaded machine can keep the emulator's answer past the default 3 s upstream timeout, and the retry that follows
    // is a second call (stats().errors.timeout): with the whole request deadline for one call, only de-duplication counts.
    const { get, mock, router } = await harness({ tokenMode, upstreamTimeoutMs: 9000 });
    const answers = await Promise.all(Array.from({ length: 500 }, (_, i) => get(`https://example.com/page/${i}`)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(mock.calls).toEqual(tokenMode === 'stable' ? { token: 0, stableToken: 1, ticket: 1 } : { token: 1, stableToken: 0, ticket: 1 });
    expectValid(answers[499]!.body, mock);
    expect(router.signer.stats().signatures).toMatchObject({ misses: 500, size: 500 });
    collect(mock);
  });

  it('serves from the caches when warm: no more upstream calls', async () => {
    const { get, mock, clock } = await harness();
    const first = await get('https://example.com/');
    for (let i = 0; i < 5; i++) {
      clock.advance(60_000);
      expect((await get('https://example.com/')).body).toEqual(first.body);
    }
    expect(mock.calls.ticket).toBe(1);
    collect(mock);
  });

  it('refreshes ahead in the background, and the next signature uses the new ticket', async () => {
    const { get, mock, clock } = await harness({ refreshAheadMs: 600_000 });
    const first = await get('https://example.com/');
    collect(mock);
    clock.advance(7200_000 - 300_000); // past the renewal lead inside the refresh-ahead window, still valid
    const during = await get('https://example.com/');
    expect(during.status).toBe(200);
    await until(() => mock.calls.ticket === 2);
    clock.advance(1000);
    await until(() => mock.validTickets(APP_ID).length > 0);
    let after = await get('https://example.com/');
    for (let i = 0; i < 50 && after.body.signature === first.body.signature; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      clock.advance(1000);
      after = await get('https://example.com/');
    }
    expect(after.body.signature).not.toBe(first.body.signature);
    expectValid(after.body, mock);
    collect(mock);
  });

  it('fetches new credentials after expiry', async () => {
    const { get, mock, clock } = await harness();
    await get('https://example.com/');
    collect(mock);
    clock.advance(7300_000);
    const res = await get('https://example.com/');
    expect(res.status).toBe(200);
    expectValid(res.body, mock);
    expect(mock.calls.ticket).toBe(2);
    collect(mock);
  });

  it('recovers from 40001 (token invalidated elsewhere): new token, retried ticket, 200', async () => {
    const { get, mock, clock } = await harness({ refreshAheadMs: 0 }, { ticketTtlSeconds: 600 });
    await get('https://example.com/');
    collect(mock);
    mock.invalidateTokens(APP_ID);
    clock.advance(600_000); // the ticket expired, the token looks valid locally but is not
    const res = await get('https://example.com/');
    expect(res.status).toBe(200);
    expectValid(res.body, mock);
    expect(mock.calls).toMatchObject({ stableToken: 2, ticket: 3 });
    collect(mock);
  });

  it.each([
    ['errcode -1', { errcode: -1 }],
    ['HTTP 500', { status: 500 }],
    ['a dropped connection', { drop: true }],
  ] as const)('retries a transient %s and answers 200', async (_, fault) => {
    const { get, mock } = await harness({ retries: 2 });
    mock.fail('ticket', fault);
    const res = await get('https://example.com/');
    expect(res.status).toBe(200);
    expect(mock.calls.ticket).toBe(2);
    expectValid(res.body, mock);
    collect(mock);
  });

  it('answers 504 wechat_unavailable when WeChat hangs, within the bounded retries', async () => {
    const { get, mock, clock } = await harness({ upstreamTimeoutMs: 100, retries: 1 });
    mock.fail('stable_token', { hang: true }, 10);
    const started = Date.now();
    const res = await get('https://example.com/');
    expect(res.status).toBe(504);
    expect(res.body.error.code).toBe('wechat_unavailable');
    expect(Date.now() - started).toBeLessThan(5000);
    mock.clearFaults();
    const remembered = await get('https://example.com/');
    expect(remembered.status).toBe(503);
    expect(remembered.headers.get('retry-after')).toBe('1');
    clock.advance(1000);
    expect((await get('https://example.com/')).status).toBe(200);
    collect(mock);
  });

  it('keeps a burst of requests with a wrong secret to exactly 1 upstream call (40125)', async () => {
    const { get, mock } = await harness({ appSecret: 'not-the-right-secret' });
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => get(`https://example.com/${i}`)));
    for (const answer of answers) {
      expect(answer.status).toBe(502);
      expect(answer.body.error).toMatchObject({ code: 'wechat_error', errcode: 40125 });
    }
    const again = await Promise.all(Array.from({ length: 200 }, () => get('https://example.com/')));
    expect(again.every((a) => a.status === 502)).toBe(true);
    expect(mock.calls.stableToken).toBe(1);
    expect(answers[0]!.body.error.message).toMatch(/AppSecret/i);
    expect(JSON.stringify(answers[0]!.body)).not.toContain('not-the-right-secret');
    secrets.add('not-the-right-secret');
  });

  it('reports a quota error with its errcode (45009) and does not retry it', async () => {
    const { get, mock } = await harness();
    mock.fail('ticket', { errcode: 45009 }, Infinity);
    const res = await get('https://example.com/');
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({ code: 'wechat_error', errcode: 45009 });
    await get('https://example.com/other');
    expect(mock.calls.ticket).toBe(1);
    collect(mock);
  });

  it('explains an IP outside the whitelist (40164)', async () => {
    const { get } = await harness({}, { allowedIps: ['10.9.8.7'] });
    const res = await get('https://example.com/');
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({ code: 'wechat_error', errcode: 40164 });
    expect(res.body.error.message).toMatch(/whitelist/i);
  });

  it('refuses hosts outside allowedHosts before asking WeChat', async () => {
    // Cold, so that any call WeChat sees would come from the refused requests.
    const { get, mock } = await harness({ warm: false });
    expect((await get('https://example.com.evil.com/')).status).toBe(403);
    expect((await get('https://example.com@evil.com/')).status).toBe(403);
    expect(mock.calls).toEqual({ token: 0, stableToken: 0, ticket: 0 });
  });

  it('signer.refresh() refetches now (the passive refresh)', async () => {
    const { get, mock, router, clock } = await harness();
    const first = await get('https://example.com/');
    collect(mock);
    await router.signer.refresh();
    expect(mock.calls.ticket).toBe(2);
    clock.advance(1000);
    const second = await get('https://example.com/');
    expect(second.body.signature).not.toBe(first.body.signature);
    expectValid(second.body, mock);
    collect(mock);
  });

  it('signs each host with its own account (multi-account)', async () => {
    const { get, mock } = await harness({
      accounts: [
        { appId: APP_ID, appSecret: APP_SECRET, allowedHosts: ['example.com'] },
        { appId: OTHER_ID, appSecret: OTHER_SECRET, allowedHosts: ['example.org/mp'] },
      ],
    });
    const a = await get('https://example.com/');
    const b = await get('https://example.org/mp/page');
    expectValid(a.body, mock, APP_ID);
    expectValid(b.body, mock, OTHER_ID);
    expect((await get('https://example.org/other')).status).toBe(403);
    collect(mock);
  });

  it('uses getAccessToken instead of fetching tokens', async () => {
    const clock = fakeClock();
    const mock = createWechatMock({ accounts: [{ appId: APP_ID, appSecret: APP_SECRET }], now: clock });
    const apiBase = await mock.listen();
    const tokenServer = vi.fn(async () => {
      const res = await fetch(`${apiBase}/cgi-bin/token?grant_type=client_credential&appid=${APP_ID}&secret=${APP_SECRET}`);
      return ((await res.json()) as { access_token: string }).access_token;
    });
    try {
      const signer = wxShare({ appId: APP_ID, getAccessToken: tokenServer, apiBase, logger, now: clock }).signer;
      const result = await signer.sign('https://example.com/');
      bodies.push(JSON.stringify(result));
      expect(tokenServer).toHaveBeenCalledTimes(1);
      expect(mock.calls).toEqual({ token: 1, stableToken: 0, ticket: 1 });
      expectValid(result, mock);
      collect(mock);
      await signer.close();
    } finally {
      await mock.close();
    }
  });
});

afterAll(() => {
  // Every secret seen during the run: app secrets, and every token and ticket the emulator issued and still knew.
  expect(secrets.size).toBeGreaterThan(4);
  expect(bodies.length).toBeGreaterThan(1000);
  expect(logger.lines.length).toBeGreaterThan(0);
  for (const secret of secrets) {
    for (const line of logger.lines) expect(line.message).not.toContain(secret);
    for (const body of bodies) expect(body.includes(secret), `a response body contains a secret`).toBe(false);
  }
});
