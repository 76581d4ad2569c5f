// The third-party platform's credentials against the emulator over loopback, with one fake clock for both.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWechatMock, DEFAULT_COMPONENT } from '@share/wechat-mock';
import type { ComponentCredentials } from '../../src/component/credentials.js';
import { createCredentials, type Credentials } from '../../src/credentials.js';
import { applyComponentEvent, type PushOutcome } from '../../src/component/events.js';
import { readPush } from '../../src/component/push.js';
import { DEFAULTS } from '../../src/defaults.js';
import { ShareError } from '../../src/errors.js';
import type { CredentialStore } from '../../src/stores/store.js';
import { MemoryStore } from '../../src/stores/memory.js';
import { fakeStoreHub } from '../helpers/fake-store.js';
import { fakeClock, spyLogger, type SpyLogger } from '../helpers/fakes.js';

const component = { appId: DEFAULT_COMPONENT.appId, appSecret: DEFAULT_COMPONENT.appSecret, token: DEFAULT_COMPONENT.token, aesKey: DEFAULT_COMPONENT.aesKey, hosts: undefined, allowedHosts: undefined };
const BRAND_A = DEFAULT_COMPONENT.authorizers[0]!.appId;
const BRAND_B = DEFAULT_COMPONENT.authorizers[1]!.appId;
const HOUR = 3600_000;

type Mock = ReturnType<typeof createWechatMock>;

interface World {
  mock: Mock;
  api: string;
  clock: ReturnType<typeof fakeClock>;
  /** Where the emulator pushes; the pushes reach `target` (none: answered `success`, ignored). */
  pushUrl: string;
  receiver: Server;
  target: ComponentCredentials | undefined;
  outcomes: PushOutcome[];
  /** Pushes whose handling failed: none expected. */
  failures: unknown[];
  made: { credentials: ComponentCredentials; owner: Credentials; logger: SpyLogger }[];
}

let world: World | undefined;

async function setUp(): Promise<World> {
  const clock = fakeClock(Date.now());
  const mock = createWechatMock({ now: clock });
  const api = await mock.listen();
  const w = { mock, api, clock, target: undefined, outcomes: [], failures: [], made: [] } as unknown as World;
  w.receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
      const event = readPush(Buffer.concat(chunks), query, component);
      const done = w.target ? applyComponentEvent(w.target, event).then((outcome) => void w.outcomes.push(outcome)) : Promise.resolve();
      void done.then(
        () => res.end('success'),
        (err: unknown) => {
          w.failures.push(err);
          res.end('success');
        },
      );
    });
  });
  await new Promise<void>((resolve) => w.receiver.listen(0, '127.0.0.1', resolve));
  w.pushUrl = `http://127.0.0.1:${(w.receiver.address() as AddressInfo).port}/wx/component/events`;
  world = w;
  return w;
}

function make(w: World, store?: CredentialStore): ComponentCredentials {
  const logger = spyLogger();
  // The platform's credentials belong to the owner of every credential, as in the server.
  const owner = createCredentials({ component, apiBase: w.api, tokenMode: 'stable', logger, now: w.clock, store });
  const credentials = owner.component!;
  w.made.push({ credentials, owner, logger });
  return credentials;
}

afterEach(async () => {
  vi.useRealTimers();
  const w = world;
  world = undefined;
  if (!w) return;
  expect(w.failures).toEqual([]);
  // No secret in any log line of any instance.
  const secrets = [component.appSecret, component.token, component.aesKey, ...w.mock.component.validVerifyTickets(), ...w.mock.component.validComponentTokens()];
  for (const { credentials, owner, logger } of w.made) {
    for (const line of logger.lines) for (const secret of [...secrets, ...credentials.secrets()]) expect(line.message).not.toContain(secret);
    await owner.close();
  }
  w.mock.component.stopPushing();
  await w.mock.close();
  await new Promise((resolve) => w.receiver.close(resolve));
});

/** The emulator's counters that matter here. */
function calls(mock: Mock) {
  const c = mock.component.calls;
  return {
    startPushTicket: c.startPushTicket,
    componentToken: c.componentToken,
    authorizerToken: c.authorizerToken,
    getAuthorizerList: c.getAuthorizerList,
    ticket: mock.calls.ticket,
  };
}

describe('a cold start', () => {
  it('asks for a verify ticket once, then 1,000 requests for one authorizer make 1 component token, 1 authorizer token and 1 ticket call', async () => {
    const w = await setUp();
    // Pushing starts (and its first ticket is missed) and Brand A authorizes, all before this instance exists.
    await w.mock.component.startPushing(w.pushUrl);
    w.mock.component.authorize(BRAND_A);
    await w.mock.component.settled();
    w.mock.component.resetCalls();
    w.mock.resetCalls();
    const credentials = make(w);
    w.target = credentials;

    const tickets = await Promise.all(Array.from({ length: 1000 }, () => credentials.ticket(BRAND_A)));

    expect(new Set(tickets.map((t) => t.value)).size).toBe(1);
    expect(w.mock.validTickets(BRAND_A)).toContain(tickets[0]!.value);
    expect(w.outcomes).toContain('verify_ticket_kept');
    expect(calls(w.mock)).toEqual({ startPushTicket: 1, componentToken: 1, authorizerToken: 1, getAuthorizerList: 1, ticket: 1 });
    expect(credentials.peek(BRAND_A)?.value).toBe(tickets[0]!.value);
  });

  it('with the verify ticket and the refresh token stored, 1,000 requests make exactly 1 component token, 1 authorizer token, 1 ticket call', async () => {
    const w = await setUp();
    const store = new MemoryStore({ now: w.clock });
    const first = make(w, store);
    w.target = first;
    await w.mock.component.startPushing(w.pushUrl);
    w.target = undefined;
    await first.authorize(w.mock.component.authorize(BRAND_A).authCode);
    // Every token and ticket has expired; the verify ticket (12 h) and the refresh token have not.
    w.clock.advance(3 * HOUR);
    w.mock.component.resetCalls();
    w.mock.resetCalls();

    const second = make(w, store);
    const tickets = await Promise.all(Array.from({ length: 1000 }, () => second.ticket(BRAND_A)));

    expect(new Set(tickets.map((t) => t.value)).size).toBe(1);
    expect(w.mock.validTickets(BRAND_A)).toContain(tickets[0]!.value);
    expect(calls(w.mock)).toEqual({ startPushTicket: 0, componentToken: 1, authorizerToken: 1, getAuthorizerList: 0, ticket: 1 });
  });
});

describe('a restart', () => {
  it('a second server on the same store signs without waiting for a push and without re-authorizing', async () => {
    const w = await setUp();
    const store = new MemoryStore({ now: w.clock });
    const first = make(w, store);
    w.target = first;
    await w.mock.component.startPushing(w.pushUrl);
    await w.mock.component.settled();
    w.mock.component.stopPushing();
    const signed = await first.ticket(BRAND_A).catch((err: unknown) => err);
    expect(signed).toBeInstanceOf(ShareError);
    expect((signed as ShareError).code).toBe('account_not_authorized');
    expect((signed as ShareError).status).toBe(403);
    // Authorization through the callback's exchange.
    expect(await first.authorize(w.mock.component.authorize(BRAND_A).authCode)).toBe(BRAND_A);
    const before = await first.ticket(BRAND_A);
    await w.made[0]!.owner.close();

    w.target = undefined;
    w.mock.component.resetCalls();
    w.mock.resetCalls();
    const second = make(w, store);
    expect((await second.ticket(BRAND_A)).value).toBe(before.value);
    expect(calls(w.mock)).toEqual({ startPushTicket: 0, componentToken: 0, authorizerToken: 0, getAuthorizerList: 0, ticket: 0 });

    // Hours later, every token gone: the stored verify ticket and refresh token still make new ones, with no push.
    w.clock.advance(5 * HOUR);
    const later = await second.ticket(BRAND_A);
    expect(later.value).not.toBe(before.value);
    expect(w.mock.validTickets(BRAND_A)).toContain(later.value);
    expect(calls(w.mock)).toEqual({ startPushTicket: 0, componentToken: 1, authorizerToken: 1, getAuthorizerList: 0, ticket: 1 });
  });
});

describe('a cache flush', () => {
  it('a store emptied under a running fleet (FLUSHALL) costs no authorization: the refresh token is read back from api_get_authorizer_list', async () => {
    const w = await setUp();
    const first = make(w, new MemoryStore({ now: w.clock }));
    w.target = first;
    await w.mock.component.startPushing(w.pushUrl);
    await w.mock.component.settled();
    expect(await first.authorize(w.mock.component.authorize(BRAND_A).authCode)).toBe(BRAND_A);
    await first.ticket(BRAND_A);
    await w.made[0]!.owner.close();

    // A new instance on the flushed store (nothing in it), hours later: every token gone, WeChat still pushing.
    w.clock.advance(5 * HOUR);
    w.mock.component.resetCalls();
    w.mock.resetCalls();
    const queryAuthBefore = w.mock.component.calls.queryAuth;
    const second = make(w, new MemoryStore({ now: w.clock }));
    w.target = second;
    const ticket = await second.ticket(BRAND_A);
    expect(w.mock.validTickets(BRAND_A)).toContain(ticket.value);
    expect(w.mock.component.calls.queryAuth).toBe(queryAuthBefore); // nobody authorized again
    // The verify ticket went with the flush: asked for again (one push awaited), as at a first start.
    expect(calls(w.mock)).toEqual({ startPushTicket: 1, componentToken: 1, getAuthorizerList: 1, authorizerToken: 1, ticket: 1 });
  });
});

describe('the verify ticket', () => {
  it('is replaced only by a push with a later CreateTime', async () => {
    const w = await setUp();
    const store = new MemoryStore({ now: w.clock });
    const credentials = make(w, store);
    const t = Math.floor(w.clock() / 1000);
    expect(await credentials.verifyTicket('ticket-one', t)).toBe('kept');
    expect(await credentials.verifyTicket('ticket-older', t - 1)).toBe('ignored');
    expect(await credentials.verifyTicket('ticket-same', t)).toBe('ignored');
    expect(await credentials.verifyTicket('ticket-expired', t - 13 * 3600)).toBe('ignored');
    expect((await store.get(`component:${component.appId}:verify_ticket`))?.value).toBe('ticket-one');
    expect(await credentials.verifyTicket('ticket-two', t + 1)).toBe('kept');
    expect((await store.get(`component:${component.appId}:verify_ticket`))?.value).toBe('ticket-two');
    // Another instance on the store does not take an older push over the stored one.
    const other = make(w, store);
    expect(await other.verifyTicket('ticket-one', t)).toBe('ignored');
  });
});

describe('recovery', () => {
  async function authorized(w: World, store: MemoryStore): Promise<ComponentCredentials> {
    const credentials = make(w, store);
    w.target = credentials;
    await w.mock.component.startPushing(w.pushUrl);
    await w.mock.component.settled();
    await credentials.authorize(w.mock.component.authorize(BRAND_A).authCode);
    await credentials.ticket(BRAND_A);
    return credentials;
  }

  it('61023: the refresh token is re-read from api_get_authorizer_list once, the call retried once, the new one stored', async () => {
    const w = await setUp();
    const store = new MemoryStore({ now: w.clock });
    const credentials = await authorized(w, store);
    w.mock.component.revokeRefreshToken(BRAND_A);
    w.clock.advance(3 * HOUR);
    await w.mock.component.tick();
    await w.mock.component.settled();
    w.mock.component.resetCalls();

    const ticket = await credentials.ticket(BRAND_A);

    expect(w.mock.validTickets(BRAND_A)).toContain(ticket.value);
    expect(w.mock.component.calls.authorizerToken).toBe(2);
    expect(w.mock.component.calls.getAuthorizerList).toBe(1);
    const stored = await store.get(`component:${component.appId}:${BRAND_A}:authorizer_refresh_token`);
    expect(stored?.value).toBe(w.mock.component.refreshToken(BRAND_A));
    expect(w.made[0]!.logger.warnings.some((line) => line.includes('61023'))).toBe(true);
  });

  it('40001 on getticket: one new authorizer token, then the ticket', async () => {
    const w = await setUp();
    const store = new MemoryStore({ now: w.clock });
    await authorized(w, store);
    // Another server finds the stored token, which WeChat no longer accepts, and no stored ticket.
    w.mock.invalidateTokens(BRAND_A);
    await store.delete(`component:${component.appId}:${BRAND_A}:jsapi_ticket`);
    w.mock.component.resetCalls();
    w.mock.resetCalls();
    const second = make(w, store);

    const ticket = await second.ticket(BRAND_A);

    expect(w.mock.validTickets(BRAND_A)).toContain(ticket.value);
    expect(w.mock.component.calls.authorizerToken).toBe(1);
    expect(w.mock.calls.ticket).toBe(2);
  });
});

describe('authorizers', () => {
  it('an appid that has not authorized gets 403 account_not_authorized; the list is read at most once a minute', async () => {
    const w = await setUp();
    const credentials = make(w);
    w.target = credentials;
    await w.mock.component.startPushing(w.pushUrl);
    await w.mock.component.settled();
    w.mock.component.resetCalls();

    for (let i = 0; i < 3; i++) {
      const err = await credentials.ticket(BRAND_B).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'account_not_authorized', status: 403 });
    }
    expect(w.mock.component.calls.getAuthorizerList).toBe(1);
    // Brand B authorizes elsewhere (no push reaches us): within the minute it is still unknown, after it, found.
    w.target = undefined;
    w.mock.component.authorize(BRAND_B);
    await w.mock.component.settled();
    expect(await credentials.isAuthorizer(BRAND_B)).toBe(false);
    w.clock.advance(61_000);
    expect(await credentials.isAuthorizer(BRAND_B)).toBe(true);
    expect(w.mock.component.calls.getAuthorizerList).toBe(2);
    const ticketB = await credentials.ticket(BRAND_B);
    expect(w.mock.validTickets(BRAND_B)).toContain(ticketB.value);
  });

  it('an authorized push stores the authorizer; unauthorized forgets it: 403 from then on, nothing left in the store', async () => {
    const w = await setUp();
    const store = new MemoryStore({ now: w.clock });
    const credentials = make(w, store);
    w.target = credentials;
    await w.mock.component.startPushing(w.pushUrl);
    w.mock.component.authorize(BRAND_A);
    await w.mock.component.settled();
    expect(w.outcomes).toContain('authorized');
    const ticketA = await credentials.ticket(BRAND_A);
    expect(w.mock.validTickets(BRAND_A)).toContain(ticketA.value);
    expect(w.mock.component.calls.getAuthorizerList).toBe(0);

    w.mock.component.unauthorize(BRAND_A);
    await w.mock.component.settled();
    expect(w.outcomes).toContain('unauthorized');
    expect(credentials.peek(BRAND_A)).toBeUndefined();
    await expect(credentials.ticket(BRAND_A)).rejects.toMatchObject({ code: 'account_not_authorized', status: 403 });
    await expect(credentials.accessToken(BRAND_A)).rejects.toMatchObject({ code: 'account_not_authorized' });
    for (const name of ['authorizer_refresh_token', 'authorizer_access_token', 'jsapi_ticket']) {
      expect(await store.get(`component:${component.appId}:${BRAND_A}:${name}`)).toBeUndefined();
    }
    w.clock.advance(61_000);
    await expect(credentials.ticket(BRAND_A)).rejects.toMatchObject({ code: 'account_not_authorized' });
  });

  it('61003 (the account withdrew and the push was missed): 403 and the account forgotten, store included', async () => {
    const w = await setUp();
    const store = new MemoryStore({ now: w.clock });
    const credentials = make(w, store);
    w.target = credentials;
    await w.mock.component.startPushing(w.pushUrl);
    await w.mock.component.settled();
    await credentials.authorize(w.mock.component.authorize(BRAND_A).authCode);
    await credentials.ticket(BRAND_A);
    w.target = undefined; // the unauthorized push is lost
    w.mock.component.unauthorize(BRAND_A);
    await w.mock.component.settled();
    w.clock.advance(3 * HOUR);
    await w.mock.component.tick();
    await w.mock.component.settled();

    await expect(credentials.ticket(BRAND_A)).rejects.toMatchObject({ code: 'account_not_authorized', status: 403 });
    expect(await store.get(`component:${component.appId}:${BRAND_A}:authorizer_refresh_token`)).toBeUndefined();
    w.mock.component.resetCalls();
    await expect(credentials.ticket(BRAND_A)).rejects.toMatchObject({ code: 'account_not_authorized' });
    expect(w.mock.component.calls.authorizerToken).toBe(0);
  });

  it('the access token of an authorizer; a pre_auth_code', async () => {
    const w = await setUp();
    const credentials = make(w);
    w.target = credentials;
    await w.mock.component.startPushing(w.pushUrl);
    await w.mock.component.settled();
    await credentials.authorize(w.mock.component.authorize(BRAND_A).authCode);
    const token = await credentials.accessToken(BRAND_A);
    expect(w.mock.validTokens(BRAND_A)).toContain(token.accessToken);
    expect(token.expiresAt).toBeGreaterThan(w.clock());
    expect(await credentials.preAuthCode()).toMatch(/\S{10,}/);
  });
});

describe('many calls at once', () => {
  it('30 pre_auth_code calls under way together (each listens to the closing signal, as an authorization does) raise no process warning', async () => {
    const w = await setUp();
    const credentials = make(w);
    w.target = credentials;
    await w.mock.component.startPushing(w.pushUrl);
    await w.mock.component.settled();
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => void warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const codes = await Promise.all(Array.from({ length: 30 }, () => credentials.preAuthCode()));
      expect(new Set(codes).size).toBe(30);
      // process.emitWarning reports on the next tick: let it run before looking.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map((warning) => warning.name)).toEqual([]);
  });
});

describe('one owner for the platform and the accounts', () => {
  const key = (name: string) => `component:${component.appId}:${name}`;

  it('the warm timer renews the platform token and each known authorizer\'s token and ticket with no request: a day makes at most 13 of each', async () => {
    // Only the intervals are faked (the warm timer, the emulator's push timer): they move with the clock, by hand.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const w = await setUp();
    const hub = fakeStoreHub();
    const credentials = make(w, hub.view());
    const { owner } = w.made[0]!;
    w.target = credentials;
    await w.mock.component.startPushing(w.pushUrl);
    for (const brand of [BRAND_A, BRAND_B]) await credentials.authorize(w.mock.component.authorize(brand).authCode);
    await w.mock.component.settled();
    owner.keepWarm([]);
    // The timer's first look loads both authorizers' tickets: no request asked for them.
    await vi.waitFor(() => expect([credentials.peek(BRAND_A), credentials.peek(BRAND_B)]).not.toContain(undefined));
    const names = ['component_access_token', ...[BRAND_A, BRAND_B].flatMap((b) => [`${b}:authorizer_access_token`, `${b}:jsapi_ticket`])];
    const writes = (name: string) => hub.log.filter((line) => line === `set ${key(name)}`).length;
    const before = Object.fromEntries(names.map((name) => [name, writes(name)]));
    const calls = () => owner.stats().upstream;
    const start = { ...calls() };
    /** Every upstream call the timer started has delivered its value to the store. */
    const quiet = () => {
      const made = (name: 'componentToken' | 'authorizerToken' | 'authorizerTicket') => (calls()[name] ?? 0) - (start[name] ?? 0);
      const written = (suffix: string) => names.filter((n) => n.endsWith(suffix)).reduce((sum, n) => sum + writes(n) - before[n]!, 0);
      expect(made('componentToken')).toBe(written('component_access_token'));
      expect(made('authorizerToken')).toBe(written('authorizer_access_token'));
      expect(made('authorizerTicket')).toBe(written('jsapi_ticket'));
    };

    for (let minute = 0; minute < 24 * 60; minute++) {
      w.clock.advance(60_000);
      vi.advanceTimersByTime(DEFAULTS.warmCheckMs);
      await w.mock.component.settled();
      await vi.waitFor(quiet);
    }

    const renewed = Object.fromEntries(names.map((name) => [name, writes(name) - before[name]!]));
    for (const name of names) {
      expect(renewed[name], name).toBeGreaterThanOrEqual(12);
      expect(renewed[name], name).toBeLessThanOrEqual(13);
    }
    // Still held and usable after a day with no request; no refresh token was read again.
    expect(credentials.peek(BRAND_A)).toBeDefined();
    expect(w.mock.validTickets(BRAND_A)).toContain(credentials.peek(BRAND_A)!.value);
    expect(w.mock.component.calls.getAuthorizerList).toBe(0);
    // stats() counts the platform's calls with the accounts' counters, as the emulator counted them.
    const stats = owner.stats();
    expect(stats.upstream.componentToken! - (start.componentToken ?? 0)).toBe(renewed.component_access_token);
    expect(stats.upstream).toMatchObject({ token: 0, stableToken: 0, ticket: 0, authorizerToken: w.mock.component.calls.authorizerToken, authorizerTicket: w.mock.calls.ticket });
    expect(stats.upstream.componentToken).toBe(w.mock.component.calls.componentToken);
    expect(stats.storeErrors).toBe(0);
  });

  it("another instance's change of an authorizer token drops the local copy: the next answer comes from the store", async () => {
    const w = await setUp();
    const hub = fakeStoreHub();
    const first = make(w, hub.view());
    w.target = first;
    await w.mock.component.startPushing(w.pushUrl);
    await first.authorize(w.mock.component.authorize(BRAND_A).authCode);
    await w.mock.component.settled();
    const old = await first.accessToken(BRAND_A);
    const second = make(w, hub.view());

    const replaced = await second.refreshAccessToken(BRAND_A, old.accessToken);
    expect(replaced.refreshed).toBe(true);
    w.mock.component.resetCalls();
    const storeHits = w.made[0]!.owner.stats().storeHits!;

    const answer = await first.accessToken(BRAND_A);

    expect(answer.accessToken).toBe(replaced.accessToken);
    expect(w.mock.component.calls.authorizerToken).toBe(0);
    expect(w.made[0]!.owner.stats().storeHits).toBe(storeHits + 1);
  });
});
