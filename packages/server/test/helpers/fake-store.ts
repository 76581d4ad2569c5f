// A hand-written shared CredentialStore with lock and subscribe: one hub, one view per emulated instance.
import type { CredentialStore, StoredCredential } from '../../src/stores/store.js';

export function fakeStoreHub() {
  const data = new Map<string, StoredCredential>();
  const locks = new Map<string, { until: number; owner: number }>();
  const listeners = new Map<number, (key: string) => void>();
  const log: string[] = [];
  /** Called when a lock attempt finds the lock held: waitForRefusal() resolves. */
  const refusalWaiters = new Map<string, () => void>();
  let broken = false;
  let views = 0;

  const check = (op: string, key: string) => {
    log.push(`${op} ${key}`);
    if (broken) throw new Error(`connect ECONNREFUSED 127.0.0.1:6379 (${op})`);
  };
  const notify = (from: number, key: string) => {
    for (const [id, listener] of listeners) if (id !== from) listener(key);
  };

  const hub = {
    data,
    log,
    locks,
    /** Every call throws while broken (Redis down). */
    setBroken(value: boolean) {
      broken = value;
    },
    /** A store as one instance sees it: it is not told about its own changes. */
    view(): CredentialStore & { id: number; released: number; unsubscribed: number } {
      const id = ++views;
      const view = {
        id,
        released: 0,
        unsubscribed: 0,
        async get(key: string) {
          check('get', key);
          const c = data.get(key);
          return c && { ...c };
        },
        async set(key: string, credential: StoredCredential) {
          check('set', key);
          data.set(key, { ...credential });
          notify(id, key);
        },
        async delete(key: string, ifValue?: string) {
          check('delete', key);
          if (ifValue !== undefined && data.get(key)?.value !== ifValue) return;
          data.delete(key);
          notify(id, key);
        },
        async lock(key: string, ttlMs: number) {
          check('lock', key);
          const held = locks.get(key);
          if (held && held.until > performance.now()) {
            refusalWaiters.get(key)?.();
            refusalWaiters.delete(key);
            return undefined;
          }
          const mine = { until: performance.now() + ttlMs, owner: id };
          locks.set(key, mine);
          return async () => {
            view.released++;
            if (locks.get(key) === mine) locks.delete(key);
          };
        },
        async subscribe(listener: (key: string) => void) {
          check('subscribe', '*');
          listeners.set(id, listener);
          return async () => {
            view.unsubscribed++;
            listeners.delete(id);
          };
        },
      };
      return view;
    },
    /** Another instance (not a view under test) takes the lock. */
    holdLock(key: string, ttlMs: number) {
      locks.set(key, { until: performance.now() + ttlMs, owner: 0 });
    },
    /** Resolves when a view's next attempt to take `key`'s lock finds it held. */
    waitForRefusal(key: string): Promise<void> {
      return new Promise((resolve) => refusalWaiters.set(key, resolve));
    },
    /** The lock another instance holds on `key` runs out now (its ttl has passed). */
    expireLock(key: string) {
      const held = locks.get(key);
      if (held) held.until = 0;
    },
    /** Another instance writes a value. */
    setFromElsewhere(key: string, credential: StoredCredential) {
      data.set(key, { ...credential });
      notify(0, key);
    },
  };
  return hub;
}
