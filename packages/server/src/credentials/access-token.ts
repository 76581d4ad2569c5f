// Where an account's access_token comes from: the company's getAccessToken, else the one held, the store, or WeChat
// (stable_token or classic token; a WeCom app's from WeCom's gettoken). Returns what it found; the owner (credentials.ts) keeps it.
import { ShareError } from '../errors.js';
import type { GuardedStore } from '../guarded-store.js';
import type { StoredCredential } from '../stores/store.js';
import type { CallOptions, Grant, WechatApi } from '../wechat-api.js';
import { accountKey, accountName, isWecom, tokenKey, type Account } from './account.js';
import { withDeadline } from './deadline.js';

export interface AccessTokenSourceDeps {
  api: WechatApi;
  shared: GuardedStore;
  tokenMode: 'stable' | 'classic';
  signal: AbortSignal;
  usable: (credential: StoredCredential | undefined) => credential is StoredCredential;
  expiry: (grant: Grant) => StoredCredential;
  /** Retries a WeChat call with back-off, `retries` times at most. */
  retry: <T>(attempt: () => Promise<T>, deadline: number, retries: number) => Promise<T>;
  onStoreHit: () => void;
}

export interface TokenRequest {
  deadline: number;
  retries: number;
  /** The token the account holds now, if any. */
  held: StoredCredential | undefined;
  /** A token WeChat refused: never answer it again. */
  avoid?: string | undefined;
  /** Values to blank out of store errors. */
  secrets: string[];
  /** stable_token only: ask WeChat for a new token even though the current one is valid (limited by WeChat). */
  forceRefresh?: boolean;
}

export interface TokenAnswer {
  value: string;
  /** Set when the token came from the store or WeChat: the account should hold it from now on. */
  adopt?: StoredCredential;
  /** Whether WeChat was asked. */
  fetched: boolean;
}

export function createAccessTokenSource(deps: AccessTokenSourceDeps) {
  const { api, shared, usable } = deps;

  async function fromCompany(getAccessToken: () => Promise<string>, deadline: number): Promise<TokenAnswer> {
    const value = await withDeadline(Promise.resolve().then(getAccessToken), deadline);
    if (typeof value !== 'string' || value === '') throw new Error('getAccessToken did not return a string');
    return { value, fetched: false };
  }

  return async function accessToken(account: Account, request: TokenRequest): Promise<TokenAnswer> {
    const { appId } = account;
    const key = tokenKey(accountKey(account));
    if (account.getAccessToken) return fromCompany(account.getAccessToken, request.deadline);
    const { held, avoid, secrets, deadline } = request;
    if (usable(held) && held.value !== avoid) return { value: held.value, fetched: false };
    const stored = await shared.get(key, secrets);
    if (usable(stored) && stored.value !== avoid) {
      deps.onStoreHit();
      return { value: stored.value, adopt: stored, fetched: false };
    }
    const secret = account.appSecret;
    if (!secret) {
      const fix = isWecom(account) ? 'set corpSecret (or WECOM_CORP_SECRET)' : 'set appSecret (or WX_APPSECRET), or getAccessToken';
      throw new ShareError('wechat_error', 502, `no secret for ${accountName(account)}: ${fix}`);
    }
    const call: CallOptions = { deadline, signal: deps.signal };
    const forceRefresh = request.forceRefresh === true;
    const grant = await deps.retry(
      () =>
        isWecom(account)
          ? api.wecomToken(appId, secret, call)
          : deps.tokenMode === 'classic'
            ? api.token(appId, secret, call)
            : api.stableToken(appId, secret, call, forceRefresh),
      deadline,
      request.retries,
    );
    const fresh = deps.expiry(grant);
    await shared.set(key, fresh, [...secrets, fresh.value]);
    return { value: fresh.value, adopt: fresh, fetched: true };
  };
}

export type AccessTokenSource = ReturnType<typeof createAccessTokenSource>;
