// With debug on, the card check (card-rules.ts, the rules @share/server's check-card command runs too) on the card the
// client applies: each failed rule as a console.warn line. Debug builds only: share.min.js drops it (no __LOG__), the
// bundlers' build import()s the rules as a chunk of their own, loaded with debug on only.
import type { ShareData, ShareOptions } from './types.js';

/** The page's og: meta tags, by property (the og: rule checks that WeCom and other apps find the card there). */
const ogTags = (): Record<string, string> => {
  const tags: Record<string, string> = {};
  document.querySelectorAll<HTMLMetaElement>('meta[property^="og:"]').forEach((meta) => {
    tags[meta.getAttribute('property')!] = meta.content;
  });
  return tags;
};

/**
 * Prints the failed rules of the card (`data`, shared from `pageUrl`) when debug is on; a debug aid, so a failure to
 * load the rules is ignored. The image's pixels and bytes are not read here (the rules that need them are left out):
 * `npx @share/server check-card <page url>` checks them. Returns the promise of the printing, when there is one.
 */
export const checkCardInDebug = (o: ShareOptions, data: Required<ShareData>, pageUrl: string): Promise<void> | undefined => {
  if (!__LOG__ || !o.debug) return undefined;
  return import('./card-rules.js').then(
    ({ checkCard }) => {
      for (const verdict of checkCard({ ...data, pageUrl: pageUrl.split('#')[0]!, og: ogTags() })) {
        if (!verdict.ok) console.warn('[share] card:', verdict.rule, verdict.message);
      }
    },
    () => {},
  );
};
