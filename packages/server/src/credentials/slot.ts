// One credential (an access_token, a jsapi_ticket, a WeCom ticket, …) and everything about it: the value held and its
// expiry, the one load under way, the renewal ahead of expiry, what a failure taught (cool-down, outage back-off), its
// store key and the store lock. Every credential kind is a slot with its own fetch; this is the only state machine.
import type { GuardedStore } from '../guarded-store.js';
import type { StoredCredential } from '../stores/store.js';
import { withDeadline } from './deadline.js';
import type { ShareError } from '../errors.js';
import { remember, type FailureMemory, type FailureTimings } from './failure-memory.js';

export interface SlotTimings extends FailureTimings {
  /** A credential counts as expired this long before its expiresAt, ms. */
  safetyMarginMs: number;
  /** A credential just fetched is not fetched again ahead of expiry for this long, ms. */
  minFetchIntervalMs: number;
  /** A load settles (value or error) within this, ms. */
  requestTimeoutMs: number;
  /** One upstream call: a waiter for another instance's lock gives up in time to make one itself, ms. */
  upstreamTimeoutMs: number;
}

/** What one load asks of the slot's fetch. */
export interface FetchRequest {
  /** performance.now() scale. */
  deadline: number;
  /** Aborted when the credentials close. */
  signal: AbortSignal;
  /** Retries of a transient failure: none during an outage, so that each attempt is one probe. */
  retries: number;
  /** The value being replaced, if any. */
  replacing: StoredCredential | undefined;
  /** Set when a refused value is being replaced. */
  replacement: Replacement | undefined;
}

/** A value upstream refused, being replaced: neither it nor the store's copy of it will do. */
export interface Replacement {
  refused: string;
  /** Ask upstream for a new value even though it may consider the old one valid (stable_token's force_refresh). */
  force: boolean;
  /** Runs under the store lock just before upstream is asked; may throw to refuse the replacement. */
  beforeFetch: () => Promise<void>;
}

export interface SlotSpec {
  /** The store key, and the slot's name in process. */
  key: string;
  /** What it is, for log lines: 'access_token', 'jsapi_ticket', … */
  label: string;
  /** Renewed in the background when less than this is left before expiry, ms; 0: only loaded when gone. */
  aheadMs: number;
  /** Whether the value is shared through the store (a company token server's token is not). */
  shared: boolean;
  fetch(request: FetchRequest): Promise<StoredCredential>;
  /** Told about every load that got a value (for counters). */
  onLoaded?: () => void;
}

export interface SlotDeps {
  store: GuardedStore;
  now: () => number;
  timings: SlotTimings;
  retries: number;
  /** Values to blank out of store errors: the secret and the credentials held. */
  secrets: () => string[];
  onStoreHit: () => void;
  /** The answer a failure earns (no secret in it). */
  describe: (cause: unknown) => ShareError;
  /** Told about every failed load, with what was remembered of it (for the log line). */
  onFailure: (error: ShareError, cause: unknown, memory: FailureMemory | undefined, background: boolean) => void;
}

/** The part of a slot's aheadMs window cut from its start, lowest and highest: see CredentialSlot.due(). */
const SPREAD_MIN = 0.1;
const SPREAD_MAX = 0.5;

/** A fraction in [0, 1) fixed by the key (FNV-1a): the same on every instance, so a fleet agrees on the moment. */
function spreadOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) / 2 ** 32;
}

/** A load's outcome: the value, and whether upstream was asked for it (else the store had it). */
interface Loaded {
  credential: StoredCredential;
  fetched: boolean;
}

export class CredentialSlot {
  #held: StoredCredential | undefined;
  #loading: Promise<StoredCredential> | undefined;
  #failure: FailureMemory | undefined;
  /** No load ahead of expiry before this instant (injected clock). */
  #nextAheadAt = 0;
  readonly #closing = new AbortController();

  constructor(
    readonly spec: SlotSpec,
    private readonly deps: SlotDeps,
  ) {}

  get key(): string {
    return this.spec.key;
  }

  /** The value held, usable or not. */
  get held(): StoredCredential | undefined {
    return this.#held;
  }

  get loading(): boolean {
    return this.#loading !== undefined;
  }

  /** The failure remembered now, if it still keeps upstream from being asked. */
  failure(t = this.deps.now()): FailureMemory | undefined {
    return this.#failure !== undefined && t < this.#failure.until ? this.#failure : undefined;
  }

  usable(credential: StoredCredential | undefined, t = this.deps.now()): credential is StoredCredential {
    return credential !== undefined && t < credential.expiresAt - this.deps.timings.safetyMarginMs;
  }

  /** The held value when it can be used now, synchronously. */
  peek(): StoredCredential | undefined {
    return this.usable(this.#held) ? this.#held : undefined;
  }

  /**
   * The one due test: whether a load should start now in the background. Yes when none is usable; ahead of expiry,
   * once less than the slot's renewal lead is left: aheadMs minus a spread of 10 % to 50 % of it, fixed per key, so
   * that credentials loaded together renew over minutes rather than in one second, and late enough in the window that
   * a day needs at most one renewal per lifetime (a 7200 s ticket renewed 300 to 540 s early: 13 fetches a day).
   */
  due(t = this.deps.now()): boolean {
    if (this.#loading || this.failure(t)) return false;
    if (!this.usable(this.#held, t)) return true;
    return this.spec.aheadMs > 0 && t >= this.#nextAheadAt && this.#held.expiresAt - t < this.#leadMs;
  }

  /** How long before expiry the slot renews: within its aheadMs window, at a point fixed by its key. */
  get #leadMs(): number {
    return this.spec.aheadMs * (1 - SPREAD_MIN - (SPREAD_MAX - SPREAD_MIN) * spreadOf(this.key));
  }

  /** The held value, or the one load that gets a new one; a remembered failure is thrown again without a call. */
  get(): Promise<StoredCredential> {
    const held = this.peek();
    if (held) return Promise.resolve(held);
    if (this.#loading) return this.#loading;
    const failure = this.failure();
    if (failure) return Promise.reject(failure.cause);
    return this.load('foreground');
  }

  /**
   * The one load of this credential: joined by everyone while it runs. Across instances one fetches under the store
   * lock and the others take its value. A failure is remembered (cool-down or outage) and rethrown as it was.
   */
  load(kind: 'foreground' | 'background', replacement?: Replacement): Promise<StoredCredential> {
    if (this.#loading) return this.#loading;
    const { now, timings } = this.deps;
    const background = kind === 'background';
    if (background) this.#nextAheadAt = now() + timings.minFetchIntervalMs;
    const replacing = this.usable(this.#held) ? this.#held : undefined;
    const deadline = performance.now() + timings.requestTimeoutMs;
    const loading = withDeadline(this.#fetchShared(deadline, replacing, replacement), deadline)
      .then(
        ({ credential, fetched }) => {
          this.#held = credential;
          this.#failure = undefined;
          // One just fetched is not fetched again ahead of expiry for a while, whatever lifetime upstream gave it;
          // one answered the same as before (a stable token outside its renewal window) not before it expires.
          if (fetched) this.#nextAheadAt = now() + timings.minFetchIntervalMs;
          if (replacing !== undefined && credential.value === replacing.value) this.#nextAheadAt = replacing.expiresAt;
          this.spec.onLoaded?.();
          return credential;
        },
        (err: unknown) => {
          this.#remember(err, background);
          throw err;
        },
      )
      .finally(() => {
        if (this.#loading === loading) this.#loading = undefined;
      });
    this.#loading = loading;
    return loading;
  }

  /** A load in the background: the held value is still handed out meanwhile; a failure is only logged. */
  renew(): Promise<void> {
    return this.load('background').then(
      () => undefined,
      () => undefined,
    );
  }

  /** Waits for a load under way, if any, without its outcome. */
  async settled(): Promise<void> {
    await this.#loading?.catch(() => undefined);
  }

  /** Takes a value another instance delivered through the store, when it is newer than the one held. */
  adopt(found: StoredCredential): void {
    if (this.#held === undefined || found.expiresAt > this.#held.expiresAt) this.#held = found;
  }

  /** Forgets the held value (another instance changed it, or upstream refused it); `value`: only when it is that one. */
  drop(value?: string): void {
    if (value === undefined || this.#held?.value === value) this.#held = undefined;
  }

  /** Forgets the held value and the remembered failure, here and in the store (the value only while it is the same). */
  async reset(): Promise<void> {
    const held = this.#held;
    this.#held = undefined;
    this.#failure = undefined;
    this.#nextAheadAt = 0;
    if (this.spec.shared) await this.deps.store.delete(this.key, held?.value, this.deps.secrets());
  }

  /** Ends the load under way and refuses new upstream calls. */
  close(): void {
    this.#closing.abort();
  }

  /** Stored values are taken when usable, newer than the one being replaced and not a refused one. */
  #fetchShared(deadline: number, replacing: StoredCredential | undefined, replacement: Replacement | undefined): Promise<Loaded> {
    const fetch = async () => {
      await replacement?.beforeFetch();
      const retries = this.#failure?.kind === 'outage' ? 0 : this.deps.retries;
      return this.spec.fetch({ deadline, signal: this.#closing.signal, retries, replacing, replacement });
    };
    if (!this.spec.shared) return fetch().then((credential) => ({ credential, fetched: true }));
    const refused = replacement?.refused;
    const accept = (found: StoredCredential) =>
      this.usable(found) && found.value !== refused && (replacing === undefined || found.expiresAt > replacing.expiresAt);
    return this.#underLock(accept, deadline, fetch);
  }

  /** The store's value when it will do; else one instance fetches under the store lock while the others wait for it. */
  async #underLock(accept: (found: StoredCredential) => boolean, deadline: number, fetch: () => Promise<StoredCredential>): Promise<Loaded> {
    const { store, secrets, onStoreHit, timings } = this.deps;
    const found = await store.get(this.key, secrets());
    if (found && accept(found)) {
      onStoreHit();
      return { credential: found, fetched: false };
    }
    // Leave time for one upstream call of our own should the lock holder never deliver.
    const lock = await store.lockOrWait(this.key, accept, deadline - timings.upstreamTimeoutMs, secrets(), this.#closing.signal);
    if (lock.found) {
      onStoreHit();
      return { credential: lock.found, fetched: false };
    }
    try {
      const fresh = await fetch();
      await store.set(this.key, fresh, [...secrets(), fresh.value]);
      return { credential: fresh, fetched: true };
    } finally {
      if (lock.release) void lock.release();
    }
  }

  #remember(cause: unknown, background: boolean): void {
    const { now, timings } = this.deps;
    const error = this.deps.describe(cause);
    const memory = remember(cause, error, this.#failure, { now: now(), closing: this.#closing.signal.aborted, timings });
    if (memory) this.#failure = memory;
    this.deps.onFailure(error, cause, memory, background);
  }
}
