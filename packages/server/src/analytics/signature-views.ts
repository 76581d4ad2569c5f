// The page view a signature request reports (&view=1, with WeChat's &from=… when the page was opened with one).
import { LRUCache } from 'lru-cache';
import type { Analytics } from './analytics.js';
import { canonicalPageUrl } from './page-url.js';
import { arrivalFrom } from './parse-event.js';

const VIEW = /(?:^|&)view=1(?:&|$)/;
const FROM = /(?:^|&)from=([^&]*)/;

/** WeChat's from in a raw query (decoded once, as form data); undefined when absent or malformed. */
function fromOf(rawQuery: string): string | undefined {
  const raw = FROM.exec(rawQuery)?.[1];
  if (raw === undefined) return undefined;
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/**
 * Returns count(rawQuery, signedUrl): called once the signature is answered, it records the view and the arrival
 * on a microtask, after the answer is written, and never throws. A query without view=1 (a re-sign) counts nothing.
 */
export function createSignatureViews(analytics: Analytics) {
  // Signed url -> its canonical page ('' for none): the same pages are signed again and again, parsing costs µs.
  const pages = new LRUCache<string, string>({ max: 1_000 });
  const pageOf = (signedUrl: string) => {
    let page = pages.get(signedUrl);
    if (page === undefined) pages.set(signedUrl, (page = canonicalPageUrl(signedUrl) ?? ''));
    return page;
  };
  const record = (rawQuery: string, signedUrl: string) => {
    if (!VIEW.test(rawQuery)) return;
    const page = pageOf(signedUrl);
    if (page === '') return;
    analytics.record({ kind: 'view', url: page });
    const arrival = arrivalFrom(page, fromOf(rawQuery));
    if (arrival !== undefined) analytics.record(arrival);
  };
  return (rawQuery: string, signedUrl: string): void => {
    if (!rawQuery.includes('view=')) return; // most re-signs: no parsing at all
    queueMicrotask(() => {
      try {
        record(rawQuery, signedUrl);
      } catch {
        // Nothing here is known to throw, but an exception in a microtask would end the process: counting never may.
      }
    });
  };
}
