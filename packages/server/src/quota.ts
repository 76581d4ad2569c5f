// On 45009/45011, the figures behind the error: WeChat's openapi/quota/get asked once per account and API (the
// answer memoised for minutes, never asked per request), written as one sentence that also says a reset is manual.
import { LRUCache } from 'lru-cache';
import { readCapped } from './read-capped.js';
import { redact } from './redact.js';

export interface QuotaReportOptions {
  /** WeChat's API base, as the credentials use it. */
  apiBase: string;
  /** Timeout of the one quota/get call, ms. Defaults to 3000. */
  timeoutMs?: number | undefined;
  /** How long one answer (or failure) is reused for the same account and API, ms. Defaults to 300000 (5 minutes). */
  ttlMs?: number | undefined;
  /** Clock for the memo, ms. Defaults to `performance.now`. */
  now?: (() => number) | undefined;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch | undefined;
}

export interface QuotaQuestion {
  /** The account whose quota ran out (its appId): with `cgiPath`, the key of the memo. */
  appId: string;
  /** The API that answered 45009 or 45011, as WeChat names it: `/cgi-bin/token`, `/cgi-bin/ticket/getticket` … */
  cgiPath: string;
  errcode: 45009 | 45011;
  /**
   * An access_token of that account, or a function that gets one; `undefined` when none can be had (the token call
   * is the one over quota). Only used when the memo has no answer.
   */
  accessToken: string | (() => Promise<string>) | undefined;
}

/** Says how much of `cgiPath`'s daily quota the account has used; never rejects, never contains a secret. */
export type DescribeQuota = (question: QuotaQuestion) => Promise<string>;

interface Figures {
  dailyLimit: number;
  used: number;
  remain: number;
}

/** The figures, or why there are none (a clause: "no access_token could be had"). */
type Reading = Figures | { unknown: string };

export const QUOTA_DEFAULTS = { timeoutMs: 3000, ttlMs: 300_000 };
/** quota/get answers about 80 bytes; a longer answer is not read. */
const MAX_ANSWER_BYTES = 16 * 1024;
const MAX_MEMO_ENTRIES = 500;
const RESET =
  'Resetting it before then is a manual step: clear_quota, in the WeChat console or POST /cgi-bin/clear_quota ' +
  '(/cgi-bin/clear_quota/v2 with the AppSecret when no access_token can be had), 10 resets a month per account.';

export function createQuotaReport(options: QuotaReportOptions): DescribeQuota {
  const base = options.apiBase.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? QUOTA_DEFAULTS.timeoutMs;
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? (() => performance.now());
  const memo = new LRUCache<string, Promise<Reading>>({
    max: MAX_MEMO_ENTRIES,
    ttl: options.ttlMs ?? QUOTA_DEFAULTS.ttlMs,
    perf: { now },
    // Read the clock at every lookup (lru-cache otherwise reuses one reading for 1 ms).
    ttlResolution: 0,
  });

  async function read(question: QuotaQuestion): Promise<Reading> {
    let token: string;
    try {
      const given = question.accessToken;
      if (given === undefined) return { unknown: 'no access_token can be had to ask for them' };
      token = typeof given === 'string' ? given : await withTimeout(given(), timeoutMs);
    } catch {
      return { unknown: 'no access_token could be had to ask for them' };
    }
    try {
      return await ask(token, question.cgiPath);
    } catch (error) {
      return { unknown: `quota/get failed: ${redact(String((error as Error).message ?? error), [token]).slice(0, 200)}` };
    }
  }

  async function ask(token: string, cgiPath: string): Promise<Figures> {
    const res = await doFetch(`${base}/cgi-bin/openapi/quota/get?access_token=${encodeURIComponent(token)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ cgi_path: cgiPath }),
      signal: AbortSignal.timeout(timeoutMs),
    }).catch((error: unknown) => {
      throw new Error((error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'network error');
    });
    if (res.status !== 200) {
      void res.body?.cancel().catch(() => {});
      throw new Error(`HTTP ${res.status}`);
    }
    const { bytes, truncated } = await readCapped(res.body, MAX_ANSWER_BYTES);
    if (truncated) throw new Error(`the answer is larger than ${MAX_ANSWER_BYTES / 1024} KB`);
    return figuresOf(bytes.toString('utf8'));
  }

  return async (question) => {
    const key = `${question.appId} ${question.cgiPath}`;
    let reading = memo.get(key);
    if (!reading) {
      reading = read(question);
      memo.set(key, reading);
    }
    return sentence(question, await reading);
  };
}

/** `promise`, or a rejection after `ms` (the timer cleared either way). */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no access_token within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

function figuresOf(text: string): Figures {
  let answer: { errcode?: unknown; errmsg?: unknown; quota?: Record<string, unknown> };
  try {
    answer = JSON.parse(text);
  } catch {
    throw new Error('the answer is not JSON');
  }
  if (typeof answer?.errcode === 'number' && answer.errcode !== 0) {
    throw new Error(`errcode ${answer.errcode} (${String(answer.errmsg ?? '').slice(0, 100)})`);
  }
  const quota = answer?.quota ?? {};
  const [dailyLimit, used, remain] = [quota.daily_limit, quota.used, quota.remain];
  if (![dailyLimit, used, remain].every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0)) {
    throw new Error('the answer has no quota figures');
  }
  return { dailyLimit, used, remain } as Figures;
}


function sentence({ cgiPath, errcode }: QuotaQuestion, reading: Reading): string {
  const what =
    errcode === 45011
      ? `${cgiPath} answered 45011: its per-minute limit is reached, retry next minute`
      : `${cgiPath} answered 45009: its daily quota is reached, and it starts again tomorrow`;
  const figures =
    'unknown' in reading
      ? `today's figures are unknown (${reading.unknown})`
      : `today ${reading.used} of ${reading.dailyLimit} calls are used, ${reading.remain} remain`;
  return `${what}; ${figures}. ${RESET}`;
}
