// WeChat errcodes: which class each one is in (what to do about it) and a hint a person can act on.
import { classifyWecomErrcode, wecomErrcodeHint, type WecomEndpoint } from './wecom-errors.js';

/** A third-party platform's calls (api_component_token, …), made with its own AppID and secret or component token. */
export type ComponentEndpoint =
  | 'component_token'
  | 'start_push_ticket'
  | 'create_preauthcode'
  | 'query_auth'
  | 'authorizer_token'
  | 'authorizer_list';

export type Endpoint = 'token' | 'stable_token' | 'ticket' | WecomEndpoint | ComponentEndpoint;

/** The component calls that carry a component_access_token: 40001, 40014, 42001 there mean that token was refused. */
const WITH_COMPONENT_TOKEN = new Set<Endpoint>(['create_preauthcode', 'query_auth', 'authorizer_token', 'authorizer_list']);

const isWecomEndpoint = (endpoint: Endpoint): endpoint is WecomEndpoint => endpoint.startsWith('wecom_');

/**
 * - transient: retry with backoff, bounded.
 * - token_stale: the access_token was refused; drop it, fetch a new one once, retry once.
 * - configuration: retrying cannot help; report it and back off for a cool-down.
 * - quota: a call limit was reached; stop calling for a longer cool-down.
 */
export type ErrorClass = 'transient' | 'token_stale' | 'configuration' | 'quota';

const TOKEN_STALE = new Set([40001, 40014, 42001]);
const QUOTA = new Set([45009, 45011]);

export function classifyErrcode(errcode: number, endpoint: Endpoint): ErrorClass {
  if (isWecomEndpoint(endpoint)) return classifyWecomErrcode(errcode, endpoint);
  if (errcode === -1) return 'transient';
  if (QUOTA.has(errcode)) return 'quota';
  // From the token call itself 40001 means a wrong secret, not a stale token.
  if ((endpoint === 'ticket' || WITH_COMPONENT_TOKEN.has(endpoint)) && TOKEN_STALE.has(errcode)) return 'token_stale';
  return 'configuration';
}

const CONSOLE = 'the WeChat console (mp.weixin.qq.com, Settings > Basic configuration)';
const SECRET_FIX = `copy the current AppSecret from ${CONSOLE} into appSecret / WX_APPSECRET`;

const HINTS: Record<number, string> = {
  [-1]: 'WeChat is busy; share retries by itself, try again in a moment',
  40001: `the AppSecret is wrong or was reset: ${SECRET_FIX}`,
  40002: 'WeChat refused the grant_type; if apiBase points to a gateway, check that it forwards the request unchanged',
  40013: 'the AppID is not valid: check appId / WX_APPID (an official account AppID starts with "wx")',
  40014: 'WeChat refused the access_token as malformed; if getAccessToken is set, check what it returns',
  40125: `the AppSecret is not valid: ${SECRET_FIX}`,
  40243: `the AppSecret is frozen: unfreeze or reset it in ${CONSOLE}, then update appSecret / WX_APPSECRET`,
  41001: 'the access_token is missing from the call; if getAccessToken is set, make it return a token',
  41002: 'the AppID is missing: set appId or WX_APPID',
  41004: 'the AppSecret is missing: set appSecret or WX_APPSECRET',
  42001: 'the access_token has expired; if getAccessToken is set, make it return a fresh token',
  45009: `the daily quota of this API is used up; it resets at midnight Beijing time (or reset it in ${CONSOLE}); make sure no other service fetches tokens for this account`,
  45011: 'the per-minute call limit was reached; share waits before asking again',
  48001: 'this account is not authorized for the JS-SDK: it must be a verified official account',
  50002: 'the account is restricted by WeChat; see the notices in the WeChat console',
  61003: 'this account has not authorized the third-party platform, or withdrew it: its administrator must authorize it again (GET /wx/component/authorize)',
  61004: "this server's egress IP is not in the third-party platform's IP whitelist (open.weixin.qq.com, the platform's development settings)",
  61005: 'the component_verify_ticket has expired (12 h): WeChat pushes a new one every 10 minutes to POST /wx/component/events; check that the 授权事件接收URL points there',
  61006: 'the component_verify_ticket is not valid: wait for the next push to POST /wx/component/events (share asks WeChat for one with api_start_push_ticket)',
  61007: 'the authorizer did not grant the platform this permission set: ask its administrator to authorize it again with the JS-SDK permissions',
  61009: 'the authorization code is not valid or was already used: start the authorization again (GET /wx/component/authorize)',
  61010: 'the authorization code has expired (1 h): start the authorization again (GET /wx/component/authorize)',
  61023: "the authorizer's refresh token is not valid (the account authorized again): share re-reads it from api_get_authorizer_list",
  61024: "this is the third-party platform's own AppID: it signs no page; use an authorizer's appid",
  89501: 'this server IP is waiting for an administrator to confirm it in WeChat: ask the administrator to confirm it',
  89503: 'calls from this server IP need an administrator to confirm them in WeChat: ask the administrator to confirm it',
  89506: 'an administrator refused this server IP twice: WeChat blocks it for 24 hours; add it to the IP whitelist instead',
  89507: 'an administrator refused this server IP: WeChat blocks it for 1 hour; add it to the IP whitelist instead',
};

/** A sentence telling a person how to fix `errcode`; `errmsg` (already redacted) supplies details such as the IP. */
export function errcodeHint(errcode: number, errmsg = '', endpoint: Endpoint = 'token'): string {
  if (isWecomEndpoint(endpoint)) return wecomErrcodeHint(errcode, errmsg, endpoint);
  if (WITH_COMPONENT_TOKEN.has(endpoint) && TOKEN_STALE.has(errcode)) {
    return 'WeChat refused a freshly fetched component_access_token too: another service may be fetching component tokens for this platform (each new one kills the previous); share one store between them';
  }
  if (endpoint === 'component_token' && (errcode === 40001 || errcode === 40125 || errcode === 41004)) {
    return 'the component appSecret is wrong or was reset: copy it from open.weixin.qq.com (the platform\'s details) into component.appSecret / WX_COMPONENT_APPSECRET';
  }
  if (endpoint === 'component_token' && errcode === 40013) return 'the component appId is not valid: check component.appId / WX_COMPONENT_APPID';
  if (endpoint === 'ticket' && TOKEN_STALE.has(errcode)) {
    return "WeChat refused a freshly fetched access_token too: another service may be fetching classic tokens for this account; use tokenMode 'stable' everywhere, or share one store (or getAccessToken) between them";
  }
  if (errcode === 40164) {
    const ip = /invalid ip ([0-9a-fA-F.:]+)/i.exec(errmsg)?.[1];
    const which = ip ? `egress IP ${ip}` : 'egress IP';
    return `add this server's ${which} to the IP whitelist in ${CONSOLE}; behind NAT or a cloud, send the calls through a fixed-egress proxy (option dispatcher)`;
  }
  return HINTS[errcode] ?? 'see the WeChat global return codes for this errcode';
}
