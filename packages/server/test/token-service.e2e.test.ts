// The central token server end to end over real loopback HTTP: wxShare() with tokenService keys and the real signer
// in front of the @share/wechat-mock emulator, tokenServiceClient() as another server of the company would use it.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWechatMock, type WechatMock } from '@share/wechat-mock';
import express from 'express';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FORCE_REFRESH_LIMIT } from '../src/credentials.js';
import type { Logger } from '../src/logger.js';
import { wxShare } from '../src/middleware.js';
import { jsapiSignature } from '../src/signature.js';
import { tokenServiceClient, TokenServiceError } from '../src/token-service-client.js';
import { fakeClock, spyLogger, type FakeClock } from './helpers/fakes.js';

const APP_ID = 'wxcentral000000001';
const APP_SECRET = 'central-app-secret-0123456789abcd';
const KEY = 'central-service-key-0123456789abcdef';
const cleanups: (() => Promise<void>)[] = [];
/** Every value that must never appear in a log line or an answer: the secret, the key, every token issued. */
const secrets = new Set<string>([APP_SECRET, KEY]);
const logger = spyLogger();

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(() => {
  const logged = logger.lines.map((line) => line.message).join('\n');
  for (const secret of secrets) expect(logged).not.toContain(secret);
});

async function listen(app: express.Express): Promise<string> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function emulator(clock: FakeClock): Promise<{ mock: WechatMock; apiBase: string }> {
  const mock = createWechatMock({ accounts: [{ appId: APP_ID, appSecret: APP_SECRET }], now: clock });
  const apiBase = await mock.listen(0, '127.0.0.1');
  cleanups.push(async () => {
    for (const value of [...mock.validTokens(APP_ID), ...mock.validTickets(APP_ID)]) secrets.add(value);
    await mock.close();
  });
  return { mock, apiBase };
}

/** The share deployment that owns the token: warm (the default), with the token service on. */
async function centralServer() {
  const clock = fakeClock();
  const { mock, apiBase } = await emulator(clock);
  const share = wxShare({ appId: APP_ID, appSecret: APP_SECRET, apiBase, now: clock, logger, allowedHosts: ['example.com'], tokenService: { keys: [KEY] } });
  cleanups.push(() => share.signer.close());
  const origin = await listen(express().use(share));
  const client = () => tokenServiceClient({ url: `${origin}/wx/access-token`, key: KEY, now: clock });
  return { clock, mock, share, origin, client };
}

const tokenCalls = (mock: WechatMock) => mock.calls.token + mock.calls.stableToken;

describe('share as the central token server, end to end', () => {
  it('another server gets the same token through tokenServiceClient as the signer uses, at no upstream cost', async () => {
    const { mock, share, origin, client } = await centralServer();
    await share.signer.ready();
    const before = { ...mock.calls };
    const token = await client().getAccessToken();
    expect(token).toBe((await share.signer.accessToken()).accessToken);
    expect(mock.validTokens(APP_ID)).toEqual([token]);
    // The ticket the signatures use was fetched with that token: the page's signature checks out against it.
    const url = 'https://example.com/a';
    const signed = (await (await fetch(`${origin}/wx/signature?url=${encodeURIComponent(url)}`)).json()) as { signature: string; nonceStr: string; timestamp: number };
    const [ticket] = mock.validTickets(APP_ID);
    expect(signed.signature).toBe(jsapiSignature({ ticket: ticket!, nonceStr: signed.nonceStr, timestamp: signed.timestamp, url }));
    expect(mock.calls).toEqual(before);
  });

  it('50 concurrent reports of the current token make exactly one upstream token call; an already replaced token makes none', async () => {
    const { clock, mock, share, client } = await centralServer();
    await share.signer.ready();
    const old = await client().getAccessToken();
    const before = tokenCalls(mock);
    // 50 other servers (one client each), all told by WeChat at once that the token is refused.
    const answers = await Promise.all(Array.from({ length: 50 }, () => client().reportInvalid(old)));
    expect(tokenCalls(mock) - before).toBe(1);
    const fresh = answers[0]!;
    expect(fresh).not.toBe(old);
    expect(new Set(answers)).toEqual(new Set([fresh]));
    expect(mock.validTokens(APP_ID)).toEqual([fresh]);
    expect((await share.signer.accessToken()).accessToken).toBe(fresh);
    // A late report of the replaced token: the current one, no upstream call.
    clock.advance(FORCE_REFRESH_LIMIT.spacingMs);
    expect(await client().reportInvalid(old)).toBe(fresh);
    expect(tokenCalls(mock) - before).toBe(1);
  });

  it('a report within minFetchIntervalMs (60 s, longer than WeChat\'s 30 s) of the last forced refresh is 429 refresh_limited, saying so, with no upstream call', async () => {
    const { clock, mock, share, client } = await centralServer();
    await share.signer.ready();
    const fresh = await client().reportInvalid(await client().getAccessToken());
    const before = tokenCalls(mock);
    clock.advance(5_000);
    const err = await client().reportInvalid(fresh).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(TokenServiceError);
    expect((err as TokenServiceError).status).toBe(429);
    // The code and Retry-After, never the service's own text (it could echo the Authorization header).
    expect((err as TokenServiceError).message).toMatch(/answered 429 refresh_limited; retry after 55 s$/);
    expect([(err as TokenServiceError).code, (err as TokenServiceError).retryAfterSeconds]).toEqual(['refresh_limited', 55]);
    expect(tokenCalls(mock)).toBe(before);
  });

  it('a wrong secret at start-up (warm) logs the hint before any request arrives, without the secret', async () => {
    const clock = fakeClock();
    const { mock, apiBase } = await emulator(clock);
    const wrongSecret = 'wrong-app-secret-0123456789abcdef';
    secrets.add(wrongSecret);
    let logged!: (line: string) => void;
    const firstError = new Promise<string>((resolve) => (logged = resolve));
    const lines: string[] = [];
    const startupLogger: Logger = {
      warn: (message) => void lines.push(message),
      error: (message) => {
        lines.push(message);
        logged(message);
      },
    };
    const share = wxShare({ appId: APP_ID, appSecret: wrongSecret, apiBase, now: clock, logger: startupLogger, allowedHosts: ['example.com'], tokenService: { keys: [KEY] } });
    cleanups.push(() => share.signer.close());
    const line = await firstError;
    expect(line).toMatch(/errcode 40125/);
    expect(line).toMatch(/appSecret|WX_APPSECRET/);
    expect(mock.calls).toEqual({ token: 0, stableToken: 1, ticket: 0 });
    for (const message of lines) expect(message).not.toContain(wrongSecret);
  });
});
