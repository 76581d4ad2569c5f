// Authorization codes exchanged for an authorizer's credentials (api_query_auth): the refresh token stored, the
// authorizer_access_token kept. The callback and the `authorized` push bring the same code: one exchange however many do.
import type { GuardedStore } from '../guarded-store.js';
import type { StoredCredential } from '../stores/store.js';
import type { AuthorizerGrant, Grant, WechatApi } from '../wechat-api.js';
import type { CredentialSlot } from '../credentials/slot.js';
import type { AuthorizerRecords } from './authorizer-records.js';

/** Authorization codes whose exchange is remembered (the callback and the push bring the same one). */
export const MAX_EXCHANGES = 1000;

export interface AuthorizationExchangeDeps {
  platformAppId: string;
  api: Pick<WechatApi, 'queryAuth'>;
  store: Pick<GuardedStore, 'set'>;
  /** The stored form of a grant. */
  expiry: (grant: Grant) => StoredCredential;
  /** Aborted when the credentials close. */
  closing: AbortSignal;
  /** Runs a call with the component token (a refused one replaced once). */
  withComponentToken: <T>(work: (token: string) => Promise<T>) => Promise<T>;
  records: Pick<AuthorizerRecords, 'keep'>;
  /** The authorizer of an appid, made known (and kept warm) when it is new. */
  authorizerOf: (appId: string) => { token: Pick<CredentialSlot, 'key' | 'adopt'> };
  secrets: () => string[];
  /** Refuses once closed; turns any failure into the ShareError a request answers. */
  guarded: <T>(appId: string, work: () => Promise<T>) => Promise<T>;
}

export class AuthorizationExchange {
  readonly #exchanges = new Map<string, Promise<string>>();

  constructor(private readonly deps: AuthorizationExchangeDeps) {}

  /** Exchanges an authorization code once: its appid. */
  authorize(authCode: string): Promise<string> {
    const exchanges = this.#exchanges;
    const running = exchanges.get(authCode);
    if (running) return running;
    // Kept after it succeeds (the code is spent), the oldest dropped beyond MAX_EXCHANGES; a failure is forgotten.
    const exchange = this.#exchange(authCode);
    exchange.catch(() => exchanges.delete(authCode));
    exchanges.set(authCode, exchange);
    if (exchanges.size > MAX_EXCHANGES) exchanges.delete(exchanges.keys().next().value!);
    return exchange;
  }

  #exchange(authCode: string): Promise<string> {
    const { platformAppId, api, store, expiry, closing, withComponentToken, records, authorizerOf, secrets, guarded } = this.deps;
    return guarded(platformAppId, async () => {
      const grant = await withComponentToken((token) => api.queryAuth(platformAppId, token, authCode, { signal: closing }));
      const appId = grant.authorizerAppId;
      await records.keep(appId, grant.refreshToken);
      const authorizer = authorizerOf(appId);
      const fresh = expiry(grant);
      authorizer.token.adopt(fresh);
      await store.set(authorizer.token.key, fresh, secrets());
      return appId;
    });
  }
}
