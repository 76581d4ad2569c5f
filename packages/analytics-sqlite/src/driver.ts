// Which SQLite the store opens: Node's built-in node:sqlite where the running Node has it (22.13+), else better-sqlite3.
import { createRequire } from 'node:module';

/** The few calls the store makes, which node:sqlite's DatabaseSync and better-sqlite3's Database both answer alike. */
export interface Statement {
  run(...params: Array<string | number>): unknown;
  get(...params: Array<string | number>): unknown;
  all(...params: Array<string | number>): unknown[];
}

export interface Database {
  exec(sql: string): unknown;
  prepare(sql: string): Statement;
  close(): unknown;
}

export type DriverName = 'node:sqlite' | 'better-sqlite3';

export interface Driver {
  name: DriverName;
  open(filename: string): Database;
}

type DatabaseClass = new (filename: string) => Database;

/**
 * node:sqlite, loaded through process.getBuiltinModule: a bundler sees no import of it (a bundle made on Node 22 still
 * starts on Node 20), and Node 20 answers undefined instead of throwing. Loading it prints an ExperimentalWarning on
 * the Node versions that still call it experimental; that one warning, and only while it loads, is kept from the
 * user's console (the store uses DatabaseSync's exec, prepare, run, get, all and close, nothing newer).
 */
export function nodeSqlite(): DatabaseClass | undefined {
  const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  if (typeof getBuiltin !== 'function') return undefined;
  const emitWarning = process.emitWarning;
  process.emitWarning = function filtered(this: unknown, warning: string | Error, ...rest: unknown[]) {
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: unknown } | undefined)?.type;
    const text = typeof warning === 'string' ? warning : warning.message;
    if ((type === 'ExperimentalWarning' || (warning as Error).name === 'ExperimentalWarning') && /SQLite/i.test(text)) return;
    return (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    const sqlite = getBuiltin.call(process, 'node:sqlite') as { DatabaseSync?: DatabaseClass } | undefined;
    return sqlite?.DatabaseSync;
  } catch {
    return undefined; // an older 22.x that has it behind --experimental-sqlite only
  } finally {
    process.emitWarning = emitWarning;
  }
}

/** better-sqlite3, an optional dependency: undefined when it is not installed or its native binding was not built. */
export function betterSqlite3(): DatabaseClass | undefined {
  try {
    const Database = createRequire(import.meta.url)('better-sqlite3') as DatabaseClass;
    new Database(':memory:').close(); // loads the native binding: a package installed without its build fails here
    return Database;
  } catch {
    return undefined;
  }
}

export const MISSING_DRIVER =
  `SqliteAnalyticsStore: this Node (${process.version}) has no built-in node:sqlite (Node 22.13 and later have it) and ` +
  'better-sqlite3 is not installed or not built. Run Node 22.13+ (nothing to install), or `npm install better-sqlite3` ' +
  '(it compiles where no prebuilt binary fits: needs make and a C++ compiler), or count in memory with MemoryAnalyticsStore.';

/** The driver to use: node:sqlite first, better-sqlite3 second; throws MISSING_DRIVER when neither loads. */
export function findDriver(candidates: ReadonlyArray<[DriverName, () => DatabaseClass | undefined]> = [
  ['node:sqlite', nodeSqlite],
  ['better-sqlite3', betterSqlite3],
]): Driver {
  for (const [name, load] of candidates) {
    const Database = load();
    if (Database !== undefined) return { name, open: (filename) => new Database(filename) };
  }
  throw new Error(MISSING_DRIVER);
}

/** A pause that blocks: only for the constructor's short waits on another process (it is synchronous itself). */
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * SQLite's 'database is locked': better-sqlite3 sets code 'SQLITE_BUSY' (or an extended SQLITE_BUSY_*), node:sqlite
 * errcode 5 with that message.
 */
export function isBusy(error: unknown): boolean {
  const { code, errcode, message } = (error ?? {}) as { code?: unknown; errcode?: unknown; message?: unknown };
  return (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) || errcode === 5 || (typeof message === 'string' && /database is locked|SQLITE_BUSY/i.test(message));
}

/**
 * Opens `filename` for several processes at once: a busy timeout, then WAL. Switching a new file to WAL needs a moment
 * alone with it, which SQLite refuses at once (SQLITE_BUSY, without waiting) while another process opens the same
 * file; it is tried again every 10 ms until one of them switched it (WAL is kept in the file) or busyTimeoutMs passed.
 */
export function openShared(driver: Driver, filename: string, busyTimeoutMs: number): Database {
  const db = driver.open(filename);
  db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
  const giveUpAt = Date.now() + busyTimeoutMs;
  for (;;) {
    try {
      db.exec('PRAGMA journal_mode = WAL');
      return db;
    } catch (error) {
      if (!isBusy(error) || Date.now() >= giveUpAt) {
        db.close();
        throw error;
      }
      pause(10);
    }
  }
}

export interface StoreFile {
  /** The store's class name, for its errors. */
  store: string;
  filename: string;
  busyTimeoutMs: number;
  /** PRAGMA synchronous: the trade between a write's fsync and what a power cut may lose. */
  synchronous: 'FULL' | 'NORMAL';
  /** The store's CREATE TABLE IF NOT EXISTS statements. */
  schema: string;
}

/**
 * Opens a store's file (openShared), sets its sync mode and creates its tables. Any failure closes the file; one
 * caused by another connection holding the file locked past busyTimeoutMs is said with what to do.
 */
export function openStoreFile(driver: Driver, file: StoreFile): Database {
  let db: Database | undefined;
  try {
    db = openShared(driver, file.filename, file.busyTimeoutMs);
    db.exec(`PRAGMA synchronous = ${file.synchronous}`);
    db.exec(file.schema);
    return db;
  } catch (error) {
    db?.close();
    if (!isBusy(error)) throw error;
    throw new Error(
      `${file.store}: ${file.filename} stayed locked by another connection for over busyTimeoutMs (${file.busyTimeoutMs} ms); ` +
        'raise busyTimeoutMs, or look for a process that keeps a transaction open on that file',
      { cause: error },
    );
  }
}
