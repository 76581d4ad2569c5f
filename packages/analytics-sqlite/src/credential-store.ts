// SqliteStore: @share/server's credential store in one SQLite file, so that tokens, tickets and the records of component
// mode survive a restart and are shared by the processes of one machine.
import { randomBytes } from 'node:crypto';
import type { CredentialStore, StoredCredential } from '@share/server';
import { findDriver, MISSING_DRIVER, openStoreFile, type Database, type Driver, type DriverName, type Statement } from './driver.js';

export interface SqliteStoreOptions {
  /** The database file; created with its tables when missing. Several processes may open the same file. Required. */
  filename: string;
  /** Clock in ms since the epoch: when a value has expired, and when a lock's ttl has passed. Defaults to `Date.now`. */
  now?: () => number;
  /** How long a call waits while another process holds the file's write lock, in ms. Defaults to 5000. */
  busyTimeoutMs?: number;
  /** How often, once subscribed, the store compares the values it read or wrote with the file's, in ms. Defaults to 2000. */
  pollIntervalMs?: number;
}

/** The longest key, in characters. The server's keys are `${appId}:access_token` and the like, well under it. */
export const MAX_KEY_LENGTH = 512;
/** The largest value, in UTF-8 bytes. A token or a ticket is a few hundred bytes. */
export const MAX_VALUE_BYTES = 8 * 1024;
/** Keys whose last value a store remembers for subscribe's polling; more accounts than this are not expected. */
const MAX_WATCHED_KEYS = 10_000;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS share_credentials (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS share_locks (
    key TEXT PRIMARY KEY,
    token TEXT NOT NULL,
    until INTEGER NOT NULL
  ) WITHOUT ROWID;
`;

let driver: Driver | undefined;

function openDriver(): Driver {
  try {
    return (driver ??= findDriver());
  } catch (error) {
    if (error instanceof Error && error.message === MISSING_DRIVER) {
      throw new Error(MISSING_DRIVER.replace('SqliteAnalyticsStore', 'SqliteStore').replace(/, or count in memory.*$/, ', or use MemoryStore (one process) or RedisStore (a fleet).'));
    }
    throw error;
  }
}

function checkedKey(key: string): string {
  if (typeof key !== 'string' || key === '') throw new TypeError('SqliteStore: keys are non-empty strings');
  if (key.length > MAX_KEY_LENGTH) throw new RangeError(`SqliteStore: a key is at most ${MAX_KEY_LENGTH} characters (this one has ${key.length})`);
  return key;
}

export class SqliteStore implements CredentialStore {
  /** Which SQLite this store opened: Node's built-in `node:sqlite`, or `better-sqlite3` on a Node without it. */
  readonly driver: DriverName;
  readonly #db: Database;
  readonly #now: () => number;
  readonly #get: Statement;
  readonly #set: Statement;
  readonly #delete: Statement;
  readonly #deleteIfValue: Statement;
  readonly #deleteExpired: Statement;
  readonly #lockUntil: Statement;
  readonly #takeLock: Statement;
  readonly #releaseLock: Statement;
  readonly #pollIntervalMs: number;
  /** The value this store last read or wrote per key (null: none), which polling compares with the file's. */
  readonly #seen = new Map<string, string | null>();
  readonly #listeners = new Set<(key: string) => void>();
  #timer: NodeJS.Timeout | undefined;
  #open = true;

  constructor(options: SqliteStoreOptions) {
    if (typeof options?.filename !== 'string' || options.filename === '') {
      throw new TypeError('SqliteStore: pass { filename }, the path of the database file, e.g. "./data/share-credentials.db"');
    }
    if (options.now !== undefined && typeof options.now !== 'function') throw new TypeError('SqliteStore: now is a function returning ms since the epoch');
    const busyTimeoutMs = options.busyTimeoutMs ?? 5_000;
    if (typeof busyTimeoutMs !== 'number' || !(busyTimeoutMs >= 0) || !Number.isFinite(busyTimeoutMs)) {
      throw new TypeError('SqliteStore: busyTimeoutMs is a number of ms, 0 or more');
    }
    const pollIntervalMs = options.pollIntervalMs ?? 2_000;
    if (typeof pollIntervalMs !== 'number' || !(pollIntervalMs > 0) || !Number.isFinite(pollIntervalMs)) {
      throw new TypeError('SqliteStore: pollIntervalMs is a positive number of ms');
    }
    this.#pollIntervalMs = pollIntervalMs;
    const opened = openDriver();
    this.driver = opened.name;
    this.#now = options.now ?? Date.now;
    // FULL, not the analytics store's NORMAL: a refresh token or a verify ticket lost to a power cut forces a brand to
    // authorize again, and a credential write happens a few times an hour, not every second.
    this.#db = openStoreFile(opened, {
      store: 'SqliteStore',
      filename: options.filename,
      busyTimeoutMs: Math.floor(busyTimeoutMs),
      synchronous: 'FULL',
      schema: SCHEMA,
    });
    this.#get = this.#db.prepare('SELECT value, expires_at FROM share_credentials WHERE key = ?');
    this.#set = this.#db.prepare(
      'INSERT INTO share_credentials (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at',
    );
    this.#delete = this.#db.prepare('DELETE FROM share_credentials WHERE key = ?');
    this.#deleteIfValue = this.#db.prepare('DELETE FROM share_credentials WHERE key = ? AND value = ?');
    this.#deleteExpired = this.#db.prepare('DELETE FROM share_credentials WHERE key = ? AND expires_at <= ?');
    this.#lockUntil = this.#db.prepare('SELECT until FROM share_locks WHERE key = ?');
    this.#takeLock = this.#db.prepare(
      'INSERT INTO share_locks (key, token, until) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET token = excluded.token, until = excluded.until',
    );
    this.#releaseLock = this.#db.prepare('DELETE FROM share_locks WHERE key = ? AND token = ?');
  }

  /** The stored credential, or undefined when there is none or it has expired by `now` (an expired row is deleted). */
  get(key: string): StoredCredential | undefined {
    this.#checkOpen();
    const row = this.#get.get(checkedKey(key)) as { value: string; expires_at: number } | undefined;
    this.#saw(key, row?.value ?? null);
    if (row === undefined) return undefined;
    const t = this.#now();
    if (row.expires_at <= t) {
      // Only while it is still expired: another process may have stored a fresh value since the read.
      this.#deleteExpired.run(key, t);
      return undefined;
    }
    return { value: row.value, expiresAt: Number(row.expires_at) };
  }

  /** Stores the credential until its expiresAt; one that has already expired is not stored. */
  set(key: string, credential: StoredCredential): void {
    this.#checkOpen();
    checkedKey(key);
    const { value, expiresAt } = credential ?? ({} as Partial<StoredCredential>);
    if (typeof value !== 'string' || value === '' || typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) {
      throw new TypeError('SqliteStore.set: expected { value: non-empty string, expiresAt: ms since the epoch }');
    }
    const bytes = Buffer.byteLength(value);
    if (bytes > MAX_VALUE_BYTES) throw new RangeError(`SqliteStore.set: a value is at most ${MAX_VALUE_BYTES} bytes (this one has ${bytes})`);
    if (expiresAt <= this.#now()) return;
    this.#set.run(key, value, Math.ceil(expiresAt));
    this.#saw(key, value);
  }

  /** Deletes the key; with `ifValue`, only while that value is still the stored one (compare-and-delete). */
  delete(key: string, ifValue?: string): void {
    this.#checkOpen();
    checkedKey(key);
    if (ifValue === undefined) this.#delete.run(key);
    else if (typeof ifValue !== 'string') throw new TypeError('SqliteStore.delete: ifValue is a string');
    else this.#deleteIfValue.run(key, ifValue);
    this.#saw(key, null);
  }

  /**
   * One holder at a time across every process on the file: resolves to a release function, or undefined while another
   * holder's lock has not reached its ttl. The row is read and written inside one BEGIN IMMEDIATE transaction, which
   * holds the file's write lock, so two processes cannot both take it. A lock whose ttl passed (its holder died or
   * hung) is taken over. Release deletes the row only while it is still this holder's token: releasing late, after
   * another process took it over, leaves the new holder alone.
   */
  lock(key: string, ttlMs: number): (() => void) | undefined {
    this.#checkOpen();
    checkedKey(key);
    if (typeof ttlMs !== 'number' || !(ttlMs > 0) || !Number.isFinite(ttlMs)) {
      throw new TypeError('SqliteStore.lock: ttlMs must be a positive number of ms');
    }
    const token = randomBytes(16).toString('hex');
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const t = this.#now();
      const held = this.#lockUntil.get(key) as { until: number } | undefined;
      if (held !== undefined && held.until > t) {
        this.#db.exec('COMMIT');
        return undefined;
      }
      this.#takeLock.run(key, token, Math.ceil(t + ttlMs));
      this.#db.exec('COMMIT');
    } catch (error) {
      try {
        this.#db.exec('ROLLBACK');
      } catch {}
      throw error;
    }
    let released = false;
    return () => {
      if (released || !this.#open) return; // a closed store's lock runs out by its ttl
      released = true;
      this.#releaseLock.run(key, token);
    };
  }

  /**
   * Calls listener with the key when another process or connection stored a new value for a key this store has read or
   * written: SQLite sends no notices, so the store compares those keys' values with the file's every pollIntervalMs
   * while it has a listener. Its own writes and vanished values are not reported. Answers an unsubscribe function.
   */
  subscribe(listener: (key: string) => void): () => void {
    this.#checkOpen();
    if (typeof listener !== 'function') throw new TypeError('SqliteStore.subscribe: listener is a function');
    const entry = (key: string) => listener(key); // one entry per call, so that two subscriptions of one function are two
    this.#listeners.add(entry);
    if (this.#timer === undefined) {
      this.#timer = setInterval(() => this.#poll(), this.#pollIntervalMs);
      this.#timer.unref(); // an idle store keeps no process alive
    }
    return () => {
      this.#listeners.delete(entry);
      if (this.#listeners.size === 0) this.#stopPolling();
    };
  }

  /** Closes the file and stops polling. Values and unreleased locks stay in it (a lock until its ttl). Calling it again does nothing. */
  close(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#stopPolling();
    this.#listeners.clear();
    this.#db.close();
  }

  #saw(key: string, value: string | null): void {
    this.#seen.delete(key); // the most recent key last, so that the oldest goes first past the bound
    this.#seen.set(key, value);
    if (this.#seen.size > MAX_WATCHED_KEYS) {
      const oldest = this.#seen.keys().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
  }

  #poll(): void {
    if (!this.#open) return;
    const changed: Array<[string, string]> = [];
    try {
      for (const [key, seen] of this.#seen) {
        const row = this.#get.get(key) as { value: string } | undefined;
        if (row !== undefined && row.value !== seen) changed.push([key, row.value]);
      }
    } catch {
      return; // the file cannot be read now: the next get or set reports it to the server, the next poll tries again
    }
    for (const [key, value] of changed) {
      this.#seen.set(key, value);
      for (const listener of this.#listeners) {
        try {
          listener(key);
        } catch {
          // A listener's failure is its own; the others still hear of the change.
        }
      }
    }
  }

  #stopPolling(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #checkOpen(): void {
    if (!this.#open) throw new Error('SqliteStore: the store is closed');
  }
}
