// Keeps each account's access_token and jsapi_ticket fresh: cached, refreshed ahead, de-duplicated.
// CONTRACT ONLY — the implementation lands with the credentials work.
import type { Dispatcher } from 'undici';
import type { Logger } from './logger.js';
import type { CredentialStore } from './stores/store.js';

export interface Account {
  appId: string;
  appSecret?: string;
  /** A company's own central token server; when given, tokens are never fetched from WeChat. */
  getAccessToken?: () => Promise<string>;
}

export interface CredentialsConfig {
  apiBase: string;
  tokenMode: 'stable' | 'classic';
  logger: Logger;
  store: CredentialStore;
  /** Clock in ms since the epoch; injectable so expiry tests are exact. */
  now: () => number;
  dispatcher?: Dispatcher;
  /** Timeout of one upstream call, ms. */
  upstreamTimeoutMs?: number;
  /** Retries of a transient failure, with backoff. */
  retries?: number;
  /** Refresh in the background when less than this is left before expiry, ms. */
  refreshAheadMs?: number;
  /** How long a configuration or quota error is remembered before WeChat is asked again, ms. */
  errorCooldownMs?: number;
  /** How many accounts' credentials are kept in process (LRU). */
  maxAccounts?: number;
}

export interface Ticket {
  value: string;
  expiresAt: number;
}

export interface CredentialStats {
  upstream: { token: number; stableToken: number; ticket: number };
  cacheHits: number;
  refreshes: number;
  /** Failures by WeChat errcode, or by 'http_5xx', 'timeout', 'network'. */
  errors: Record<string, number>;
}

export interface Credentials {
  /** A valid jsapi_ticket; throws ShareError ('wechat_error' 502, 'wechat_unavailable' 503/504) when none can be had. */
  ticket(account: Account): Promise<Ticket>;
  /** Drops and refetches the account's token and ticket now. */
  refresh(account: Account): Promise<void>;
  stats(): CredentialStats;
  close(): Promise<void>;
}

export function createCredentials(_config: CredentialsConfig): Credentials {
  throw new Error('createCredentials: not implemented yet');
}
