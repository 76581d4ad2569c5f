// WeCom (企业微信) errcodes: which class each one is in and a hint a person can act on (global return codes,
// developer.work.weixin.qq.com/document/path/90313).
import type { ErrorClass } from './wechat-errors.js';

export type WecomEndpoint = 'wecom_token' | 'wecom_ticket' | 'wecom_agent_ticket';

// 40014 (invalid access_token: WeCom may revoke a token early) and 42001 (expired) from a ticket call: refetch once.
// From gettoken 40001 is a wrong secret, never a stale token.
const TOKEN_STALE = new Set([40014, 42001]);
// 45009: API call limit reached (tickets: 400 an hour per corp, 100 per app); 45033: too many concurrent calls.
const QUOTA = new Set([45009, 45033]);

export function classifyWecomErrcode(errcode: number, endpoint: WecomEndpoint): ErrorClass {
  if (errcode === -1) return 'transient';
  if (QUOTA.has(errcode)) return 'quota';
  if (endpoint !== 'wecom_token' && TOKEN_STALE.has(errcode)) return 'token_stale';
  return 'configuration';
}

const ADMIN = 'the WeCom admin console (work.weixin.qq.com)';
const SECRET_FIX = `copy the app's Secret from ${ADMIN}, Apps > your app, into corpSecret / WECOM_CORP_SECRET`;

const HINTS: Record<number, string> = {
  [-1]: 'WeCom is busy; share retries by itself, try again in a moment',
  40001: `the corpSecret is wrong or was reset: ${SECRET_FIX} (each app has its own secret)`,
  40013: `the corpId is not valid: copy the CorpID from ${ADMIN}, My Company > Company Information, into corpId / WECOM_CORP_ID`,
  40014: 'WeCom refused the access_token: it may have been revoked early; share fetches a new one once',
  40091: `the corpSecret is not valid: ${SECRET_FIX}`,
  40056: `the agentId is not valid: copy the AgentId of the app from ${ADMIN}, Apps > your app, into agentId / WECOM_AGENT_ID`,
  41001: 'the access_token is missing from the call',
  41002: 'the corpId is missing: set corpId or WECOM_CORP_ID',
  41004: 'the corpSecret is missing: set corpSecret or WECOM_CORP_SECRET',
  42001: 'the access_token has expired; share fetches a new one once',
  45009: 'a WeCom call limit was reached (tickets: 400 an hour per corp, 100 per app); make sure no other service fetches tickets for this corp; share waits before asking again',
  45033: 'too many concurrent calls to this WeCom API; share waits before asking again',
  48002: `this app may not call the JS-SDK ticket APIs: check the app's API permissions in ${ADMIN} (a secret of another app or of the contacts sync has none)`,
};

/** A sentence telling a person how to fix a WeCom `errcode`; `errmsg` (already redacted) supplies the IP of a 60020. */
export function wecomErrcodeHint(errcode: number, errmsg: string, endpoint: WecomEndpoint): string {
  if (endpoint !== 'wecom_token' && TOKEN_STALE.has(errcode)) {
    return 'WeCom refused a freshly fetched access_token too: another service may be resetting this app\'s secret or tokens; share one store between the instances';
  }
  if (errcode === 60020) {
    const ip = /from ip:\s*([0-9a-fA-F.:]+)/i.exec(errmsg)?.[1];
    const which = ip ? `egress IP ${ip}` : "this server's egress IP";
    return `add ${which} to the app's trusted IPs (企业可信IP) in ${ADMIN}, Apps > your app; behind NAT or a cloud, send the calls through a fixed-egress proxy (option dispatcher)`;
  }
  return HINTS[errcode] ?? 'see WeCom\'s global return codes (developer.work.weixin.qq.com/document/path/90313) for this errcode';
}
