// The credential store interface: where access tokens and jsapi tickets live between requests and instances.
// Methods may answer directly or with a promise, like express-rate-limit's Store.

export type Awaitable<T> = T | Promise<T>;

export interface StoredCredential {
  value: string;
  /** When WeChat stops accepting it, in ms since the epoch. */
  expiresAt: number;
}

/**
 * Keys are `${appId}:access_token`, `${appId}:jsapi_ticket` and `${appId}:force_refresh` (when the fleet forced
 * stable_token refreshes, for WeChat's daily limit: lives up to a day); a store adds its own prefix.
 * The in-process cache stays in front of the store, so get() is not called on every request.
 */
export interface CredentialStore {
  get(key: string): Awaitable<StoredCredential | undefined>;
  set(key: string, credential: StoredCredential): Awaitable<void>;
  /** Deletes the key; with `ifValue`, only while the stored value is still that one (another instance may have replaced it). */
  delete(key: string, ifValue?: string): Awaitable<void>;
  /**
   * Optional lock across instances, so one of them refreshes while the others wait for the new value
   * through get(). Resolves to a release function when acquired, or undefined while another holder has it.
   * The lock expires by itself after ttlMs, so a holder that dies cannot block the others.
   */
  lock?(key: string, ttlMs: number): Awaitable<(() => Awaitable<void>) | undefined>;
  /** Optional: calls listener with the key whenever another instance sets or deletes it. Resolves to an unsubscribe function. */
  subscribe?(listener: (key: string) => void): Awaitable<() => Awaitable<void>>;
  close?(): Awaitable<void>;
}
