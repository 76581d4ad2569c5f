// What the owner of all credentials (credentials.ts) lends to the owner of one kind (an account's AccountCredentials,
// the third-party platform's credentials): its one WechatApi, guarded store, retry and expiry helpers, counters,
// failure log, warm timer and closing signal, so that none of them builds its own.
import type { GuardedStore } from '../guarded-store.js';
import type { StoredCredential } from '../stores/store.js';
import type { Grant, WechatApi } from '../wechat-api.js';
import type { ResolvedConfig } from './config.js';
import type { Counters } from './counters.js';
import type { FailureLog } from './failure-log.js';
import type { CredentialSlot, FetchRequest } from './slot.js';
import type { Warmth } from './warm.js';

export interface SharedCredentialDeps {
  config: ResolvedConfig;
  api: WechatApi;
  store: GuardedStore;
  /** Retries a WeChat call with back-off (counting each failure by errcode). */
  retry: <T>(attempt: () => Promise<T>, request: FetchRequest) => Promise<T>;
  /** The stored form of a grant, its lifetime stretched to at least minFetchIntervalMs. */
  expiry: (grant: Grant) => StoredCredential;
  counters: Counters;
  logFailure: FailureLog;
  warmth: Warmth;
  /** Aborted when the credentials close. */
  closing: AbortSignal;
  /** Slots whose store key another instance's change notice drops (their local copy); untrack() when forgotten. */
  track(slots: readonly CredentialSlot[]): void;
  untrack(slots: readonly CredentialSlot[]): void;
  /** Subscribes to the store's change notices unless already subscribed (again after a store outage). */
  listen(): void;
}
