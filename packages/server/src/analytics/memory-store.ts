// The in-memory AnalyticsStore, for tests and single-process trials: counts are lost when the process ends.
import { addTo } from './counts.js';
import { OTHER_PAGE } from './page-url.js';
import type { AnalyticsStore, CountIncrement, Counts, DayRange, PageDayCounts, StorageLimits } from './store.js';

export class MemoryAnalyticsStore implements AnalyticsStore {
  /** day -> page -> counts. The one owner of the counts. */
  readonly #days = new Map<string, Map<string, Counts>>();

  increment(increments: readonly CountIncrement[], limits: StorageLimits): void {
    for (const day of this.#days.keys()) if (day < limits.oldestDay) this.#days.delete(day);
    for (const { day, page, metric, by } of increments) {
      if (day < limits.oldestDay) continue;
      let pages = this.#days.get(day);
      if (!pages) this.#days.set(day, (pages = new Map()));
      const realPages = pages.size - (pages.has(OTHER_PAGE) ? 1 : 0);
      const counted = pages.has(page) || page === OTHER_PAGE || realPages < limits.maxPages ? page : OTHER_PAGE;
      let counts = pages.get(counted);
      if (!counts) pages.set(counted, (counts = {}));
      addTo(counts, metric, by);
    }
  }

  read(range: DayRange): PageDayCounts[] {
    const rows: PageDayCounts[] = [];
    for (const day of [...this.#days.keys()].sort()) {
      if (day < range.from || day > range.to) continue;
      const pages = this.#days.get(day)!;
      for (const page of [...pages.keys()].sort()) rows.push({ day, page, counts: { ...pages.get(page)! } });
    }
    return rows;
  }
}
