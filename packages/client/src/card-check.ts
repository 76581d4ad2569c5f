// With debug on, the card check on the card the client is about to apply: each failed rule as a console.warn line.
// Debug builds only (share-debug.js, the bundlers' build with debug on); share.min.js drops it (no __LOG__).
import type { ShareData, ShareOptions } from './types.js';

/** One rule's verdict, as card-rules.ts's checkCard() gives it. */
interface Verdict {
  rule: string;
  ok: boolean;
  message: string;
}

/** card-rules.ts's checkCard(), the rules @share/server's check-card command runs too. */
type CheckCard = (input: Required<ShareData> & { pageUrl: string }) => Verdict[];

/**
 * The card rules. LEAD: card-rules.ts (issue 21, the card check's half) was not on main when this was written; once
 * it is, replace `undefined` with its `checkCard` (`import { checkCard } from './card-rules.js'`).
 */
const rules = undefined as CheckCard | undefined;

/** Prints the failed rules of the card (`data`, shared from `pageUrl`) when debug is on. */
export const checkCardInDebug = (o: ShareOptions, data: Required<ShareData>, pageUrl: string, check = rules) => {
  if (!__LOG__ || !o.debug || !check) return;
  for (const verdict of check({ ...data, pageUrl })) {
    if (!verdict.ok) console.warn('[share] card:', verdict.rule, verdict.message);
  }
};
