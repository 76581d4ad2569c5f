// Arithmetic on count records shared by the stores: summing, and ranking pages by views.
import type { Counts, PageDayCounts, PageTotals } from './store.js';
import type { Metric } from './events.js';

export function addTo(counts: Counts, metric: Metric, by: number): void {
  counts[metric] = (counts[metric] ?? 0) + by;
}

export function totalOf(counts: Counts): number {
  let total = 0;
  for (const value of Object.values(counts)) total += value ?? 0;
  return total;
}

/** Sums each page over its days and returns the `limit` pages with the most views (then most events, then by url). */
export function topPages(rows: readonly PageDayCounts[], limit: number): PageTotals[] {
  const byPage = new Map<string, Counts>();
  for (const row of rows) {
    let counts = byPage.get(row.page);
    if (!counts) byPage.set(row.page, (counts = {}));
    for (const [metric, value] of Object.entries(row.counts)) addTo(counts, metric as Metric, value ?? 0);
  }
  return [...byPage]
    .map(([page, counts]) => ({ page, counts }))
    .sort(
      (a, b) =>
        (b.counts.views ?? 0) - (a.counts.views ?? 0) ||
        totalOf(b.counts) - totalOf(a.counts) ||
        (a.page < b.page ? -1 : a.page > b.page ? 1 : 0),
    )
    .slice(0, limit);
}
