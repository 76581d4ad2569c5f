import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

describe('the built package', () => {
  it('loads as ESM and as CJS and counts', async () => {
    const esm = await import('../dist/index.js');
    const cjs = createRequire(import.meta.url)('../dist/index.cjs');
    for (const { SqliteAnalyticsStore } of [esm, cjs]) {
      const store = new SqliteAnalyticsStore({ filename: ':memory:' });
      await store.increment([{ day: '2026-03-10', page: 'https://a.example/', metric: 'views', by: 1 }], { maxPages: 1, retentionDays: 1, oldestDay: '2026-03-10' });
      expect(store.read({ from: '2026-03-10', to: '2026-03-10' })).toEqual([{ day: '2026-03-10', page: 'https://a.example/', counts: { views: 1 } }]);
      store.close();
    }
  });
});
