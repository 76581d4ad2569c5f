// Turns whatever a credential load threw into the ShareError a request answers, with WeChat's hint and no secret.
import { ShareError } from '../errors.js';
import { redact } from '../redact.js';
import { ENDPOINT_PATHS, WechatCallError } from '../wechat-api.js';
import { errcodeHint } from '../wechat-errors.js';
import { accountName, isWecom, type Account } from './account.js';
import { DeadlineError } from './deadline.js';

export interface FailureContext {
  account: Account;
  /** Values to blank out of any message (the secret, the tokens held). */
  secrets: string[];
  closing: boolean;
  requestTimeoutMs: number;
  /** More about this failure, added to the message (the quota figures behind a 45009). */
  note?: string | undefined;
}

export const closedError = () => new ShareError('wechat_unavailable', 503, 'share is shutting down (credentials closed)');

export function toShareError(err: unknown, { account, secrets, closing, requestTimeoutMs, note }: FailureContext): ShareError {
  if (err instanceof ShareError) return err;
  if (closing) return closedError();
  if (err instanceof DeadlineError) {
    return new ShareError('wechat_unavailable', 504, `no jsapi_ticket for ${accountName(account)} within ${requestTimeoutMs} ms; try again shortly`);
  }
  if (!(err instanceof WechatCallError)) {
    const why = redact(err instanceof Error ? err.message : String(err), secrets);
    const where = account.getAccessToken ? 'getAccessToken failed' : 'unexpected failure';
    return new ShareError('wechat_unavailable', 503, `${where} for ${accountName(account)}: ${why}`);
  }
  const path = ENDPOINT_PATHS[err.endpoint];
  const upstream = isWecom(account) ? 'WeCom' : 'WeChat';
  const baseOption = isWecom(account) ? 'wecomApiBase' : 'apiBase';
  const tries = err.attempts > 1 ? ` after ${err.attempts} attempts` : '';
  if (err.errorClass === 'transient') {
    if (err.kind === 'timeout') {
      return new ShareError('wechat_unavailable', 504, `${upstream} did not answer ${path} in time${tries}; try again shortly`);
    }
    const what = err.kind === 'errcode' ? `system busy, errcode ${err.errcode}` : err.message;
    return new ShareError('wechat_unavailable', 503, `${upstream} is unavailable (${what})${tries}; try again shortly`, err.errcode);
  }
  if (err.kind === 'http') {
    return new ShareError('wechat_error', 502, `${upstream} ${path} answered HTTP ${err.status}: check ${baseOption}`);
  }
  const errmsg = redact(err.errmsg ?? '', secrets);
  const hint = errcodeHint(err.errcode ?? 0, errmsg, err.endpoint);
  const more = note === undefined ? '' : ` ${redact(note, secrets)}`;
  return new ShareError('wechat_error', 502, `${upstream} ${path} answered errcode ${err.errcode} (${errmsg}): ${hint}${more}`, err.errcode);
}
