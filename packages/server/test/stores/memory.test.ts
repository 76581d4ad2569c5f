import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSigner } from '../../src/signer.js';
import { MemoryStore } from '../../src/stores/memory.js';
import { API_BASE, APP_ID, APP_SECRET, fakeWechat } from '../helpers/fake-wechat.js';
import { fakeClock, spyLogger } from '../helpers/fakes.js';

describe('MemoryStore', () => {
  const clock = () => 1_000_000;

  it('stores and returns copies', () => {
    const store = new MemoryStore({ now: clock });
    const credential = Object.freeze({ value: 'v', expiresAt: 2_000_000 });
    store.set('wx1:jsapi_ticket', credential);
    const got = store.get('wx1:jsapi_ticket');
    expect(got).toEqual(credential);
    expect(got).not.toBe(credential);
    expect(store.get('wx2:jsapi_ticket')).toBeUndefined();
  });

  it('drops expired values by the injected clock', () => {
    let t = 0;
    const store = new MemoryStore({ now: () => t });
    store.set('k', { value: 'v', expiresAt: 100 });
    t = 99;
    expect(store.get('k')?.value).toBe('v');
    t = 100;
    expect(store.get('k')).toBeUndefined();
  });

  it('deletes unconditionally, or only while the value is still the given one', () => {
    const store = new MemoryStore({ now: clock });
    store.set('k', { value: 'new', expiresAt: 2_000_000 });
    store.delete('k', 'old');
    expect(store.get('k')?.value).toBe('new');
    store.delete('k', 'new');
    expect(store.get('k')).toBeUndefined();
    store.set('k', { value: 'x', expiresAt: 2_000_000 });
    store.delete('k');
    expect(store.get('k')).toBeUndefined();
  });

  it('is bounded: the least recently used keys go first', () => {
    const store = new MemoryStore({ max: 2, now: clock });
    store.set('a', { value: 'a', expiresAt: 2_000_000 });
    store.set('b', { value: 'b', expiresAt: 2_000_000 });
    store.get('a');
    store.set('c', { value: 'c', expiresAt: 2_000_000 });
    expect(store.get('b')).toBeUndefined();
    expect(store.get('a')?.value).toBe('a');
  });

  it('works with the defaults for (), {} and { max: undefined }', () => {
    for (const store of [new MemoryStore(), new MemoryStore({}), new MemoryStore({ max: undefined, now: undefined })]) {
      store.set('k', { value: 'v', expiresAt: Date.now() + 1000 });
      expect(store.get('k')?.value).toBe('v');
    }
  });

  describe('lock', () => {
    afterEach(() => void vi.useRealTimers());

    it('has one holder per key until released; the release of a former holder frees nothing', () => {
      const store = new MemoryStore({ now: clock });
      const release = store.lock('wx1:jsapi_ticket', 5000);
      expect(release).toBeTypeOf('function');
      expect(store.lock('wx1:jsapi_ticket', 5000)).toBeUndefined();
      expect(store.lock('wx1:access_token', 5000)).toBeTypeOf('function');
      release!();
      const next = store.lock('wx1:jsapi_ticket', 5000);
      expect(next).toBeTypeOf('function');
      release!();
      expect(store.lock('wx1:jsapi_ticket', 5000)).toBeUndefined();
    });

    it('expires after ttlMs of real time, whatever the injected clock says', () => {
      vi.useFakeTimers({ toFake: ['performance'] });
      let t = 0;
      const store = new MemoryStore({ now: () => t });
      expect(store.lock('k', 5000)).toBeTypeOf('function');
      t += 3_600_000;
      expect(store.lock('k', 5000)).toBeUndefined();
      vi.advanceTimersByTime(4999);
      expect(store.lock('k', 5000)).toBeUndefined();
      vi.advanceTimersByTime(1);
      expect(store.lock('k', 5000)).toBeTypeOf('function');
    });

    it('four signers sharing one MemoryStore load the credentials once between them', async () => {
      const now = fakeClock();
      const wechat = fakeWechat({ now });
      const store = new MemoryStore({ now });
      const signers = Array.from({ length: 4 }, () =>
        createSigner({ appId: APP_ID, appSecret: APP_SECRET, apiBase: API_BASE, dispatcher: wechat.agent, now, store, logger: spyLogger(), allowedHosts: ['example.com'], warm: false }),
      );
      try {
        const signed = await Promise.all(signers.map((s, i) => s.sign(`https://example.com/${i}`)));
        expect(signed.map((s) => s.appId)).toEqual([APP_ID, APP_ID, APP_ID, APP_ID]);
        expect(wechat.calls).toEqual({ token: 0, stable_token: 1, ticket: 1 });
      } finally {
        for (const s of signers) await s.close();
        await wechat.close();
      }
    });
  });
});
