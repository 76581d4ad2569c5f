// MemoryStore: the default CredentialStore, in process and bounded (lru-cache). Shares nothing between processes; signers
// of one process that share an instance take turns through its lock.
import { LRUCache } from 'lru-cache';
import type { CredentialStore, StoredCredential } from './store.js';

export interface MemoryStoreOptions {
  /** How many keys (two per account) are kept; the least recently used go first. Defaults to 1000. */
  max?: number;
  /** Clock in ms since the epoch, used to drop expired values. Defaults to `Date.now`. */
  now?: () => number;
}

export class MemoryStore implements CredentialStore {
  readonly #cache: LRUCache<string, StoredCredential>;
  readonly #now: () => number;
  /** Held locks by key: who holds it and until when (performance.now() scale). At most one per key. */
  readonly #locks = new Map<string, { holder: symbol; until: number }>();

  constructor(options: MemoryStoreOptions = {}) {
    this.#cache = new LRUCache({ max: options.max ?? 1000 });
    this.#now = options.now ?? Date.now;
  }

  get(key: string): StoredCredential | undefined {
    const credential = this.#cache.get(key);
    if (credential === undefined) return undefined;
    if (credential.expiresAt <= this.#now()) {
      this.#cache.delete(key);
      return undefined;
    }
    return { ...credential };
  }

  set(key: string, credential: StoredCredential): void {
    this.#cache.set(key, { value: credential.value, expiresAt: credential.expiresAt });
  }

  delete(key: string, ifValue?: string): void {
    if (ifValue !== undefined && this.#cache.peek(key)?.value !== ifValue) return;
    this.#cache.delete(key);
  }

  /**
   * Signers sharing this store take turns: one refreshes, the others wait for its value. The ttl counts real time
   * (how long a holder may work), not the injected clock, which says how long credentials live.
   */
  lock(key: string, ttlMs: number): (() => void) | undefined {
    const t = performance.now();
    const held = this.#locks.get(key);
    if (held !== undefined && held.until > t) return undefined;
    const holder = Symbol(key);
    this.#locks.set(key, { holder, until: t + ttlMs });
    return () => {
      if (this.#locks.get(key)?.holder === holder) this.#locks.delete(key);
    };
  }
}
