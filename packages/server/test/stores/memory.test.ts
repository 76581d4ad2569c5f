import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/stores/memory.js';

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
});
