// How a refused access_token is replaced, for every token held in a slot (an account's, an authorizer's): only while
// it is the current one, once however many report it (coalesced here, across instances through the store lock), and
// at most as often as the replacement limit allows (this instance's moments here, the fleet's in the store).
import type { GuardedStore } from '../guarded-store.js';
import type { Logger } from '../logger.js';
import type { StoredCredential } from '../stores/store.js';
import { DAY_MS, forceLimitError, forceRecord, forcesIn, recentForces, replaceLimit, type ReplaceLimit } from './force-limit.js';
import type { CredentialSlot } from './slot.js';

export interface TokenReplacementDeps {
  /** The token's slot. */
  slot: CredentialSlot;
  /** Who owns the token, for messages and log lines. */
  name: string;
  /** The store key of the fleet's record of replacements. */
  recordKey: string;
  store: GuardedStore;
  /** Whether the store is shared by other instances (the limit is then the fleet's). */
  fleet: boolean;
  logger: Logger;
  now: () => number;
  minFetchIntervalMs: number;
  secrets: () => string[];
  onStoreHit: () => void;
}

/** What a replacement answered: the current token, and whether this call made upstream issue it. */
export interface Replaced {
  credential: StoredCredential;
  refreshed: boolean;
  /** Why no new token was fetched, when refreshed is false. */
  reason?: string;
}

export class TokenReplacement {
  /** When this instance (and the fleet, as last read) replaced a refused token (injected clock). */
  #replacedAt: number[] = [];
  #replacing: { rejected: string; promise: Promise<Replaced> } | undefined;

  constructor(private readonly deps: TokenReplacementDeps) {}

  /**
   * Upstream refused `rejected`. A token never handed out forces nothing. `force`: upstream is asked for a new token
   * even though it may consider the old one valid (WeChat's limit then applies); `reported`: a caller reported it
   * (logged), rather than a getticket call.
   */
  replace(rejected: string, { force, reported }: { force: boolean; reported: boolean }): Promise<Replaced> {
    if (this.#replacing?.rejected === rejected) return this.#replacing.promise;
    const previous = this.#replacing?.promise;
    const promise = (async () => {
      await previous?.catch(() => undefined);
      return this.#replace(rejected, force, reported);
    })().finally(() => {
      if (this.#replacing?.promise === promise) this.#replacing = undefined;
    });
    this.#replacing = { rejected, promise };
    return promise;
  }

  async #replace(rejected: string, force: boolean, reported: boolean): Promise<Replaced> {
    const { slot, store, secrets } = this.deps;
    const current = (credential: StoredCredential, reason: string): Replaced => ({ credential, refreshed: false, reason });
    await slot.settled();
    const held = slot.peek();
    if (held && held.value !== rejected) return current(held, 'already replaced');
    const stored = await store.get(slot.key, secrets());
    if (slot.usable(stored) && stored.value !== rejected) {
      this.deps.onStoreHit();
      slot.adopt(stored);
      return current(stored, 'replaced by another instance');
    }
    if (!held && stored?.value !== rejected) {
      // Never handed out here nor by the fleet: the current token is loaded, nothing is forced.
      const loaded = await slot.get();
      if (loaded.value !== rejected) return current(loaded, 'not the current token');
    }
    const limit = replaceLimit(force, this.deps.minFetchIntervalMs);
    this.#checkLimit(this.#replacedAt, limit);
    let claimed = false;
    slot.drop(rejected);
    const beforeFetch = async () => {
      await this.#claim(limit);
      claimed = true;
      await store.delete(slot.key, rejected, secrets());
    };
    const fresh = await slot.load('foreground', { refused: rejected, force, beforeFetch });
    if (!claimed) return current(fresh, 'replaced by another instance');
    if (reported) this.deps.logger.warn(`${this.deps.name}: the ${slot.spec.label} was reported as refused; fetched a new one`);
    return { credential: fresh, refreshed: true };
  }

  #checkLimit(moments: number[], limit: ReplaceLimit): void {
    const t = this.deps.now();
    this.#replacedAt = recentForces(moments, t, limit.perDay);
    const refused = forceLimitError(this.deps.name, this.#replacedAt, t, this.deps.fleet, limit);
    if (refused) throw refused;
  }

  /** Under the token's lock: the fleet's replacements (the store's record) count too; this one is added to the record. */
  async #claim(limit: ReplaceLimit): Promise<void> {
    const { store, recordKey, secrets } = this.deps;
    const record = await store.get(recordKey, secrets(), DAY_MS);
    const t = this.deps.now();
    this.#checkLimit([...this.#replacedAt, ...forcesIn(record, t, limit.perDay)], limit);
    this.#replacedAt.push(t);
    await store.set(recordKey, forceRecord(this.#replacedAt), secrets());
  }
}
