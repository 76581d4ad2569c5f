// The views and arrivals that signature requests report: counted after the answer, once per request, for the canonical page.
import { describe, expect, it } from 'vitest';
import { createAnalytics } from '../../src/analytics/analytics.js';
import { MemoryAnalyticsStore } from '../../src/analytics/memory-store.js';
import { createRateLimit } from '../../src/analytics/rate-limit.js';
import { createSignatureViews } from '../../src/analytics/signature-views.js';
import { fakeClock, spyLogger } from '../helpers/fakes.js';

const PAGE = 'https://a.example/p';
const DAY = '2025-01-01'; // the fake clock's day in Asia/Shanghai
const query = (extra: string) => `url=${encodeURIComponent(PAGE)}${extra}`;

const CLIENT = { remoteAddress: '203.0.113.1' };

function counting(perMinute = 600) {
  const now = fakeClock();
  const analytics = createAnalytics({ store: new MemoryAnalyticsStore(), now, logger: spyLogger() });
  const views = createSignatureViews(analytics, createRateLimit(perMinute, perMinute * 100, 100, now));
  const count = (query: string, url: string, client = CLIENT) => views(query, url, client);
  const counts = async () => (await analytics.query({ from: DAY, to: DAY })).map(({ page, counts }) => ({ page, counts }));
  return { count, counts, now };
}

describe('createSignatureViews', () => {
  it('counts nothing while the request is answered, then every request of the tick', async () => {
    const { count, counts } = counting();
    count(query('&view=1&from=timeline'), PAGE);
    count(query('&view=1&from=timeline'), PAGE);
    count(query('&view=1'), `${PAGE}?from=groupmessage#top`);
    expect(await counts()).toEqual([]); // query() flushes what is pending: nothing yet, the microtask has not run
    await Promise.resolve();
    expect(await counts()).toEqual([{ page: PAGE, counts: { views: 3, 'arrival:timeline': 2 } }]);
  });

  it("decodes a from that is percent- or plus-encoded, counts WeChat's three channels and other, ignores a long one", async () => {
    const { count, counts } = counting();
    count(query('&view=1&from=group%6Dessage'), PAGE);
    count(query('&from=singlemessage&view=1'), PAGE);
    count(query('&view=1&from=qq+friend'), PAGE);
    count(query(`&view=1&from=${'x'.repeat(33)}`), PAGE);
    count(query('&view=1&from=%E0%A4%A'), PAGE); // malformed: the view without an arrival
    await Promise.resolve();
    expect(await counts()).toEqual([
      { page: PAGE, counts: { views: 5, 'arrival:groupmessage': 1, 'arrival:singlemessage': 1, 'arrival:other': 1 } },
    ]);
  });

  it('counts nothing for a re-sign (no view=1) or a url that is not a page', async () => {
    const { count, counts } = counting();
    count(query('&from=timeline'), PAGE);
    count(query('&view=10'), PAGE);
    count(query('&preview=1'), PAGE);
    count('url=ftp%3A%2F%2Fa.example%2F&view=1', 'ftp://a.example/');
    count('url=x&view=1', `https://a.example/${'x'.repeat(600)}`);
    await Promise.resolve();
    expect(await counts()).toEqual([]);
  });

  it('counts views at the per-client rate of the event route: an IPv6 client by its /64, unknown clients together at 100 times it', async () => {
    const { count, counts } = counting(2);
    for (let i = 0; i < 3; i++) count(query('&view=1'), PAGE, { remoteAddress: '203.0.113.1' });
    for (let i = 0; i < 3; i++) count(query('&view=1'), PAGE, { remoteAddress: `2001:db8:0:1::${i + 1}` }); // one /64
    count(query('&view=1'), PAGE, { remoteAddress: '2001:db8:0:2::1' }); // another /64
    for (let i = 0; i < 201; i++) count(query('&view=1'), PAGE, { remoteAddress: '' });
    await Promise.resolve();
    expect(await counts()).toEqual([{ page: PAGE, counts: { views: 2 + 2 + 1 + 200 } }]);
  });
});
