// The figures behind a daily quota error (45009, or 45011 per minute): WeChat's openapi/quota/get, asked at most once
// per account and API for minutes (quota.ts), and kept with the error so that its message, the log line and every
// answer during the cool-down carry them. Waited for only while the load's deadline allows.
import { setTimeout as sleep } from 'node:timers/promises';
import { createQuotaReport } from '../quota.js';
import { ENDPOINT_PATHS, WechatCallError } from '../wechat-api.js';
import { isWecom, type Account } from './account.js';

/** Time left for the rest of the load after the figures, ms: the quota answer never turns a 502 into a 504. */
const KEEP_FOR_ANSWER_MS = 200;

export interface QuotaNotes {
  /** When `err` is a quota error of WeChat's, asks for the figures (a token: to ask with) and keeps them for `noteOf`. */
  add(err: unknown, account: Account, token: () => string | undefined, deadline: number): Promise<void>;
  noteOf(err: unknown): string | undefined;
}

export function createQuotaNotes(options: { apiBase: string; fetch?: typeof fetch | undefined }): QuotaNotes {
  const describe = createQuotaReport({ apiBase: options.apiBase, fetch: options.fetch });
  const notes = new WeakMap<WechatCallError, string>();
  return {
    async add(err, account, token, deadline) {
      if (!(err instanceof WechatCallError) || (err.errcode !== 45009 && err.errcode !== 45011) || isWecom(account)) return;
      const question = { appId: account.appId, cgiPath: ENDPOINT_PATHS[err.endpoint], errcode: err.errcode, accessToken: token() } as const;
      const waitMs = deadline - performance.now() - KEEP_FOR_ANSWER_MS;
      if (waitMs <= 0) return;
      const timeout = new AbortController();
      const note = await Promise.race([describe(question), sleep(waitMs, undefined, { signal: timeout.signal }).catch(() => undefined)]);
      timeout.abort();
      if (note !== undefined) notes.set(err, note);
    },
    noteOf: (err) => (err instanceof WechatCallError ? notes.get(err) : undefined),
  };
}
