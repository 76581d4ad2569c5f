// The credentials' counters: written only by the owner (credentials.ts), read as a copy through stats().
import type { CallOptions, Endpoint } from '../wechat-api.js';

export interface CredentialStats {
  /**
   * WeChat calls; WeCom's (gettoken, get_jsapi_ticket, ticket/get) and a third-party platform's (api_component_token,
   * api_authorizer_token, an authorizer's getticket, api_get_authorizer_list) appear once one was made.
   */
  upstream: {
    token: number;
    stableToken: number;
    ticket: number;
    wecomToken?: number;
    wecomTicket?: number;
    wecomAgentTicket?: number;
    componentToken?: number;
    authorizerToken?: number;
    authorizerTicket?: number;
    authorizerList?: number;
  };
  cacheHits: number;
  refreshes: number;
  /** Failures by WeChat errcode, or by 'http_5xx', 'timeout', 'network'. */
  errors: Record<string, number>;
  /** Credentials taken from the store instead of WeChat. */
  storeHits?: number;
  /** Store calls that threw or timed out. */
  storeErrors?: number;
  /** ticket() calls answered with a remembered configuration or quota error, without asking WeChat. */
  cooldownHits?: number;
}

export type Counters = Required<CredentialStats>;

export function createCounters(): Counters {
  return {
    upstream: { token: 0, stableToken: 0, ticket: 0 },
    cacheHits: 0,
    refreshes: 0,
    errors: {},
    storeHits: 0,
    storeErrors: 0,
    cooldownHits: 0,
  };
}

type Upstream = CredentialStats['upstream'];
const COUNTED: Partial<Record<Endpoint, keyof Upstream>> = {
  token: 'token',
  stable_token: 'stableToken',
  ticket: 'ticket',
  wecom_token: 'wecomToken',
  wecom_ticket: 'wecomTicket',
  wecom_agent_ticket: 'wecomAgentTicket',
  component_token: 'componentToken',
  authorizer_token: 'authorizerToken',
  authorizer_list: 'authorizerList',
};

/** Counts one upstream call (WechatApiOptions.onCall). */
export function countCall(counters: Counters, endpoint: Endpoint, call: CallOptions): void {
  const name = endpoint === 'ticket' && call.authorizer === true ? 'authorizerTicket' : COUNTED[endpoint];
  if (name !== undefined) counters.upstream[name] = (counters.upstream[name] ?? 0) + 1;
}

/** A copy, so that a caller cannot change the counters. */
export function snapshot(counters: Counters): CredentialStats {
  return { ...counters, upstream: { ...counters.upstream }, errors: { ...counters.errors } };
}
