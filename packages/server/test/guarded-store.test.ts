import { describe, expect, it, vi } from 'vitest';
import { guardStore, STORE_RETRY_MS, type GuardedStoreOptions } from '../src/guarded-store.js';
import { MemoryStore } from '../src/stores/memory.js';
import type { CredentialStore } from '../src/stores/store.js';
import { fakeStoreHub } from './helpers/fake-store.js';
import { fakeClock, spyLogger } from './helpers/fakes.js';

const TOKEN = `TOKEN_${'q'.repeat(100)}`;

function guard(store: CredentialStore, overrides: Partial<GuardedStoreOptions> = {}) {
  const clock = fakeClock();
  const logger = spyLogger();
  const onError = vi.fn();
  const controller = new AbortController();
  const guarded = guardStore({
    store, logger, now: clock, timeoutMs: 50, lockTtlMs: 40, lockPollMs: 5, signal: controller.signal, onError, ...overrides,
  });
  return { clock, logger, onError, controller, guarded };
}

function broken(message = 'connect ECONNREFUSED 127.0.0.1:6379'): CredentialStore & { calls: number } {
  const fail = () => {
    store.calls++;
    throw new Error(message);
  };
  const store = { calls: 0, get: fail, set: fail, delete: fail, lock: fail, subscribe: fail };
  return store;
}

describe('guardStore', () => {
  it('passes calls through to a healthy store', async () => {
    const clock = fakeClock();
    const { guarded } = guard(new MemoryStore({ now: clock }), { now: clock });
    await guarded.set('wx1:jsapi_ticket', { value: 'v', expiresAt: clock() + 60_000 });
    expect((await guarded.get('wx1:jsapi_ticket'))?.value).toBe('v');
    await guarded.delete('wx1:jsapi_ticket', 'other');
    expect(await guarded.get('wx1:jsapi_ticket')).toBeDefined();
    await guarded.delete('wx1:jsapi_ticket', 'v');
    expect(await guarded.get('wx1:jsapi_ticket')).toBeUndefined();
  });

  it.each([
    ['an empty value', { value: '', expiresAt: 0 }],
    ['a value too long to be a token', { value: 'x'.repeat(5000), expiresAt: 0 }],
    ['an expiresAt further than 7200 s ahead', { value: TOKEN, expiresAt: 7_200_000 + 5 * 60_000 + 1 }],
    ['an expiresAt that is not finite', { value: TOKEN, expiresAt: Infinity }],
  ])('ignores %s and logs it once per key', async (_name, stored) => {
    const clock = fakeClock();
    const value = { ...stored, expiresAt: clock() + stored.expiresAt };
    const { guarded, logger } = guard({ get: () => value, set: () => {}, delete: () => {} }, { now: clock });
    for (let i = 0; i < 5; i++) expect(await guarded.get('wx1:jsapi_ticket')).toBeUndefined();
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]!.message).toContain('malformed value for wx1:jsapi_ticket');
    expect(logger.lines[0]!.message).not.toContain(TOKEN);
  });

  it('accepts an expiresAt 7200 s ahead plus the slack', async () => {
    const clock = fakeClock();
    const value = { value: TOKEN, expiresAt: clock() + 7_200_000 + 5 * 60_000 };
    const { guarded } = guard({ get: () => value, set: () => {}, delete: () => {} }, { now: clock });
    expect(await guarded.get('k')).toEqual(value);
  });

  it('releases a held lock even after the store was marked down', async () => {
    let released = 0;
    let failing = false;
    const store: CredentialStore = {
      get: () => {
        if (failing) throw new Error('ECONNRESET');
        return undefined;
      },
      set: () => {},
      delete: () => {},
      lock: () => () => void released++,
    };
    const { guarded } = guard(store);
    const outcome = await guarded.lockOrWait('k', () => true, performance.now() + 10_000);
    failing = true;
    expect(await guarded.get('k')).toBeUndefined(); // marks the store down
    await outcome.release!();
    expect(released).toBe(1);
  });

  it('treats a malformed stored value as absent', async () => {
    const { guarded } = guard({ get: () => ({ value: 42 }) as never, set: () => {}, delete: () => {} });
    expect(await guarded.get('k')).toBeUndefined();
  });

  it('reports an outage once, with secrets redacted, skips the store for STORE_RETRY_MS, then tries again', async () => {
    const store = broken(`ERR wrong value ${TOKEN}`);
    const { clock, logger, onError, guarded } = guard(store);
    for (let i = 0; i < 10; i++) expect(await guarded.get('k', [TOKEN])).toBeUndefined();
    expect(store.calls).toBe(1);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]!.message).toMatch(/credential store failed \(get: ERR wrong value \[redacted\]\)/);
    clock.advance(STORE_RETRY_MS);
    await guarded.set('k', { value: 'v', expiresAt: 1 });
    expect(store.calls).toBe(2);
    expect(logger.lines).toHaveLength(1);
  });

  it('says so once when the store answers again', async () => {
    const hub = fakeStoreHub();
    const { clock, logger, guarded } = guard(hub.view());
    hub.setBroken(true);
    await guarded.get('k');
    hub.setBroken(false);
    clock.advance(STORE_RETRY_MS);
    await guarded.get('k');
    await guarded.get('k');
    expect(logger.lines.map((l) => l.level)).toEqual(['error', 'warn']);
    expect(logger.lines[1]!.message).toMatch(/answers again/);
  });

  it('counts a call that takes longer than timeoutMs as failed', async () => {
    const { logger, guarded } = guard({ get: () => new Promise(() => {}), set: () => {}, delete: () => {} }, { timeoutMs: 10 });
    expect(await guarded.get('k')).toBeUndefined();
    expect(logger.lines[0]!.message).toMatch(/no answer within 10 ms/);
  });

  describe('lockOrWait', () => {
    const far = () => performance.now() + 5000;

    it('answers {} for a store without a lock', async () => {
      const { guarded } = guard({ get: () => undefined, set: () => {}, delete: () => {} });
      expect(await guarded.lockOrWait('k', () => true, far())).toEqual({});
    });

    it('takes a free lock and releases it', async () => {
      const hub = fakeStoreHub();
      const view = hub.view();
      const { guarded } = guard(view);
      const outcome = await guarded.lockOrWait('k', () => true, far());
      expect(hub.locks.has('k')).toBe(true);
      await outcome.release?.();
      expect(view.released).toBe(1);
      expect(hub.locks.has('k')).toBe(false);
    });

    it('waits for the holder and takes the accepted value it writes', async () => {
      const hub = fakeStoreHub();
      const { guarded } = guard(hub.view(), { lockTtlMs: 5000 });
      hub.holdLock('k', 5000);
      hub.setFromElsewhere('k', { value: 'old', expiresAt: 1 });
      setTimeout(() => hub.setFromElsewhere('k', { value: 'new', expiresAt: 2 }), 20);
      const outcome = await guarded.lockOrWait('k', (found) => found.value === 'new', far());
      expect(outcome.found?.value).toBe('new');
      expect(outcome.release).toBeUndefined();
    });

    it('a waiter that gets the lock after the holder wrote its value and freed the lock takes that value and does not fetch', async () => {
      // The holder writes and frees its lock between the waiter's read and the waiter's next lock attempt.
      const hub = fakeStoreHub();
      const view = hub.view();
      const { guarded } = guard(view, { lockTtlMs: 5000 });
      hub.holdLock('k', 5000);
      const get = view.get.bind(view);
      let reads = 0;
      view.get = async (key: string) => {
        const answer = await get(key);
        if (++reads === 1) {
          hub.setFromElsewhere('k', { value: 'delivered', expiresAt: 2 });
          hub.locks.delete('k');
        }
        return answer;
      };
      const outcome = await guarded.lockOrWait('k', (found) => found.value === 'delivered', far());
      expect(outcome.found?.value).toBe('delivered');
      expect(outcome.release).toBeUndefined();
      await vi.waitFor(() => expect(view.released).toBe(1));
      expect(hub.locks.has('k')).toBe(false);
    });

    it('tries the lock again after its ttl', async () => {
      const hub = fakeStoreHub();
      const { guarded } = guard(hub.view(), { lockTtlMs: 30 });
      hub.holdLock('k', 30);
      const outcome = await guarded.lockOrWait('k', () => false, far());
      expect(outcome.release).toBeTypeOf('function');
    });

    it('gives up at giveUpAt with a warning, so the caller can fetch', async () => {
      const hub = fakeStoreHub();
      const { logger, guarded } = guard(hub.view(), { lockTtlMs: 60_000 });
      hub.holdLock('k', 60_000);
      expect(await guarded.lockOrWait('k', () => false, performance.now() + 30)).toEqual({});
      expect(logger.lines.some((l) => /holds the refresh lock of k/.test(l.message))).toBe(true);
    });

    it('answers {} when the lock call fails', async () => {
      const { guarded } = guard(broken());
      expect(await guarded.lockOrWait('k', () => true, far())).toEqual({});
    });

    it('stops waiting when closed', async () => {
      const hub = fakeStoreHub();
      const { controller, guarded } = guard(hub.view(), { lockTtlMs: 60_000 });
      hub.holdLock('k', 60_000);
      const waiting = guarded.lockOrWait('k', () => false, far());
      controller.abort();
      await expect(waiting).rejects.toThrow();
    });
  });

  describe('subscribe', () => {
    it('subscribes once, and close() unsubscribes', async () => {
      const hub = fakeStoreHub();
      const view = hub.view();
      const spy = vi.spyOn(view, 'subscribe');
      const { guarded } = guard(view);
      const listener = vi.fn();
      guarded.subscribe(listener);
      guarded.subscribe(listener);
      await vi.waitFor(() => expect(spy).toHaveBeenCalledTimes(1));
      hub.setFromElsewhere('wx1:jsapi_ticket', { value: 'v', expiresAt: 1 });
      await vi.waitFor(() => expect(listener).toHaveBeenCalledWith('wx1:jsapi_ticket'));
      guarded.subscribe(listener);
      expect(spy).toHaveBeenCalledTimes(1);
      await guarded.close();
      expect(view.unsubscribed).toBe(1);
    });

    it('tries a failed subscription again after STORE_RETRY_MS', async () => {
      const store = broken();
      const { clock, guarded } = guard(store);
      guarded.subscribe(() => {});
      await vi.waitFor(() => expect(store.calls).toBe(1));
      guarded.subscribe(() => {});
      expect(store.calls).toBe(1);
      clock.advance(STORE_RETRY_MS);
      guarded.subscribe(() => {});
      await vi.waitFor(() => expect(store.calls).toBe(2));
    });
  });
});
