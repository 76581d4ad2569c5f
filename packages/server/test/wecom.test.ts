// WeCom (企业微信) accounts against @share/wechat-mock's WeCom API over loopback HTTP: the same storm, stale-token,
// cool-down and no-secret guarantees as official accounts, agentConfig, container choice and key isolation.
import { createHash } from 'node:crypto';
import { createWechatMock, type MockOptions, type WechatMock } from '@share/wechat-mock';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCredentials, type Account, type Credentials, type CredentialsConfig } from '../src/credentials.js';
import { ShareError } from '../src/errors.js';
import { createFetchHandler } from '../src/fetch-handler.js';
import type { Options } from '../src/options.js';
import { renderConfigScript } from '../src/render-config.js';
import { signRequest } from '../src/sign-request.js';
import { createSigner, type Signer, type SignResult } from '../src/signer.js';
import { MemoryStore } from '../src/stores/memory.js';
import type { CredentialStore, StoredCredential } from '../src/stores/store.js';
import { fakeClock, spyLogger, type FakeClock } from './helpers/fakes.js';

const CORP = 'ww5f3a2b1c0d9e8f70';
const APP = { agentId: '1000002', secret: 'wecom-app-secret-0123456789abcdef0123' };
const OTHER_APP = { agentId: '1000003', secret: 'wecom-other-secret-fedcba9876543210fe' };
const OFFICIAL = { appId: 'wx5f3a2b1c0d9e8f70', appSecret: '0123456789abcdef0123456789abcdef' };
const app: Account = Object.freeze({ type: 'wecom', appId: CORP, appSecret: APP.secret, agentId: APP.agentId });
const MIN = 60_000;

const mocks: WechatMock[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  for (const mock of mocks.splice(0)) await mock.close();
});

async function emulator(clock: FakeClock, options: MockOptions = {}) {
  const mock = createWechatMock({
    accounts: [OFFICIAL],
    now: clock,
    wecom: { corps: [{ corpId: CORP, apps: [APP, OTHER_APP] }] },
    ...options,
  });
  mocks.push(mock);
  return { mock, base: await mock.listen() };
}

async function credentials(overrides: Partial<CredentialsConfig> = {}, options: MockOptions = {}) {
  const clock = fakeClock();
  const { mock, base } = await emulator(clock, options);
  const logger = spyLogger();
  const store = new MemoryStore({ now: clock });
  const creds = createCredentials({
    apiBase: base,
    wecomApiBase: base,
    tokenMode: 'stable',
    logger,
    store,
    now: clock,
    backoffMs: [0],
    ...overrides,
  });
  closers.push(() => creds.close());
  return { clock, mock, base, logger, store, creds };
}

async function signer(accounts: Options['accounts'], extra: Options = {}) {
  const clock = fakeClock();
  const { mock, base } = await emulator(clock);
  const logger = spyLogger();
  const s = createSigner({ accounts, apiBase: base, wecomApiBase: base, now: clock, logger, warm: false, ...extra });
  closers.push(() => s.close());
  return { clock, mock, logger, signer: s };
}

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
const signs = (ticket: string, r: { nonceStr: string; timestamp: number }, url: string) =>
  sha1(`jsapi_ticket=${ticket}&noncestr=${r.nonceStr}&timestamp=${r.timestamp}&url=${url}`);

/** Whether a WeCom answer verifies against the emulator's tickets, as WeCom's client would check it. */
function expectVerifiedByWecom(result: SignResult, mock: WechatMock, agentId = APP.agentId) {
  expect(result.appId).toBe(CORP);
  const corpTickets = mock.wecom.validTickets('corp', CORP, agentId);
  expect(corpTickets.some((t) => signs(t, result, result.url) === result.signature)).toBe(true);
  const agent = result.agentConfig!;
  expect(agent).toMatchObject({ corpid: CORP, agentid: agentId, timestamp: result.timestamp, nonceStr: result.nonceStr });
  const appTickets = mock.wecom.validTickets('agent', CORP, agentId);
  expect(appTickets.some((t) => signs(t, agent, result.url) === agent.signature)).toBe(true);
  // The corp ticket never signs agentConfig, the app ticket never wx.config.
  expect(corpTickets.some((t) => signs(t, agent, result.url) === agent.signature)).toBe(false);
}

async function rejection(promise: Promise<unknown>): Promise<ShareError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ShareError);
  return err as ShareError;
}

describe('WeCom credentials: one owner, like an official account', () => {
  it('makes 1 gettoken, 1 corp ticket and 1 app ticket call for 1000 concurrent cold requests', async () => {
    const { mock, creds } = await credentials();
    const tickets = await Promise.all(Array.from({ length: 1000 }, () => creds.ticket(app)));
    expect(new Set(tickets.map((t) => `${t.value} ${t.agent?.value}`)).size).toBe(1);
    expect(mock.wecom.calls).toEqual({ gettoken: 1, corpTicket: 1, agentTicket: 1 });
    expect(mock.calls).toEqual({ token: 0, stableToken: 0, ticket: 0 });
    expect(mock.wecom.validTickets('corp', CORP, APP.agentId)).toEqual([tickets[0]!.value]);
    expect(mock.wecom.validTickets('agent', CORP, APP.agentId)).toEqual([tickets[0]!.agent!.value]);
    expect(creds.stats().upstream).toMatchObject({ wecomToken: 1, wecomTicket: 1, wecomAgentTicket: 1 });
  });

  it('a corp without agentId fetches no app ticket', async () => {
    const { mock, creds } = await credentials();
    const ticket = await creds.ticket({ type: 'wecom', appId: CORP, appSecret: APP.secret });
    expect(ticket.agent).toBeUndefined();
    expect(mock.wecom.calls).toEqual({ gettoken: 1, corpTicket: 1, agentTicket: 0 });
  });

  it('refreshes both tickets ahead by the injected clock, serving the current ones meanwhile, once for a burst', async () => {
    const { clock, mock, creds } = await credentials({ refreshAheadMs: 10 * MIN });
    const first = await creds.ticket(app);
    clock.advance(7200_000 - 5 * MIN); // past every slot's renewal lead (aheadMs minus 10 to 50 %)
    const during = await Promise.all(Array.from({ length: 50 }, () => creds.ticket(app)));
    expect(during.every((t) => t.value === first.value && t.agent?.value === first.agent?.value)).toBe(true);
    await vi.waitFor(() => expect(creds.stats().refreshes).toBe(2));
    const second = await creds.ticket(app);
    expect(second.value).not.toBe(first.value);
    expect(second.agent!.value).not.toBe(first.agent!.value);
    expect(mock.wecom.calls).toEqual({ gettoken: 1, corpTicket: 2, agentTicket: 2 });
  });

  it('refetches the token once when WeCom revokes it early (40014) and retries the ticket once', async () => {
    const { clock, mock, logger, creds } = await credentials({ refreshAheadMs: 10 * MIN });
    const first = await creds.ticket(app);
    mock.wecom.invalidateTokens(CORP);
    // The tickets are due for refresh ahead; the token held is still within its lifetime, but revoked.
    clock.advance(7200_000 - 5 * MIN); // past every slot's renewal lead (aheadMs minus 10 to 50 %)
    expect((await creds.ticket(app)).value).toBe(first.value);
    await vi.waitFor(() => expect(creds.stats().refreshes).toBe(2));
    const ticket = await creds.ticket(app);
    expect(mock.wecom.validTickets('corp', CORP)).toContain(ticket.value);
    expect(mock.wecom.validTickets('agent', CORP)).toContain(ticket.agent!.value);
    expect(mock.wecom.calls).toEqual({ gettoken: 2, corpTicket: 3, agentTicket: 2 });
    expect(creds.stats().errors['40014']).toBe(1);
    expect(logger.warnings.some((l) => /^WeCom ww5f3a2b1c0d9e8f70\/1000002: WeCom refused the access_token \(errcode 40014\)/.test(l))).toBe(true);
  });

  it('refetches the token once on 42001 (expired) from the app ticket call', async () => {
    const clock = fakeClock();
    const { mock, base } = await emulator(clock);
    // One 42001 answer in front of the emulator; every other call goes through to it.
    const agent = new MockAgent();
    agent.enableNetConnect(new URL(base).host);
    agent.get(base).intercept({ path: (p: string) => p.startsWith('/cgi-bin/ticket/get?'), method: 'GET' })
      .reply(200, { errcode: 42001, errmsg: 'access_token expired, hint: [x]' });
    const creds = createCredentials({ apiBase: base, wecomApiBase: base, tokenMode: 'stable', logger: spyLogger(), now: clock, dispatcher: agent, backoffMs: [0] });
    closers.push(() => creds.close(), () => agent.close());
    const ticket = await creds.ticket(app);
    expect(mock.wecom.validTickets('agent', CORP, APP.agentId)).toEqual([ticket.agent!.value]);
    expect(creds.stats().errors['42001']).toBe(1);
    // The 42001 never reached the emulator: it saw 1 token, then (after the refused one was dropped) the same token again.
    expect(mock.wecom.calls).toEqual({ gettoken: 2, corpTicket: 1, agentTicket: 1 });
  });

  it('keeps a burst against a wrong secret (40001) to one gettoken call, remembers it for errorCooldownMs, then asks again', async () => {
    const { clock, mock, logger, creds } = await credentials({ errorCooldownMs: 30_000 });
    const wrong: Account = { ...app, appSecret: 'not-the-secret-of-any-app-0000000000' };
    const errors = await Promise.all(Array.from({ length: 500 }, () => rejection(creds.ticket(wrong))));
    expect(mock.wecom.calls.gettoken).toBe(1);
    for (const e of errors) {
      expect([e.code, e.status, e.errcode]).toEqual(['wechat_error', 502, 40001]);
      expect(e.message).toMatch(/WeCom \/cgi-bin\/gettoken answered errcode 40001 .*corpSecret is wrong or was reset/);
    }
    const again = await rejection(creds.ticket(wrong));
    expect(again.errcode).toBe(40001);
    expect(mock.wecom.calls.gettoken).toBe(1);
    expect(creds.stats().cooldownHits).toBeGreaterThan(0);
    expect(logger.errors.filter((l) => /not asking WeCom again for 30 s/.test(l))).toHaveLength(1);
    clock.advance(30_001);
    await rejection(creds.ticket(wrong));
    expect(mock.wecom.calls.gettoken).toBe(2);
  });

  it.each<[string, Partial<Account>, { trustedIps?: string[]; jsapi?: boolean }, number, RegExp]>([
    ['an unknown corpId (40013)', { appId: 'wwnotacorp000000000' }, {}, 40013, /corpId is not valid/],
    ["an IP outside the app's trusted IPs (60020)", {}, { trustedIps: ['203.0.113.9'] }, 60020, /trusted IPs/],
    ['an app without JS-SDK permission (48002)', {}, { jsapi: false }, 48002, /API permissions/],
  ])('explains %s, without retrying', async (_, accountPatch, appPatch, errcode, hint) => {
    const { mock, creds } = await credentials({}, { wecom: { corps: [{ corpId: CORP, apps: [{ ...APP, ...appPatch }] }] } });
    const err = await rejection(creds.ticket({ ...app, ...accountPatch }));
    expect([err.status, err.errcode]).toEqual([502, errcode]);
    expect(err.message).toMatch(hint);
    expect(mock.wecom.calls.gettoken + mock.wecom.calls.corpTicket).toBeLessThanOrEqual(2);
  });

  it('never lets corpSecret, a token or a ticket reach a log line, an error or stats', async () => {
    const { clock, mock, logger, creds } = await credentials({ refreshAheadMs: 10 * MIN, retries: 0 });
    const seen: string[] = [];
    const collect = (p: Promise<unknown>) => p.catch((e: Error) => void seen.push(e.message, JSON.stringify(e)));
    await collect(creds.ticket({ ...app, appSecret: `${APP.secret.slice(1)}x` }));
    await creds.refresh(app);
    const ticket = await creds.ticket(app);
    const token = (await creds.accessToken(app)).accessToken;
    clock.advance(7200_000 - 5 * MIN);
    mock.wecom.invalidateTokens();
    await creds.ticket(app);
    await vi.waitFor(() => expect(creds.stats().refreshes).toBe(2));
    await collect(creds.refresh({ ...app, appSecret: OTHER_APP.secret, agentId: '999' }));
    const secrets = [APP.secret, OTHER_APP.secret, token, ticket.value, ticket.agent!.value, ...mock.wecom.validTickets('corp'), ...mock.wecom.validTickets('agent')];
    const everything = [...seen, ...logger.lines.map((l) => l.message), JSON.stringify(creds.stats())].join('\n');
    expect(logger.lines.length).toBeGreaterThan(1);
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});

describe('WeCom store keys', () => {
  /** A MemoryStore that records the keys written. */
  function recordingStore(clock: FakeClock) {
    const store = new MemoryStore({ now: clock });
    const keys = new Set<string>();
    const set = store.set.bind(store);
    store.set = (key: string, value: StoredCredential) => {
      keys.add(key);
      return set(key, value);
    };
    return { store: store as CredentialStore, keys };
  }

  it('keeps two apps of one corp apart: their own token, corp ticket and app ticket, under their own keys', async () => {
    const clock = fakeClock();
    const { mock, base } = await emulator(clock);
    const { store, keys } = recordingStore(clock);
    const creds = createCredentials({ apiBase: base, wecomApiBase: base, tokenMode: 'stable', logger: spyLogger(), store, now: clock });
    closers.push(() => creds.close());
    const other: Account = { type: 'wecom', appId: CORP, appSecret: OTHER_APP.secret, agentId: OTHER_APP.agentId };
    const [a, b] = await Promise.all([creds.ticket(app), creds.ticket(other)]);
    expect(a.agent!.value).not.toBe(b.agent!.value);
    expect(mock.wecom.validTickets('agent', CORP, APP.agentId)).toEqual([a.agent!.value]);
    expect(mock.wecom.validTickets('agent', CORP, OTHER_APP.agentId)).toEqual([b.agent!.value]);
    expect((await creds.accessToken(app)).accessToken).not.toBe((await creds.accessToken(other)).accessToken);
    expect(mock.wecom.calls).toEqual({ gettoken: 2, corpTicket: 2, agentTicket: 2 });
    expect([...keys].sort()).toEqual([
      `wecom:${CORP}:1000002:access_token`, `wecom:${CORP}:1000002:agent_config_ticket`, `wecom:${CORP}:1000002:jsapi_ticket`,
      `wecom:${CORP}:1000003:access_token`, `wecom:${CORP}:1000003:agent_config_ticket`, `wecom:${CORP}:1000003:jsapi_ticket`,
    ]);
  });

  it('keeps a corp apart from an official account with the same id string', async () => {
    const clock = fakeClock();
    const same = { appId: CORP, appSecret: OFFICIAL.appSecret };
    const { mock, base } = await emulator(clock, { accounts: [same] });
    const { store, keys } = recordingStore(clock);
    const creds = createCredentials({ apiBase: base, wecomApiBase: base, tokenMode: 'stable', logger: spyLogger(), store, now: clock });
    closers.push(() => creds.close());
    const [official, wecom] = await Promise.all([creds.ticket(same), creds.ticket(app)]);
    expect(mock.validTickets(CORP)).toEqual([official.value]);
    expect(mock.wecom.validTickets('corp', CORP)).toEqual([wecom.value]);
    expect([...keys].filter((k) => !k.startsWith('wecom:')).sort()).toEqual([`${CORP}:access_token`, `${CORP}:jsapi_ticket`]);
    expect([...keys].filter((k) => k.startsWith('wecom:'))).toHaveLength(3);
  });

  it('two instances sharing a store make one gettoken, one corp ticket and one app ticket call between them', async () => {
    const clock = fakeClock();
    const { mock, base } = await emulator(clock);
    const store = new MemoryStore({ now: clock });
    const make = () => {
      const creds = createCredentials({ apiBase: base, wecomApiBase: base, tokenMode: 'stable', logger: spyLogger(), store, now: clock, lockPollMs: 5 });
      closers.push(() => creds.close());
      return creds;
    };
    const first = make();
    const second = make();
    const a = await first.ticket(app);
    const b = await second.ticket(app);
    expect([b.value, b.agent?.value]).toEqual([a.value, a.agent?.value]);
    expect(mock.wecom.calls).toEqual({ gettoken: 1, corpTicket: 1, agentTicket: 1 });
    expect(second.stats().storeHits).toBe(2);
  });
});

describe('a host bound to an official account and a WeCom app', () => {
  const accounts: Options['accounts'] = [
    { ...OFFICIAL, allowedHosts: ['example.com'] },
    { type: 'wecom', corpId: CORP, corpSecret: APP.secret, agentId: APP.agentId, allowedHosts: ['example.com'] },
  ];

  it('signs for WeChat without container and for WeCom, with agentConfig, with container=wecom', async () => {
    const { mock, signer: s } = await signer(accounts);
    const url = 'https://example.com/page?x=1';
    const wechat = await s.sign(url);
    expect(wechat.appId).toBe(OFFICIAL.appId);
    expect(wechat.agentConfig).toBeUndefined();
    expect(mock.validTickets(OFFICIAL.appId).some((t) => signs(t, wechat, url) === wechat.signature)).toBe(true);
    const wecom = await s.sign(`${url}#hash`, { container: 'wecom' });
    expect(wecom.url).toBe(url);
    expectVerifiedByWecom(wecom, mock);
    // Cached apart: asking again answers each container's own signature.
    expect((await s.sign(url)).appId).toBe(OFFICIAL.appId);
    expect((await s.sign(url, { container: 'wecom' })).signature).toBe(wecom.signature);
  });

  it('answers the route the same way: container=wecom picks the WeCom app, an unknown container is a 400 naming the values', async () => {
    const clock = fakeClock();
    const { mock, base } = await emulator(clock);
    const handler = createFetchHandler({ accounts, apiBase: base, wecomApiBase: base, now: clock, logger: spyLogger(), warm: false });
    closers.push(() => handler.signer.close());
    const get = async (query: string) => {
      const res = await handler(new Request(`http://share.test/wx/signature?${query}`));
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const url = encodeURIComponent('https://www.example.com/a');
    const plain = await get(`url=${url}`);
    expect([plain.status, plain.body.appId]).toEqual([200, OFFICIAL.appId]);
    const explicit = await get(`url=${url}&container=wechat`);
    expect([explicit.status, explicit.body.appId, explicit.body.signature]).toEqual([200, OFFICIAL.appId, plain.body.signature]);
    const wecom = await get(`container=wecom&url=${url}`);
    expect(wecom.status).toBe(200);
    expectVerifiedByWecom(wecom.body as unknown as SignResult, mock);
    const cachedAnswer = await get(`container=wecom&url=${url}`);
    expect(cachedAnswer.body).toEqual(wecom.body);
    const unknown = await get(`url=${url}&container=alipay`);
    expect(unknown).toEqual({ status: 400, body: { error: { code: 'invalid_container', message: expect.stringMatching(/"alipay" is not known; use container=wechat or container=wecom/) } } });
    const twice = await get(`url=${url}&container=wecom&container=wecom`);
    expect([twice.status, twice.body.error]).toEqual([400, expect.objectContaining({ code: 'invalid_container' })]);
  });

  it('signRequest(…, { container: "wecom" }) signs for WeCom, and renderConfigScript writes its agentConfig', async () => {
    const { mock, signer: s } = await signer(accounts);
    const result = await signRequest(s, new Request('https://example.com/landing?x=1#top'), { container: 'wecom' });
    expectVerifiedByWecom(result, mock);
    const html = renderConfigScript(result);
    const json = JSON.parse(/<script[^>]*>(.*)<\/script>/.exec(html)![1]!) as SignResult;
    expect(json).toEqual(result);
    expect((await signRequest(s, new Request('https://example.com/landing'))).appId).toBe(OFFICIAL.appId);
  });

  it('1000 concurrent cold requests with container=wecom cost 1 gettoken, 1 corp ticket and 1 app ticket', async () => {
    const clock = fakeClock();
    const { mock, base } = await emulator(clock);
    const handler = createFetchHandler({ accounts, apiBase: base, wecomApiBase: base, now: clock, logger: spyLogger(), warm: false });
    closers.push(() => handler.signer.close());
    const answers = await Promise.all(
      Array.from({ length: 1000 }, async (_, i) => {
        const page = encodeURIComponent(`https://example.com/page/${i}`);
        const res = await handler(new Request(`http://share.test/wx/signature?url=${page}&container=wecom`));
        return { status: res.status, body: (await res.json()) as SignResult };
      }),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(mock.wecom.calls).toEqual({ gettoken: 1, corpTicket: 1, agentTicket: 1 });
    expect(mock.calls).toEqual({ token: 0, stableToken: 0, ticket: 0 });
    expectVerifiedByWecom(answers[999]!.body, mock);
  });

  it('answers 403 saying so when no WeCom app covers the host, though an official account does', async () => {
    const { signer: s } = await signer([
      { ...OFFICIAL, allowedHosts: ['example.com'] },
      { type: 'wecom', corpId: CORP, corpSecret: APP.secret, agentId: APP.agentId, allowedHosts: ['intranet.example.org'] },
    ]);
    expect((await s.sign('https://example.com/')).appId).toBe(OFFICIAL.appId);
    const err = await rejection(s.sign('https://example.com/', { container: 'wecom' }));
    expect([err.status, err.code]).toEqual([403, 'host_not_allowed']);
    expect(err.message).toMatch(/not in allowedHosts of any WeCom app \(container=wecom\)/);
    const official = await rejection(s.sign('https://intranet.example.org/'));
    expect([official.status, official.code]).toEqual([403, 'host_not_allowed']);
  });

  it('an official-account-only server says no WeCom app is configured for a container=wecom page', async () => {
    const { signer: s } = await signer([{ ...OFFICIAL, allowedHosts: ['example.com'] }]);
    const err = await rejection(s.sign('https://example.com/', { container: 'wecom' }));
    expect([err.status, err.code, err.message]).toEqual([403, 'host_not_allowed', 'no WeCom app is configured, so pages opened in WeCom (container=wecom) are not signed']);
  });

  it('a WeCom-only server refuses pages that do not say container=wecom', async () => {
    const { signer: s } = await signer([{ type: 'wecom', corpId: CORP, corpSecret: APP.secret }]);
    const err = await rejection(s.sign('https://example.com/'));
    expect([err.status, err.code]).toEqual([403, 'host_not_allowed']);
    expect(err.message).toBe('only WeCom apps are configured, so pages opened in WeChat are not signed (inside WeCom the client asks with container=wecom)');
    const wecom = await s.sign('https://example.com/', { container: 'wecom' });
    expect([wecom.appId, wecom.agentConfig]).toEqual([CORP, undefined]);
  });

  it('warm start loads the WeCom tickets at construction; ready() resolves with no request', async () => {
    const { mock, signer: s } = await signer(accounts, { warm: true });
    await s.ready();
    expect(mock.wecom.calls).toEqual({ gettoken: 1, corpTicket: 1, agentTicket: 1 });
    const before = mock.wecom.calls.gettoken + mock.wecom.calls.corpTicket + mock.wecom.calls.agentTicket;
    expectVerifiedByWecom(await s.sign('https://example.com/', { container: 'wecom' }), mock);
    expect(mock.wecom.calls.gettoken + mock.wecom.calls.corpTicket + mock.wecom.calls.agentTicket).toBe(before);
  });

  it('never answers corpSecret, a token or a ticket in a signature or an error answer', async () => {
    const clock = fakeClock();
    const { mock, base } = await emulator(clock);
    const logger = spyLogger();
    const bad: Options['accounts'] = [{ type: 'wecom', corpId: CORP, corpSecret: 'wrong-secret-0000000000000000000000', allowedHosts: ['bad.example'] }, ...accounts!];
    const handler = createFetchHandler({ accounts: bad, apiBase: base, wecomApiBase: base, now: clock, logger, warm: false });
    closers.push(() => handler.signer.close());
    const texts: string[] = [];
    for (const page of ['https://example.com/', 'https://bad.example/']) {
      const res = await handler(new Request(`http://share.test/wx/signature?container=wecom&url=${encodeURIComponent(page)}`));
      texts.push(await res.text());
    }
    const token = (await handler.signer.accessToken(CORP, APP.agentId)).accessToken;
    const secrets = [APP.secret, 'wrong-secret-0000000000000000000000', token, ...mock.wecom.validTickets('corp'), ...mock.wecom.validTickets('agent')];
    const everything = [...texts, ...logger.lines.map((l) => l.message)].join('\n');
    expect(texts[1]).toMatch(/40001/);
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});

describe('the token of a WeCom app (token service, signer.accessToken)', () => {
  it('GET /wx/access-token?appid=<corpId>&agentid=<agentId> answers that app\'s token; agentid is needed when the corp has several', async () => {
    const clock = fakeClock();
    const { base } = await emulator(clock);
    const KEY = 'service-key-0123456789abcdef';
    const handler = createFetchHandler({
      accounts: [
        { type: 'wecom', corpId: CORP, corpSecret: OTHER_APP.secret, agentId: OTHER_APP.agentId, allowedHosts: ['other.example'] },
        { type: 'wecom', corpId: CORP, corpSecret: APP.secret, agentId: APP.agentId },
      ],
      apiBase: base, wecomApiBase: base, now: clock, logger: spyLogger(), warm: false, tokenService: { keys: [KEY] },
    });
    closers.push(() => handler.signer.close());
    const get = async (query: string) => {
      const res = await handler(new Request(`http://share.test/wx/access-token?${query}`, { headers: { authorization: `Bearer ${KEY}` } }));
      return { status: res.status, body: (await res.json()) as { access_token?: string; error?: { code: string; message: string } } };
    };
    const first = await get(`appid=${CORP}&agentid=${APP.agentId}`);
    const second = await get(`appid=${CORP}&agentid=${OTHER_APP.agentId}`);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.body.access_token).toBe((await handler.signer.accessToken(CORP, APP.agentId)).accessToken);
    expect(first.body.access_token).not.toBe(second.body.access_token);
    const ambiguous = await get(`appid=${CORP}`);
    expect([ambiguous.status, ambiguous.body.error?.code]).toEqual([404, 'unknown_account']);
    expect(ambiguous.body.error?.message).toMatch(/several apps here: add agentid/);
    expect((await get(`appid=${CORP}&agentid=7`)).status).toBe(404);
    expect((await get(`agentid=${APP.agentId}`)).status).toBe(400);
  });

  it('picks the app by corpId and agentId; an official account with the same id answers without agentId', async () => {
    const clock = fakeClock();
    const same = { appId: CORP, appSecret: OFFICIAL.appSecret };
    const { mock, base } = await emulator(clock, { accounts: [same] });
    const s: Signer = createSigner({
      accounts: [
        { ...same, allowedHosts: ['example.com'] },
        { type: 'wecom', corpId: CORP, corpSecret: OTHER_APP.secret, agentId: OTHER_APP.agentId, allowedHosts: ['other.example'] },
        { type: 'wecom', corpId: CORP, corpSecret: APP.secret, agentId: APP.agentId },
      ],
      apiBase: base, wecomApiBase: base, now: clock, logger: spyLogger(), warm: false,
    });
    closers.push(() => s.close());
    const official = await s.accessToken(CORP);
    expect(mock.validTokens(CORP)).toContain(official.accessToken);
    const first = await s.accessToken(CORP, APP.agentId);
    const second = await s.accessToken(CORP, OTHER_APP.agentId);
    expect(new Set([official.accessToken, first.accessToken, second.accessToken]).size).toBe(3);
    expect(mock.wecom.calls.gettoken).toBe(2);
    const unknown = await rejection(s.accessToken(CORP, '42'));
    expect([unknown.status, unknown.code]).toEqual([404, 'unknown_account']);
  });
});
