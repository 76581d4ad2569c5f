// The SQLite AnalyticsStore: counts in one database file, so they survive a restart; several processes may share it.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { OTHER_PAGE } from '@share/server/analytics';
import type { AnalyticsStore, CountIncrement, DayRange, Metric, PageDayCounts, StorageLimits } from '@share/server/analytics';
import { findDriver, openStoreFile, type Database, type Driver, type DriverName, type Statement } from './driver.js';

export interface SqliteAnalyticsStoreOptions {
  /** The database file; created with its table when missing. `:memory:` for a throwaway database. Required. */
  filename: string;
  /** How long a write waits for another process holding the file's write lock. Defaults to 5000 ms. */
  busyTimeoutMs?: number;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS share_counts (
    day TEXT NOT NULL,
    page TEXT NOT NULL,
    metric TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (day, page, metric)
  ) WITHOUT ROWID;
`;

/**
 * Increments written per transaction. SQLite runs on the event loop, so a batch is written in transactions of this
 * many, with a turn of the event loop between two: a flood's batch of thousands of distinct pages never holds a
 * signature request for more than one transaction (a few ms).
 */
export const INCREMENTS_PER_TRANSACTION = 250;

let driver: Driver | undefined;

export class SqliteAnalyticsStore implements AnalyticsStore {
  /** Which SQLite this store opened: Node's built-in `node:sqlite`, or `better-sqlite3` on a Node without it. */
  readonly driver: DriverName;
  readonly #db: Database;
  readonly #prune: Statement;
  readonly #hasPage: Statement;
  readonly #pageCount: Statement;
  readonly #add: Statement;
  readonly #read: Statement;
  #open = true;

  constructor(options: SqliteAnalyticsStoreOptions) {
    if (typeof options?.filename !== 'string' || options.filename === '') {
      throw new TypeError('SqliteAnalyticsStore: pass { filename }, the path of the database file, e.g. "./share-analytics.db"');
    }
    driver ??= findDriver();
    this.driver = driver.name;
    // In WAL mode NORMAL syncs at checkpoints, not on every commit: a write no longer blocks the event loop for an
    // fsync (2 to 17 ms measured on a loaded machine, against 0.03 ms). A crash of the process loses nothing; a power
    // cut or an OS crash may lose the last few writes, never the file: the right trade for counters.
    this.#db = openStoreFile(driver, {
      store: 'SqliteAnalyticsStore',
      filename: options.filename,
      busyTimeoutMs: Math.max(0, Math.floor(options.busyTimeoutMs ?? 5_000)),
      synchronous: 'NORMAL',
      schema: SCHEMA,
    });
    this.#prune = this.#db.prepare('DELETE FROM share_counts WHERE day < ?');
    this.#hasPage = this.#db.prepare('SELECT 1 FROM share_counts WHERE day = ? AND page = ? LIMIT 1');
    this.#pageCount = this.#db.prepare('SELECT COUNT(DISTINCT page) AS pages FROM share_counts WHERE day = ? AND page != ?');
    this.#add = this.#db.prepare(
      'INSERT INTO share_counts (day, page, metric, n) VALUES (?, ?, ?, ?) ON CONFLICT (day, page, metric) DO UPDATE SET n = n + excluded.n',
    );
    this.#read = this.#db.prepare('SELECT day, page, metric, n FROM share_counts WHERE day >= ? AND day <= ? ORDER BY day, page, metric');
  }

  async increment(increments: readonly CountIncrement[], limits: StorageLimits): Promise<void> {
    for (let start = 0; start < increments.length; start += INCREMENTS_PER_TRANSACTION) {
      if (start > 0) await nextTurn();
      if (!this.#open) throw new Error('SqliteAnalyticsStore: the store is closed');
      this.#write(increments.slice(start, start + INCREMENTS_PER_TRANSACTION), limits, start === 0);
    }
  }

  /**
   * One transaction. BEGIN IMMEDIATE takes the write lock first, so two processes cannot both see room under the page
   * cap; with the lock held, a day's distinct pages are counted once and then kept in step here, never per page.
   */
  #write(increments: readonly CountIncrement[], limits: StorageLimits, prune: boolean): void {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      if (prune) this.#prune.run(limits.oldestDay);
      const pagesOf = new Map<string, number>();
      for (const { day, page, metric, by } of increments) {
        if (day < limits.oldestDay) continue;
        let counted = page;
        if (page !== OTHER_PAGE && this.#hasPage.get(day, page) === undefined) {
          const pages = pagesOf.get(day) ?? (this.#pageCount.get(day, OTHER_PAGE) as { pages: number }).pages;
          if (pages >= limits.maxPages) counted = OTHER_PAGE;
          pagesOf.set(day, counted === OTHER_PAGE ? pages : pages + 1);
        }
        this.#add.run(day, counted, metric, by);
      }
      this.#db.exec('COMMIT');
    } catch (error) {
      // SQLite has already rolled back after some errors (SQLITE_FULL, SQLITE_IOERR): the first error is the one to tell.
      try {
        this.#db.exec('ROLLBACK');
      } catch {}
      throw error;
    }
  }

  read(range: DayRange): PageDayCounts[] {
    const rows: PageDayCounts[] = [];
    for (const row of this.#read.all(range.from, range.to)) {
      const { day, page, metric, n } = row as { day: string; page: string; metric: string; n: number };
      const last = rows[rows.length - 1];
      if (last?.day === day && last.page === page) last.counts[metric as Metric] = n;
      else rows.push({ day, page, counts: { [metric]: n } });
    }
    return rows;
  }

  close(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#db.close();
  }
}
