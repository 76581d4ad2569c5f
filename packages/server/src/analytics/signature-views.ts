// The page view a signature request reports (&view=1, with WeChat's &from=… when the page was opened with one).
import { LRUCache } from 'lru-cache';
import type { Analytics, CounterKey } from './analytics.js';
import { SHARE_CHANNELS, type ShareChannel } from './events.js';
import { canonicalPageUrl } from './page-url.js';
import { arrivalChannel } from './parse-event.js';
import type { RateLimit } from './rate-limit.js';

const VIEW = /(?:^|&)view=1(?:&|$)/;
const FROM = /(?:^|&)from=([^&]*)/;
const answered = Promise.resolve();

/** What one signed url counts: its view alone, or its view and the arrival by each channel. Built once per url. */
interface PageCounters {
  view: readonly CounterKey[];
  arrival: Readonly<Record<ShareChannel, readonly CounterKey[]>>;
}

/** WeChat's from in a raw query (decoded once, as form data); undefined when absent or malformed. */
function fromOf(rawQuery: string): string | undefined {
  const raw = FROM.exec(rawQuery)?.[1];
  if (raw === undefined) return undefined;
  if (!raw.includes('%') && !raw.includes('+')) return raw; // WeChat's values are plain words: nothing to decode
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/**
 * Returns count(rawQuery, signedUrl, request): called once the signature is answered, it records the view and the
 * arrival on a microtask, after the answer is written, and never throws. A query without view=1 (a re-sign) counts
 * nothing; a view beyond the client's rate (`limit`, the one the event route counts against too) is not counted,
 * though the signature is still answered.
 */
export function createSignatureViews(analytics: Analytics, limit: RateLimit) {
  // Signed url -> what it counts (`none`: not a page to count). The same pages are signed again and again: parsing the
  // url and building the counters' keys costs µs, looking them up here a few dozen ns.
  const pages = new LRUCache<string, PageCounters | 'none'>({ max: 1_000 });
  const countersOf = (signedUrl: string): PageCounters | 'none' => {
    let counters = pages.get(signedUrl);
    if (counters === undefined) pages.set(signedUrl, (counters = pageCounters(analytics, signedUrl)));
    return counters;
  };
  const record = (rawQuery: string, signedUrl: string) => {
    const counters = countersOf(signedUrl);
    if (counters === 'none') return;
    const channel = arrivalChannel(fromOf(rawQuery));
    analytics.count(channel === undefined ? counters.view : counters.arrival[channel]);
  };

  // The requests answered since the last microtask, as flat (query, url) pairs: one array, no closure per request.
  let queued: string[] = [];
  const drain = () => {
    const batch = queued;
    queued = [];
    for (let i = 0; i < batch.length; i += 2) {
      try {
        record(batch[i]!, batch[i + 1]!);
      } catch {
        // Nothing here is known to throw, but an exception in a microtask would end the process: counting never may.
      }
    }
  };
  return (rawQuery: string, signedUrl: string, request: { readonly remoteAddress: string }): void => {
    if (!rawQuery.includes('view=') || !VIEW.test(rawQuery)) return; // most re-signs: no parsing at all
    if (limit(request.remoteAddress) !== undefined) return;
    // A resolved promise's then(): a plain V8 microtask, where queueMicrotask() also builds an AsyncResource (~0.2 µs).
    // drain() catches everything, so the promise it returns never rejects.
    if (queued.push(rawQuery, signedUrl) === 2) void answered.then(drain);
  };
}

function pageCounters(analytics: Analytics, signedUrl: string): PageCounters | 'none' {
  const page = canonicalPageUrl(signedUrl);
  if (page === undefined) return 'none';
  const view = analytics.counterKey(page, 'views');
  const arrival = Object.fromEntries(
    SHARE_CHANNELS.map((channel) => [channel, [view, analytics.counterKey(page, `arrival:${channel}`)]]),
  ) as unknown as Record<ShareChannel, readonly CounterKey[]>;
  return { view: [view], arrival };
}
