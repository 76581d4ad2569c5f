// Loads one shared credential under the store's lock: a usable value in the store is taken, else one instance fetches
// while the others wait for its value (or take over from a dead holder). Returns the value; the caller keeps it.
import type { GuardedStore } from '../guarded-store.js';
import type { StoredCredential } from '../stores/store.js';

export interface LockedLoad {
  shared: GuardedStore;
  key: string;
  /** Whether a stored value will do (usable, and newer than the one being replaced). */
  accept: (found: StoredCredential) => boolean;
  /** Stop waiting for another instance at this instant (performance.now() scale) and fetch here. */
  giveUpAt: number;
  secrets: () => string[];
  fetch: () => Promise<StoredCredential>;
  onStoreHit: () => void;
}

export async function loadUnderLock(load: LockedLoad): Promise<{ credential: StoredCredential; fetched: boolean }> {
  const { shared, key, accept } = load;
  const found = await shared.get(key, load.secrets());
  if (found && accept(found)) {
    load.onStoreHit();
    return { credential: found, fetched: false };
  }
  const lock = await shared.lockOrWait(key, accept, load.giveUpAt, load.secrets());
  if (lock.found) {
    load.onStoreHit();
    return { credential: lock.found, fetched: false };
  }
  try {
    const fresh = await load.fetch();
    await shared.set(key, fresh, [...load.secrets(), fresh.value]);
    return { credential: fresh, fetched: true };
  } finally {
    if (lock.release) void lock.release();
  }
}
