import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CredentialStore } from '@share/server';
import { MAX_KEY_LENGTH, MAX_VALUE_BYTES, SqliteStore } from '../src/index.js';
import { findDriver } from '../src/driver.js';

const fixture = join(import.meta.dirname, 'fixtures', 'lock-process.mjs');
const key = 'wx1234567890abcdef:access_token';
const start = Date.UTC(2026, 2, 10, 4);

let dir: string;
let file: string;
let t: number;
const now = () => t;
const stores: SqliteStore[] = [];
function open(): SqliteStore {
  const store = new SqliteStore({ filename: file, now });
  stores.push(store);
  return store;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'share-credentials-'));
  file = join(dir, 'credentials.db');
  t = start;
});
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SqliteStore', () => {
  it('is a @share/server CredentialStore with lock, subscribe and close (tsc checks the types)', () => {
    const store: CredentialStore = open();
    expect(typeof store.lock).toBe('function');
    expect(typeof store.subscribe).toBe('function');
    expect(typeof store.close).toBe('function');
  });

  it('round trip: get answers what set stored, and undefined for a missing key', () => {
    const store = open();
    expect(store.get(key)).toBeUndefined();
    store.set(key, { value: 'token-1', expiresAt: start + 7_200_000 });
    expect(store.get(key)).toEqual({ value: 'token-1', expiresAt: start + 7_200_000 });
    store.set(key, { value: 'token-2', expiresAt: start + 3_600_000 });
    expect(store.get(key)).toEqual({ value: 'token-2', expiresAt: start + 3_600_000 });
  });

  it('a value expires by the injected clock, and its row is deleted when read', () => {
    const store = open();
    store.set(key, { value: 'token-1', expiresAt: start + 1000 });
    t = start + 999;
    expect(store.get(key)?.value).toBe('token-1');
    t = start + 1000;
    expect(store.get(key)).toBeUndefined();
    t = start; // the row is gone, not only hidden: going back in time does not bring it back
    expect(store.get(key)).toBeUndefined();
  });

  it('does not store a credential that has already expired', () => {
    const store = open();
    store.set(key, { value: 'stale', expiresAt: start });
    expect(store.get(key)).toBeUndefined();
  });

  it('delete removes the key; delete(key, ifValue) only while that value is still stored', () => {
    const store = open();
    store.set(key, { value: 'token-1', expiresAt: start + 60_000 });
    store.delete(key, 'token-0');
    expect(store.get(key)?.value).toBe('token-1');
    store.delete(key, 'token-1');
    expect(store.get(key)).toBeUndefined();
    store.set(key, { value: 'token-2', expiresAt: start + 60_000 });
    store.delete(key);
    expect(store.get(key)).toBeUndefined();
  });

  it('two stores on one file (two connections) see each other’s writes and deletes', () => {
    const a = open();
    const b = open();
    a.set(key, { value: 'from-a', expiresAt: start + 60_000 });
    expect(b.get(key)?.value).toBe('from-a');
    b.set(key, { value: 'from-b', expiresAt: start + 60_000 });
    a.delete(key, 'from-a'); // a's value was replaced: a's compare-and-delete leaves b's alone
    expect(a.get(key)?.value).toBe('from-b');
    b.delete(key);
    expect(a.get(key)).toBeUndefined();
  });

  it('a value survives closing and reopening the file (a restart)', () => {
    const first = new SqliteStore({ filename: file, now });
    first.set(key, { value: 'refresh-token', expiresAt: start + 86_400_000 });
    first.close();
    const second = open();
    expect(second.get(key)).toEqual({ value: 'refresh-token', expiresAt: start + 86_400_000 });
  });

  describe('lock', () => {
    it('one holder at a time, across two connections; free again once released', () => {
      const a = open();
      const b = open();
      const release = a.lock(key, 10_000);
      expect(release).toBeTypeOf('function');
      expect(b.lock(key, 10_000)).toBeUndefined();
      expect(a.lock(key, 10_000)).toBeUndefined(); // the same connection is no exception
      expect(b.lock('other:access_token', 10_000)).toBeTypeOf('function'); // per key
      release!();
      const second = b.lock(key, 10_000);
      expect(second).toBeTypeOf('function');
      expect(a.lock(key, 10_000)).toBeUndefined();
    });

    it('is taken over once its ttl has passed (a dead holder blocks no one), and the late release leaves the new holder alone', () => {
      const a = open();
      const b = open();
      const late = a.lock(key, 5_000)!;
      t = start + 4_999;
      expect(b.lock(key, 5_000)).toBeUndefined();
      t = start + 5_000;
      const release = b.lock(key, 5_000);
      expect(release).toBeTypeOf('function');
      late(); // a wakes up and releases: b still holds it
      expect(a.lock(key, 5_000)).toBeUndefined();
      release!();
      expect(a.lock(key, 5_000)).toBeTypeOf('function');
    });

    it('rejects ttls that are not positive numbers', () => {
      const store = open();
      for (const ttl of [0, -1, Number.NaN, Infinity, '100' as unknown as number]) {
        expect(() => store.lock(key, ttl)).toThrow('SqliteStore.lock: ttlMs must be a positive number of ms');
      }
    });
  });

  describe('subscribe', () => {
    function openPolling(): SqliteStore {
      const store = new SqliteStore({ filename: file, now, pollIntervalMs: 5 });
      stores.push(store);
      return store;
    }

    it('hears another connection’s new value for a key it read or wrote, not its own writes nor keys it never used', async () => {
      const a = openPolling();
      const b = openPolling();
      const other = 'wx2:jsapi_ticket';
      const heard: string[] = [];
      let waiting: (() => void) | undefined;
      const nextChange = () => new Promise<void>((resolve) => (waiting = resolve));
      const unsubscribe = a.subscribe((changed) => {
        heard.push(changed);
        waiting?.();
      });
      a.set(key, { value: 'mine', expiresAt: start + 60_000 }); // its own: never reported
      expect(a.get(other)).toBeUndefined(); // read while missing: watched from now on
      b.set('wx3:access_token', { value: 'never-read-by-a', expiresAt: start + 60_000 }); // not watched: not reported
      let change = nextChange();
      b.set(other, { value: 'ticket-from-b', expiresAt: start + 60_000 });
      await change;
      change = nextChange();
      b.set(key, { value: 'token-from-b', expiresAt: start + 60_000 });
      await change;
      expect(heard).toEqual([other, key]); // each change once, in order; a's own write and the unwatched key not at all
      expect(a.get(key)?.value).toBe('token-from-b');
      unsubscribe();
    });

    it('refuses a listener that is not a function and a pollIntervalMs that is not a positive number', () => {
      const store = openPolling();
      expect(() => store.subscribe(undefined as never)).toThrow('SqliteStore.subscribe: listener is a function');
      for (const pollIntervalMs of [0, -5, Number.NaN, Infinity]) {
        expect(() => new SqliteStore({ filename: file, pollIntervalMs })).toThrow('SqliteStore: pollIntervalMs is a positive number of ms');
      }
    });
  });

  describe('bad input', () => {
    it('takes { filename } alone, undefined options as their defaults, and frozen options', () => {
      for (const options of [{ filename: file }, Object.freeze({ filename: file, now: undefined, busyTimeoutMs: undefined, pollIntervalMs: undefined })]) {
        const store = new SqliteStore(options);
        stores.push(store);
        store.set(key, { value: 'v', expiresAt: Date.now() + 60_000 }); // the default clock is Date.now
        expect(store.get(key)?.value).toBe('v');
      }
      expect(() => new SqliteStore({ filename: file, now: 5 as never })).toThrow('SqliteStore: now is a function returning ms since the epoch');
      expect(() => new SqliteStore({ filename: file, busyTimeoutMs: -1 })).toThrow('SqliteStore: busyTimeoutMs is a number of ms, 0 or more');
    });

    it('without node:sqlite or better-sqlite3, says what to do and names the other credential stores', async () => {
      vi.resetModules();
      vi.doMock('../src/driver.js', async (original) => {
        const driver = await original<typeof import('../src/driver.js')>();
        return { ...driver, findDriver: () => driver.findDriver([]) };
      });
      try {
        const { SqliteStore: WithoutDriver } = await import('../src/credential-store.js');
        expect(() => new WithoutDriver({ filename: file })).toThrow(
          /^SqliteStore: this Node \(v[\d.]+\) has no built-in node:sqlite .* or use MemoryStore \(one process\) or RedisStore \(a fleet\)\.$/,
        );
      } finally {
        vi.doUnmock('../src/driver.js');
        vi.resetModules();
      }
    });

    it('refuses a missing filename with the fix', () => {
      expect(() => new SqliteStore({} as never)).toThrow('SqliteStore: pass { filename }');
      expect(() => new SqliteStore(undefined as never)).toThrow('SqliteStore: pass { filename }');
    });

    it(`refuses keys over ${MAX_KEY_LENGTH} characters and values over ${MAX_VALUE_BYTES} bytes, without echoing the value`, () => {
      const store = open();
      const secret = 'S'.repeat(MAX_VALUE_BYTES + 1);
      expect(() => store.set(key, { value: secret, expiresAt: start + 1000 })).toThrow(
        `SqliteStore.set: a value is at most 8192 bytes (this one has 8193)`,
      );
      try {
        store.set(key, { value: secret, expiresAt: start + 1000 });
      } catch (error) {
        expect(String((error as Error).message)).not.toContain('SSSS');
      }
      store.set(key, { value: 'é'.repeat(MAX_VALUE_BYTES / 2), expiresAt: start + 1000 }); // 8192 bytes: fits
      expect(() => store.set(key, { value: 'é'.repeat(MAX_VALUE_BYTES / 2 + 1), expiresAt: start + 1000 })).toThrow(RangeError);
      const long = 'k'.repeat(MAX_KEY_LENGTH + 1);
      expect(() => store.get(long)).toThrow('SqliteStore: a key is at most 512 characters (this one has 513)');
      expect(() => store.set(long, { value: 'v', expiresAt: start + 1000 })).toThrow(RangeError);
      expect(() => store.lock(long, 1000)).toThrow(RangeError);
      store.set('k'.repeat(MAX_KEY_LENGTH), { value: 'v', expiresAt: start + 1000 });
      expect(store.get('k'.repeat(MAX_KEY_LENGTH))?.value).toBe('v');
    });

    it('refuses malformed credentials and keys', () => {
      const store = open();
      expect(() => store.get('')).toThrow('SqliteStore: keys are non-empty strings');
      expect(() => store.get(1 as never)).toThrow(TypeError);
      for (const bad of [undefined, {}, { value: '', expiresAt: start + 1 }, { value: 'v', expiresAt: Number.NaN }, { value: 1, expiresAt: start + 1 }]) {
        expect(() => store.set(key, bad as never)).toThrow('SqliteStore.set: expected { value: non-empty string, expiresAt: ms since the epoch }');
      }
      expect(() => store.delete(key, 1 as never)).toThrow('SqliteStore.delete: ifValue is a string');
    });

    it('a file another connection keeps locked past busyTimeoutMs: the constructor throws a clear error, it does not hang', () => {
      const holder = findDriver().open(file);
      holder.exec('CREATE TABLE t (x)');
      holder.exec('BEGIN EXCLUSIVE');
      holder.exec('INSERT INTO t VALUES (1)');
      try {
        expect(() => new SqliteStore({ filename: file, busyTimeoutMs: 50 })).toThrow(
          /^SqliteStore: .*credentials\.db stayed locked by another connection for over busyTimeoutMs \(50 ms\)/,
        );
      } finally {
        holder.exec('ROLLBACK');
        holder.close();
      }
      expect(open().get(key)).toBeUndefined(); // free again: it opens
    });

    it('a closed store says so; close twice does nothing', () => {
      const store = new SqliteStore({ filename: file, now });
      store.close();
      store.close();
      expect(() => store.get(key)).toThrow('SqliteStore: the store is closed');
      expect(() => store.lock(key, 1000)).toThrow('SqliteStore: the store is closed');
    });
  });

  describe('two real processes on one file', () => {
    const children: ChildProcess[] = [];
    afterEach(async () => {
      await Promise.all(
        children.splice(0).map(async (child) => {
          if (child.exitCode === null && child.signalCode === null) {
            const exited = once(child, 'exit');
            child.kill();
            await exited;
          }
        }),
      );
    });

    async function spawn(filename = file): Promise<(message: object) => Promise<{ op: string; ok?: boolean; value?: string | null }>> {
      const child = fork(fixture, [filename], { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
      children.push(child);
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      // A child that dies fails the test with its error instead of leaving it waiting for an answer.
      const died = once(child, 'exit').then(([code]) => {
        throw new Error(`the child process exited (${code}): ${stderr.split('\n').find((line) => /Error/.test(line)) ?? stderr}`);
      });
      died.catch(() => undefined);
      const answer = () => Promise.race([once(child, 'message'), died]) as Promise<[{ op: string; ok?: boolean; value?: string | null }]>;
      const [ready] = await answer();
      expect(ready.op).toBe('ready');
      return async (message) => {
        const next = answer();
        child.send(message);
        return (await next)[0];
      };
    }

    it('several processes opening a new file at once all start (switching it to WAL mode waits its turn)', async () => {
      for (let round = 0; round < 5; round++) {
        const filename = join(dir, `new-${round}.db`);
        const all = await Promise.all(Array.from({ length: 4 }, () => spawn(filename)));
        const answers = await Promise.all(all.map((send) => send({ op: 'lock', key, ttlMs: 60_000 })));
        expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
      }
    });

    it('contend for the lock: exactly one holds it at a time, the other takes it once released', async () => {
      const [a, b] = await Promise.all([spawn(), spawn()]);
      const lockKey = 'wx1:access_token';
      for (let round = 0; round < 5; round++) {
        const answers = await Promise.all([a({ op: 'lock', key: lockKey, ttlMs: 60_000 }), b({ op: 'lock', key: lockKey, ttlMs: 60_000 })]);
        const holders = answers.filter((answer) => answer.ok);
        expect(holders).toHaveLength(1);
        const [holder, waiter] = answers[0]!.ok ? [a, b] : [b, a];
        expect((await waiter({ op: 'lock', key: lockKey, ttlMs: 60_000 })).ok).toBe(false);
        await holder({ op: 'release' });
        expect((await waiter({ op: 'lock', key: lockKey, ttlMs: 60_000 })).ok).toBe(true);
        expect((await holder({ op: 'lock', key: lockKey, ttlMs: 60_000 })).ok).toBe(false);
        await waiter({ op: 'release' });
      }
    });

    it('a value one process set is read by the other, and after both have exited by a new one', async () => {
      const [a, b] = await Promise.all([spawn(), spawn()]);
      await a({ op: 'set', key, value: 'shared-token', expiresAt: Date.now() + 3_600_000 });
      expect((await b({ op: 'get', key })).value).toBe('shared-token');
      for (const child of children) {
        const exited = once(child, 'exit');
        child.send({ op: 'exit' });
        await exited;
      }
      const reopened = new SqliteStore({ filename: file });
      stores.push(reopened);
      expect(reopened.get(key)?.value).toBe('shared-token');
    });
  });
});
