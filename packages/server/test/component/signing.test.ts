// Which account signs in third-party platform mode (?appid= or the hosts template), the token service for an
// authorizer, and a restart on the same store: through wxShare() on loopback against the emulator (one fake clock).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createWechatMock, DEFAULT_COMPONENT } from '@share/wechat-mock';
import { wxShare } from '../../src/middleware.js';
import type { Options } from '../../src/options.js';
import { jsapiSignature } from '../../src/signature.js';
import { MemoryStore } from '../../src/stores/memory.js';
import { fakeClock, spyLogger } from '../helpers/fakes.js';

const component = { appId: DEFAULT_COMPONENT.appId, appSecret: DEFAULT_COMPONENT.appSecret, token: DEFAULT_COMPONENT.token, aesKey: DEFAULT_COMPONENT.aesKey };
const BRAND_A = DEFAULT_COMPONENT.authorizers[0]!.appId;
const BRAND_B = DEFAULT_COMPONENT.authorizers[1]!.appId;
const KEY = 'a-token-service-key-of-32-characters';

type Mock = ReturnType<typeof createWechatMock>;
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function emulator() {
  const clock = fakeClock(Date.now());
  const mock = createWechatMock({ now: clock });
  const api = await mock.listen();
  cleanups.push(() => mock.close(), () => mock.component.stopPushing());
  return { clock, mock, api };
}

async function serve(mock: Mock, api: string, clock: () => number, options: Options) {
  const logger = spyLogger();
  const share = wxShare({ component, apiBase: api, now: clock, logger, warm: false, client: false, ...options });
  const server: Server = createServer((req, res) => share(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cleanups.push(
    () => new Promise((resolve) => server.close(resolve)),
    () => share.signer.close(),
    () => {
      const secrets = [component.appSecret, component.token, component.aesKey, ...mock.component.validVerifyTickets(), ...mock.component.validComponentTokens()];
      for (const line of logger.lines) for (const secret of secrets) expect(line.message).not.toContain(secret);
    },
  );
  return { base, logger };
}

/** A server whose platform has a verify ticket and Brand A authorized (through the authorized push). */
async function authorizedWorld(options: Options = {}) {
  const { clock, mock, api } = await emulator();
  const store = new MemoryStore({ now: clock });
  const { base, logger } = await serve(mock, api, clock, { store, ...options });
  await mock.component.startPushing(`${base}/wx/component/events`);
  mock.component.authorize(BRAND_A);
  await mock.component.settled();
  return { clock, mock, api, store, base, logger };
}

async function sign(base: string, url: string, appid?: string) {
  const query = new URLSearchParams({ url });
  if (appid !== undefined) query.set('appid', appid);
  const res = await fetch(`${base}/wx/signature?${query}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string } } };
}

/** Whether the answer is signed with one of the authorizer's valid tickets. */
function signedBy(mock: Mock, appId: string, body: Record<string, unknown>): boolean {
  return mock.validTickets(appId).some(
    (ticket) => jsapiSignature({ ticket, nonceStr: body.nonceStr as string, timestamp: body.timestamp as number, url: body.url as string }) === body.signature,
  );
}

describe('GET /wx/signature in third-party platform mode', () => {
  it("?appid=<authorizer> signs with the authorizer's ticket and answers its appId", async () => {
    const { mock, base } = await authorizedWorld();
    const { status, body } = await sign(base, 'https://brand-a.example.com/page?x=1', BRAND_A);
    expect(status).toBe(200);
    expect(body.appId).toBe(BRAND_A);
    expect(signedBy(mock, BRAND_A, body)).toBe(true);
    // A second request is the cached answer, no new ticket.
    mock.resetCalls();
    expect((await sign(base, 'https://brand-a.example.com/page?x=1', BRAND_A)).body.signature).toBe(body.signature);
    expect(mock.calls.ticket).toBe(0);
  });

  it('an appid that has not authorized the platform gets 403 account_not_authorized', async () => {
    const { base } = await authorizedWorld();
    for (const appid of [BRAND_B, 'wxnotanauthorizer', 'bad appid!']) {
      const { status, body } = await sign(base, 'https://example.com/', appid);
      expect(status).toBe(403);
      expect(body.error?.code).toBe('account_not_authorized');
    }
  });

  it('without appid, the hosts template finds the authorizer in the page host', async () => {
    const { mock, base } = await authorizedWorld({ component: { ...component, hosts: '{appid}.h5.example.com' } });
    const { status, body } = await sign(base, `https://${BRAND_A}.h5.example.com/p`);
    expect(status).toBe(200);
    expect(body.appId).toBe(BRAND_A);
    expect(signedBy(mock, BRAND_A, body)).toBe(true);
    expect((await sign(base, `https://${BRAND_B}.h5.example.com/p`)).body.error?.code).toBe('account_not_authorized');
    // A host outside the template, and no account of its own: not signed, and the answer says how to name the brand.
    const outside = await sign(base, 'https://other.example.com/p');
    expect(outside.status).toBe(403);
    expect(outside.body.error).toEqual({
      code: 'host_not_allowed',
      message: "no authorizer named for other.example.com: give the brand's appid (?appid=, the script tag's data-appid) or serve the page on a host the component's hosts template matches",
    });
  });

  it('after the unauthorized push, its pages get 403, cached signatures included', async () => {
    const { mock, base } = await authorizedWorld();
    expect((await sign(base, 'https://brand-a.example.com/', BRAND_A)).status).toBe(200);
    mock.component.unauthorize(BRAND_A);
    await mock.component.settled();
    const { status, body } = await sign(base, 'https://brand-a.example.com/', BRAND_A);
    expect(status).toBe(403);
    expect(body.error?.code).toBe('account_not_authorized');
  });

  it("allowedHosts (the platform's development domains) still applies to the authorizers' pages", async () => {
    const { mock, base } = await authorizedWorld({ allowedHosts: ['h5.example.com'] });
    expect((await sign(base, 'https://brand.h5.example.com/p', BRAND_A)).status).toBe(200);
    const { status, body } = await sign(base, 'https://elsewhere.example.org/p', BRAND_A);
    expect(status).toBe(403);
    expect(body.error?.code).toBe('host_not_allowed');
    expect(signedBy(mock, BRAND_A, (await sign(base, 'https://brand.h5.example.com/q', BRAND_A)).body)).toBe(true);
  });

  it('combines with an official account of its own: its pages are signed by it', async () => {
    const { clock, mock, api } = await emulator();
    const { base } = await serve(mock, api, clock, { appId: 'wx0000000000000000', appSecret: 'mock-secret', allowedHosts: ['own.example.com'], store: new MemoryStore({ now: clock }) });
    const { status, body } = await sign(base, 'https://own.example.com/');
    expect(status).toBe(200);
    expect(body.appId).toBe('wx0000000000000000');
  });
});

describe('a restart', () => {
  it('a second server on the same store signs without waiting for a push and without re-authorizing', async () => {
    const { clock, mock, api, store, base } = await authorizedWorld();
    expect((await sign(base, 'https://brand-a.example.com/', BRAND_A)).status).toBe(200);
    mock.component.stopPushing();
    mock.component.resetCalls();
    mock.resetCalls();
    clock.advance(3 * 3600_000); // every token and ticket expired; the verify ticket (12 h) has not

    const second = await serve(mock, api, clock, { store });
    const { status, body } = await sign(second.base, 'https://brand-a.example.com/', BRAND_A);
    expect(status).toBe(200);
    expect(signedBy(mock, BRAND_A, body)).toBe(true);
    expect(mock.component.calls).toMatchObject({ startPushTicket: 0, componentToken: 1, authorizerToken: 1, getAuthorizerList: 0, queryAuth: 0 });
  });
});

describe('GET /wx/access-token?appid=<authorizer>', () => {
  it("answers the authorizer's access token to a key holder; 403 for an appid that has not authorized", async () => {
    const { mock, base } = await authorizedWorld({ tokenService: { keys: [KEY] } });
    const get = (appid: string) => fetch(`${base}/wx/access-token?appid=${appid}`, { headers: { authorization: `Bearer ${KEY}` } });
    const ok = await get(BRAND_A);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { access_token: string; expires_in: number };
    expect(mock.validTokens(BRAND_A)).toContain(body.access_token);
    expect(body.expires_in).toBeGreaterThan(0);
    const refused = await get(BRAND_B);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('account_not_authorized');
    expect((await fetch(`${base}/wx/access-token`, { headers: { authorization: `Bearer ${KEY}` } })).status).toBe(400);
  });
});

describe('POST /wx/access-token/refresh?appid=<authorizer>', () => {
  const refresh = (base: string, appid: string, token: string) =>
    fetch(`${base}/wx/access-token/refresh?appid=${appid}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ access_token: token }),
    });
  const tokenOf = async (res: Response) => (await res.json()) as { access_token: string; note?: string; error?: { code: string } };

  it("replaces a refused authorizer token as an account's: coalesced, one a minute, a made-up token forces nothing", async () => {
    const { clock, mock, base } = await authorizedWorld({ tokenService: { keys: [KEY] } });
    const current = await tokenOf(await fetch(`${base}/wx/access-token?appid=${BRAND_A}`, { headers: { authorization: `Bearer ${KEY}` } }));
    mock.component.resetCalls();

    // Ten services report the same refused token at once: one new token for all of them.
    const answers = await Promise.all(Array.from({ length: 10 }, () => refresh(base, BRAND_A, current.access_token)));
    expect(answers.map((res) => res.status)).toEqual(Array.from({ length: 10 }, () => 200));
    const fresh = new Set(await Promise.all(answers.map(async (res) => (await tokenOf(res)).access_token)));
    expect(fresh.size).toBe(1);
    const [replacement] = [...fresh];
    expect(replacement).not.toBe(current.access_token);
    expect(mock.validTokens(BRAND_A)).toContain(replacement);
    expect(mock.component.calls.authorizerToken).toBe(1);

    // The new one reported within the minute: 429 refresh_limited with Retry-After, WeChat not asked.
    const limited = await refresh(base, BRAND_A, replacement!);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await tokenOf(limited)).error?.code).toBe('refresh_limited');
    expect(mock.component.calls.authorizerToken).toBe(1);

    // A token never handed out forces nothing: the current one is answered.
    const madeUp = await tokenOf(await refresh(base, BRAND_A, 'a-token-nobody-was-given'));
    expect(madeUp).toMatchObject({ access_token: replacement, note: 'not refreshed: already replaced' });

    // A minute later the report is honoured again.
    clock.advance(61_000);
    const later = await tokenOf(await refresh(base, BRAND_A, replacement!));
    expect(later.access_token).not.toBe(replacement);
    expect(mock.validTokens(BRAND_A)).toContain(later.access_token);
    expect(mock.component.calls.authorizerToken).toBe(2);

    // An appid that has not authorized: 403, as for the token route.
    const refused = await refresh(base, BRAND_B, 'whatever-token');
    expect(refused.status).toBe(403);
    expect((await tokenOf(refused)).error?.code).toBe('account_not_authorized');
  });
});
