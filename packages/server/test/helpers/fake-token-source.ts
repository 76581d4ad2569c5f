// A fake signer's token part (TokenSource), until the real signer offers accessToken()/refreshAccessToken().
import { ShareError } from '../../src/errors.js';
import type { AccessToken, RefreshedAccessToken, TokenSource } from '../../src/token-source.js';

export interface FakeTokenSource extends TokenSource {
  current: AccessToken;
  /** When set, refreshing the current token is refused with this message, as the signer does: 429 refresh_limited. */
  refusal: string | undefined;
  /** When set, accessToken() and refreshAccessToken() reject with it. */
  failWith: unknown;
  /** When set, accessToken() and refreshAccessToken() throw it before returning any promise (a bug). */
  throwNow: unknown;
  calls: { accessToken: (string | undefined)[]; refresh: string[] };
}

export function fakeTokenSource(now: () => number): FakeTokenSource {
  let n = 1;
  const fresh = (): AccessToken => ({ accessToken: `token-${n}-${'x'.repeat(20)}`, expiresAt: now() + 7_140_000 });
  const source: FakeTokenSource = {
    current: fresh(),
    refusal: undefined,
    failWith: undefined,
    throwNow: undefined,
    calls: { accessToken: [], refresh: [] },
    accessToken(appId) {
      if (source.throwNow !== undefined) throw source.throwNow;
      source.calls.accessToken.push(appId);
      if (source.failWith !== undefined) return Promise.reject(source.failWith);
      return Promise.resolve({ ...source.current });
    },
    refreshAccessToken(rejected) {
      if (source.throwNow !== undefined) throw source.throwNow;
      return refreshed(rejected);
    },
    async ready() {},
  };
  async function refreshed(rejected: string): Promise<RefreshedAccessToken> {
    source.calls.refresh.push(rejected);
    if (source.failWith !== undefined) throw source.failWith;
    if (rejected !== source.current.accessToken) return { ...source.current, refreshed: false, reason: 'already replaced' };
    if (source.refusal !== undefined) throw new ShareError('refresh_limited', 429, source.refusal, undefined, 20);
    n++;
    source.current = fresh();
    return { ...source.current, refreshed: true };
  }
  return source;
}
