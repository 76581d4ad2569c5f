// The authorization-code exchange on hand-written fakes: one api_query_auth per code however many bring it, a failed
// exchange retried by the next call, at most MAX_EXCHANGES spent codes remembered.
import { describe, expect, it } from 'vitest';
import { AuthorizationExchange, MAX_EXCHANGES } from '../../src/component/authorization-exchange.js';
import type { StoredCredential } from '../../src/stores/store.js';
import type { AuthorizerGrant } from '../../src/wechat-api.js';

const PLATFORM = 'wx-platform';
const BRAND = 'wx-brand';
const NOW = 1_700_000_000_000;

function setUp() {
  const asked: string[] = [];
  /** What the next api_query_auth answers: a grant, or a rejection when set. */
  const next: { failure: Error | undefined } = { failure: undefined };
  const kept: [string, string][] = [];
  const adopted: StoredCredential[] = [];
  const stored: [string, StoredCredential][] = [];
  const exchange = new AuthorizationExchange({
    platformAppId: PLATFORM,
    api: {
      async queryAuth(appId, componentToken, authCode): Promise<AuthorizerGrant> {
        expect([appId, componentToken]).toEqual([PLATFORM, 'component-token']);
        asked.push(authCode);
        if (next.failure) throw next.failure;
        return { value: `token-for-${authCode}`, expiresIn: 7200, authorizerAppId: BRAND, refreshToken: `refresh-for-${authCode}` };
      },
    },
    store: {
      async set(key, value) {
        stored.push([key, value]);
      },
    },
    expiry: (grant) => ({ value: grant.value, expiresAt: NOW + grant.expiresIn * 1000 }),
    closing: new AbortController().signal,
    withComponentToken: (work) => work('component-token'),
    records: {
      async keep(appId, refreshToken) {
        kept.push([appId, refreshToken]);
      },
    },
    authorizerOf: (appId) => ({ token: { key: `component:${PLATFORM}:${appId}:authorizer_access_token`, adopt: (credential) => void adopted.push(credential) } }),
    secrets: () => [],
    guarded: (_appId, work) => work(),
  });
  return {
    exchange,
    asked,
    next,
    kept,
    adopted,
    stored,
  };
}

describe('AuthorizationExchange', () => {
  it('the same code brought twice at once, then again: one api_query_auth, the authorizer kept once', async () => {
    const t = setUp();
    const callback = t.exchange.authorize('code-1');
    const push = t.exchange.authorize('code-1');
    expect(await Promise.all([callback, push])).toEqual([BRAND, BRAND]);
    expect(await t.exchange.authorize('code-1')).toBe(BRAND);
    expect(t.asked).toEqual(['code-1']);
    expect(t.kept).toEqual([[BRAND, 'refresh-for-code-1']]);
    const fresh = { value: 'token-for-code-1', expiresAt: NOW + 7_200_000 };
    expect(t.adopted).toEqual([fresh]);
    expect(t.stored).toEqual([[`component:${PLATFORM}:${BRAND}:authorizer_access_token`, fresh]]);
  });

  it('a failed exchange is forgotten: the next call with the same code asks WeChat again', async () => {
    const t = setUp();
    t.next.failure = new Error('query_auth failed');
    await expect(t.exchange.authorize('code-1')).rejects.toThrow('query_auth failed');
    t.next.failure = undefined;
    expect(await t.exchange.authorize('code-1')).toBe(BRAND);
    expect(t.asked).toEqual(['code-1', 'code-1']);
    expect(t.kept).toEqual([[BRAND, 'refresh-for-code-1']]);
  });

  it(`remembers the latest ${MAX_EXCHANGES} spent codes: the oldest beyond them is exchanged again`, async () => {
    const t = setUp();
    for (let i = 0; i <= MAX_EXCHANGES; i++) await t.exchange.authorize(`code-${i}`);
    await t.exchange.authorize(`code-${MAX_EXCHANGES}`);
    expect(t.asked).toHaveLength(MAX_EXCHANGES + 1);
    await t.exchange.authorize('code-0');
    expect(t.asked).toHaveLength(MAX_EXCHANGES + 2);
    expect(t.asked.at(-1)).toBe('code-0');
  });
});
