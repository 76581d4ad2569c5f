// The page view a signature request reports (&view=1, with WeChat's &from=… when the page was opened with one).
import type { Analytics } from './analytics.js';
import { canonicalPageUrl } from './page-url.js';
import { arrivalFrom } from './parse-event.js';

/**
 * Returns count(rawQuery, signedUrl): called once the signature is answered, it records the view and the arrival
 * on a microtask, after the answer is written, and never throws. A query without view=1 (a re-sign) counts nothing.
 */
export function createSignatureViews(analytics: Analytics) {
  const record = (rawQuery: string, signedUrl: string) => {
    const params = new URLSearchParams(rawQuery);
    if (params.get('view') !== '1') return;
    const page = canonicalPageUrl(signedUrl);
    if (page === undefined) return;
    analytics.record({ kind: 'view', url: page });
    const arrival = arrivalFrom(page, params.get('from'));
    if (arrival !== undefined) analytics.record(arrival);
  };
  return (rawQuery: string, signedUrl: string): void => {
    if (!rawQuery.includes('view=')) return; // most re-signs: no parsing at all
    queueMicrotask(() => {
      try {
        record(rawQuery, signedUrl);
      } catch {
        // record() never throws; URLSearchParams does not either: nothing here may reach the signature request.
      }
    });
  };
}
