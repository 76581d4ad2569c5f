import { describe, expect, it } from 'vitest';
import { MemoryStore } from '@share/server';
import { createInFlight, trackedStore } from '../src/in-flight.js';

/** A promise and the functions that settle it. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('createInFlight', () => {
  it('counts tracked work until it settles, resolved or rejected', async () => {
    const inFlight = createInFlight();
    const ok = deferred<string>();
    const failing = deferred<string>();
    const tracked = inFlight.track(ok.promise);
    const trackedFailure = inFlight.track(failing.promise).catch((error: unknown) => error);
    expect(inFlight.count).toBe(2);
    ok.resolve('done');
    expect(await tracked).toBe('done');
    expect(inFlight.count).toBe(1);
    failing.reject(new Error('no'));
    expect(await trackedFailure).toBeInstanceOf(Error);
    expect(inFlight.count).toBe(0);
  });

  it('ends a begun piece of work once, however often its end is called', () => {
    const inFlight = createInFlight();
    const end = inFlight.begin();
    inFlight.begin();
    end();
    end();
    expect(inFlight.count).toBe(1);
  });

  it('settles only after the work in flight has ended and stayed quiet', async () => {
    const inFlight = createInFlight();
    const work = deferred<void>();
    inFlight.track(work.promise);
    let settled = false;
    const waiting = inFlight.settled(2, 1).then(() => {
      settled = true;
    });
    // Work that starts as the first finishes (a store call leading to an upstream call) keeps it waiting.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const next = inFlight.begin();
    work.resolve();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(settled).toBe(false);
    next();
    await waiting;
    expect(settled).toBe(true);
  });
});

describe('trackedStore', () => {
  it('answers as the store does and counts its calls while pending', async () => {
    const inFlight = createInFlight();
    const store = trackedStore(new MemoryStore(), inFlight);
    const setting = store.set('k', { value: 'v', expiresAt: Date.now() + 60_000 });
    if (setting instanceof Promise) {
      expect(inFlight.count).toBe(1);
      await setting;
    }
    expect(await store.get('k')).toEqual({ value: 'v', expiresAt: expect.any(Number) });
    expect(inFlight.count).toBe(0);
  });
});
