// The credential store as the credentials use it: every call bounded, an outage reported once and ridden out in process.
import { setTimeout as sleep } from 'node:timers/promises';
import { DeadlineError, withDeadline } from './credentials/deadline.js';
import type { Logger } from './logger.js';
import { redact } from './redact.js';
import type { CredentialStore, StoredCredential } from './stores/store.js';

/** While the store fails, it is asked again at most this often (injected clock), ms. */
export const STORE_RETRY_MS = 5000;
/** A stored value longer than this is not a token or ticket. */
export const MAX_STORED_VALUE_LENGTH = 2048;
/** A stored expiresAt further ahead than WeChat's 7200 s lifetime plus this slack is not believed, ms. */
export const STORED_EXPIRY_SLACK_MS = 5 * 60_000;
const MAX_LIFETIME_MS = 7200 * 1000;

export interface GuardedStoreOptions {
  /** undefined: no store, every call answers "nothing there" at once. */
  store: CredentialStore | undefined;
  logger: Logger;
  /** Clock for the retry window, ms since the epoch. */
  now: () => number;
  /** A call that takes longer counts as failed, ms. */
  timeoutMs: number;
  /** How long the lock is held at most, ms. */
  lockTtlMs: number;
  /** How often a waiter reads the store while another instance holds the lock, ms. */
  lockPollMs: number;
  /** Ends waits on close. */
  signal: AbortSignal;
  /** Told about every failed call (for counters). */
  onError?: () => void;
}

export interface LockOutcome {
  /** We hold the lock: call this when done. */
  release?: () => Promise<void>;
  /** Another instance delivered this value while we waited. */
  found?: StoredCredential;
}

export interface GuardedStore {
  /**
   * The stored value, or undefined when there is none, it is malformed, or the store failed. A value whose expiresAt
   * lies further ahead than maxLifetimeMs (default: WeChat's 7200 s) plus a slack is malformed.
   */
  get(key: string, secrets?: string[], maxLifetimeMs?: number): Promise<StoredCredential | undefined>;
  set(key: string, credential: StoredCredential, secrets?: string[]): Promise<void>;
  delete(key: string, ifValue: string | undefined, secrets?: string[]): Promise<void>;
  /**
   * Takes the store's lock on `key`; while another instance holds it, reads the store every lockPollMs until a
   * value passing `accept` appears, and tries the lock again after each read.
   * Having taken the lock, reads the store once more: a value written meanwhile is answered as `found` and the lock
   * freed, so the caller never fetches what another instance just delivered. Gives up at `giveUpAt`
   * (performance.now() scale) and when the store has no lock or fails: then the caller fetches without it.
   */
  lockOrWait(
    key: string,
    accept: (found: StoredCredential) => boolean,
    giveUpAt: number,
    secrets?: string[],
    /** Ends the wait (the caller's own signal, so that many waiters never pile listeners onto one); default: close. */
    waitSignal?: AbortSignal,
  ): Promise<LockOutcome>;
  /** Subscribes `listener` to other instances' changes, once; a failed attempt is retried on a later call. */
  subscribe(listener: (key: string) => void): void;
  /** Unsubscribes. */
  close(): Promise<void>;
}

type Outcome<T> = { ok: true; value: T } | { ok: false };

/** What a process without a shared store uses: nothing is kept, there is no lock and no notice. */
const NO_STORE: CredentialStore = { get: () => undefined, set: () => {}, delete: () => {} };

export function guardStore(options: GuardedStoreOptions): GuardedStore {
  const { logger, now, signal } = options;
  const store = options.store ?? NO_STORE;
  let down = false;
  let retryAt = 0;
  let unsubscribe: (() => unknown) | undefined;
  let subscribing = false;
  const warnedKeys = new Set<string>();

  /** `always`: try even while the store is marked down (releasing a held lock must not wait for the retry window). */
  async function call<T>(what: string, op: () => unknown, secrets: string[] = [], timeoutMs = options.timeoutMs, always = false): Promise<Outcome<T>> {
    if (down && now() < retryAt && !always) return { ok: false };
    try {
      const answer = Promise.resolve().then(op);
      const value = (timeoutMs < Infinity ? await withDeadline(answer, performance.now() + timeoutMs) : await answer) as T;
      if (down) {
        down = false;
        logger.warn('credential store answers again; using it again');
      }
      return { ok: true, value };
    } catch (err) {
      options.onError?.();
      retryAt = now() + STORE_RETRY_MS;
      if (!down) {
        down = true;
        const message = err instanceof DeadlineError ? `no answer within ${timeoutMs} ms` : err instanceof Error ? err.message : String(err);
        const why = redact(message, secrets);
        logger.error(`credential store failed (${what}: ${why}); carrying on with the in-process cache only until it answers again`);
      }
      return { ok: false };
    }
  }

  async function get(key: string, secrets: string[] = [], maxLifetimeMs = MAX_LIFETIME_MS): Promise<StoredCredential | undefined> {
    const r = await call<StoredCredential | undefined>('get', () => store.get(key), secrets);
    if (!r.ok || r.value === undefined || r.value === null) return undefined;
    const why = malformed(r.value, maxLifetimeMs);
    if (why === undefined) return r.value;
    if (!warnedKeys.has(key)) {
      warnedKeys.add(key);
      logger.warn(`the credential store holds a malformed value for ${key} (${why}); ignoring it and fetching from WeChat`);
    }
    return undefined;
  }

  /** Why a stored value cannot be a credential, or undefined when it is well formed. */
  function malformed(v: unknown, maxLifetimeMs: number): string | undefined {
    if (typeof v !== 'object' || v === null) return 'not an object';
    const { value, expiresAt } = v as Partial<StoredCredential>;
    if (typeof value !== 'string' || value === '' || value.length > MAX_STORED_VALUE_LENGTH) return 'value is not a plausible token';
    if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) return 'expiresAt is not a number';
    if (expiresAt > now() + maxLifetimeMs + STORED_EXPIRY_SLACK_MS) return `expiresAt is further ahead than ${maxLifetimeMs / 1000} s`;
    return undefined;
  }

  return {
    get,
    async set(key, credential, secrets) {
      await call('set', () => store.set(key, credential), secrets);
    },
    async delete(key, ifValue, secrets) {
      await call('delete', () => store.delete(key, ifValue), secrets);
    },

    async lockOrWait(key, accept, giveUpAt, secrets = [], waitSignal = signal) {
      if (!store.lock) return {};
      const fresh = async (): Promise<StoredCredential | undefined> => {
        const found = await get(key, secrets);
        return found && accept(found) ? found : undefined;
      };
      for (;;) {
        const r = await call<(() => unknown) | undefined>('lock', () => store.lock!(key, options.lockTtlMs), secrets);
        if (!r.ok) return {};
        const unlock = r.value;
        if (unlock) {
          const release = async () => void (await call('unlock', unlock, secrets, options.timeoutMs, true));
          // Another instance may have written the value and freed the lock between our last read and our lock:
          // then take its value and free the lock at once instead of fetching again.
          const found = await fresh();
          if (!found) return { release };
          void release();
          return { found };
        }
        // Held elsewhere: look for the holder's value, then try the lock again. A dead holder's lock expires by
        // itself, and the next SET NX lets exactly one waiter take over while the others keep waiting.
        await sleep(options.lockPollMs, undefined, { signal: waitSignal });
        const found = await fresh();
        if (found) return { found };
        if (down) return {};
        if (performance.now() >= giveUpAt) {
          logger.warn(`another instance holds the refresh lock of ${key} and delivered nothing; fetching here`);
          return {};
        }
      }
    },

    subscribe(listener) {
      if (!store.subscribe || unsubscribe || subscribing || signal.aborted || (down && now() < retryAt)) return;
      subscribing = true;
      // Never awaited by a request, so no timeout: a slow subscription is not a failure.
      void call<() => unknown>('subscribe', () => store.subscribe!(listener), [], Infinity).then((r) => {
        subscribing = false;
        if (!r.ok) return;
        if (signal.aborted) void call('unsubscribe', r.value);
        else unsubscribe = r.value;
      });
    },

    async close() {
      const stop = unsubscribe;
      unsubscribe = undefined;
      if (stop) await call('unsubscribe', stop);
    },
  };
}
