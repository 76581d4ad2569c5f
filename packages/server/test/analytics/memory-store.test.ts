import { describe, expect, it } from 'vitest';
import { MemoryAnalyticsStore } from '../../src/analytics/memory-store.js';

const limits = { maxPages: 2, retentionDays: 30, oldestDay: '2026-02-01' };

describe('MemoryAnalyticsStore', () => {
  it('adds increments up per page, day and counter', () => {
    const store = new MemoryAnalyticsStore();
    store.increment([{ day: '2026-03-01', page: 'https://a.example/', metric: 'views', by: 2 }], limits);
    store.increment(
      [
        { day: '2026-03-01', page: 'https://a.example/', metric: 'views', by: 3 },
        { day: '2026-03-01', page: 'https://a.example/', metric: 'arrival:timeline', by: 1 },
        { day: '2026-03-02', page: 'https://a.example/', metric: 'views', by: 1 },
      ],
      limits,
    );
    expect(store.read({ from: '2026-03-01', to: '2026-03-01' })).toEqual([
      { day: '2026-03-01', page: 'https://a.example/', counts: { views: 5, 'arrival:timeline': 1 } },
    ]);
    expect(store.read({ from: '2026-03-01', to: '2026-03-02' })).toHaveLength(2);
  });

  it('counts pages beyond the daily cap under "other", per day', () => {
    const store = new MemoryAnalyticsStore();
    const pages = ['https://a.example/1', 'https://a.example/2', 'https://a.example/3', 'https://a.example/4'];
    store.increment(pages.map((page) => ({ day: '2026-03-01', page, metric: 'views', by: 1 })), limits);
    store.increment([{ day: '2026-03-01', page: pages[0]!, metric: 'views', by: 1 }], limits);
    store.increment([{ day: '2026-03-02', page: pages[3]!, metric: 'views', by: 1 }], limits);
    expect(store.read({ from: '2026-03-01', to: '2026-03-02' }).map((row) => [row.day, row.page, row.counts.views])).toEqual([
      ['2026-03-01', pages[0], 2],
      ['2026-03-01', pages[1], 1],
      ['2026-03-01', 'other', 2],
      ['2026-03-02', pages[3], 1],
    ]);
  });

  it('deletes days before the oldest kept day', () => {
    const store = new MemoryAnalyticsStore();
    store.increment([{ day: '2026-02-01', page: 'https://a.example/', metric: 'views', by: 1 }], limits);
    store.increment([{ day: '2026-03-03', page: 'https://a.example/', metric: 'views', by: 1 }], { ...limits, oldestDay: '2026-02-02' });
    expect(store.read({ from: '2026-01-01', to: '2026-12-31' }).map((row) => row.day)).toEqual(['2026-03-03']);
  });
});
