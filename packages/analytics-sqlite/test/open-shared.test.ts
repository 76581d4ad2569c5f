// openShared: several processes opening one new file at once; the WAL switch waits for the others instead of failing.
import { describe, expect, it } from 'vitest';
import { openShared, openStoreFile, type Database, type Driver } from '../src/driver.js';

/** A driver whose databases refuse the WAL switch `busyTimes` times with `error`, recording every statement. */
function fakeDriver(busyTimes: number, error: Error = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })) {
  const log: string[] = [];
  let refusals = 0;
  const db: Database = {
    exec(sql) {
      log.push(sql);
      if (sql === 'PRAGMA journal_mode = WAL' && refusals++ < busyTimes) throw error;
    },
    prepare: () => {
      throw new Error('unused');
    },
    close: () => void log.push('close'),
  };
  const driver: Driver = { name: 'better-sqlite3', open: () => db };
  return { driver, log };
}

describe('openShared', () => {
  it('sets the busy timeout, then tries the WAL switch again while another process holds the new file', () => {
    const { driver, log } = fakeDriver(3);
    openShared(driver, 'x.db', 5000);
    expect(log).toEqual(['PRAGMA busy_timeout = 5000', ...Array(4).fill('PRAGMA journal_mode = WAL')]);
  });

  it('gives up after busyTimeoutMs, closing the database and throwing what SQLite said', () => {
    const { driver, log } = fakeDriver(Infinity);
    expect(() => openShared(driver, 'x.db', 30)).toThrow(/database is locked/);
    expect(log.at(-1)).toBe('close');
  });

  it('throws any other error at once', () => {
    const { driver, log } = fakeDriver(1, new Error('file is not a database'));
    expect(() => openShared(driver, 'x.db', 5000)).toThrow(/not a database/);
    expect(log.filter((sql) => sql === 'PRAGMA journal_mode = WAL')).toHaveLength(1);
  });
});

describe('openStoreFile', () => {
  const file = { store: 'SqliteThing', filename: 'x.db', busyTimeoutMs: 30, synchronous: 'FULL', schema: 'CREATE TABLE t (x)' } as const;

  it("opens shared, then sets the store's sync mode and creates its tables", () => {
    const { driver, log } = fakeDriver(1);
    openStoreFile(driver, { ...file, busyTimeoutMs: 5000 });
    expect(log).toEqual([
      'PRAGMA busy_timeout = 5000',
      'PRAGMA journal_mode = WAL',
      'PRAGMA journal_mode = WAL',
      'PRAGMA synchronous = FULL',
      'CREATE TABLE t (x)',
    ]);
  });

  it('a file locked past busyTimeoutMs: closed, and an error naming the store, the file and what to do', () => {
    const { driver, log } = fakeDriver(Infinity);
    expect(() => openStoreFile(driver, file)).toThrow(
      /^SqliteThing: x\.db stayed locked by another connection for over busyTimeoutMs \(30 ms\); raise busyTimeoutMs/,
    );
    expect(log.at(-1)).toBe('close');
  });

  it('a failure after the open (the tables) closes the file and throws what SQLite said', () => {
    const { driver, log } = fakeDriver(0);
    const failingSchema = (db: Database): Database => ({
      ...db,
      exec(sql) {
        if (sql.startsWith('CREATE')) throw new Error('disk I/O error');
        return db.exec(sql);
      },
    });
    const broken: Driver = { ...driver, open: (name) => failingSchema(driver.open(name)) };
    expect(() => openStoreFile(broken, file)).toThrow('disk I/O error');
    expect(log.at(-1)).toBe('close');
  });
});
