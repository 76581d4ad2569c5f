// Where a new access_token comes from: WeChat's stable_token or classic token, or a WeCom app's gettoken. Only the
// upstream call: keeping, sharing and renewing it is the token's CredentialSlot's work.
import { ShareError } from '../errors.js';
import type { StoredCredential } from '../stores/store.js';
import type { Grant, WechatApi } from '../wechat-api.js';
import { accountName, isWecom, type Account } from './account.js';
import type { FetchRequest } from './slot.js';

export interface TokenFetchDeps {
  api: WechatApi;
  tokenMode: 'stable' | 'classic';
  /** Retries a WeChat call with back-off, `retries` times at most. */
  retry: <T>(attempt: () => Promise<T>, request: FetchRequest) => Promise<T>;
  expiry: (grant: Grant) => StoredCredential;
}

/** Whether replacing a refused token of this account forces WeChat (stable_token's force_refresh, limited by WeChat). */
export const forcesRefresh = (account: Account, tokenMode: 'stable' | 'classic'): boolean => tokenMode === 'stable' && !isWecom(account);

export function fetchAccessToken(deps: TokenFetchDeps, account: Account, request: FetchRequest): Promise<StoredCredential> {
  const { api } = deps;
  const secret = account.appSecret;
  if (!secret) {
    const fix = isWecom(account) ? 'set corpSecret (or WECOM_CORP_SECRET)' : 'set appSecret (or WX_APPSECRET), or getAccessToken';
    throw new ShareError('wechat_error', 502, `no secret for ${accountName(account)}: ${fix}`);
  }
  const call = { deadline: request.deadline, signal: request.signal };
  const force = request.replacement?.force === true;
  const attempt = () =>
    isWecom(account)
      ? api.wecomToken(account.appId, secret, call)
      : deps.tokenMode === 'classic'
        ? api.token(account.appId, secret, call)
        : api.stableToken(account.appId, secret, call, force);
  return deps.retry(attempt, request).then(deps.expiry);
}
