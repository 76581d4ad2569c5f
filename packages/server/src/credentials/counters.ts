// The credentials' counters: written only by the owner (credentials.ts), read as a copy through stats().

export interface CredentialStats {
  /** WeChat calls; WeCom's (gettoken, get_jsapi_ticket, ticket/get) appear once one was made. */
  upstream: { token: number; stableToken: number; ticket: number; wecomToken?: number; wecomTicket?: number; wecomAgentTicket?: number };
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

/** A copy, so that a caller cannot change the counters. */
export function snapshot(counters: Counters): CredentialStats {
  return { ...counters, upstream: { ...counters.upstream }, errors: { ...counters.errors } };
}
