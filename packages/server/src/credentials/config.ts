// The credentials' options, and how they are completed from DEFAULTS.
import type { Dispatcher } from '../wechat-api.js';
import { DEFAULTS } from '../defaults.js';
import type { Logger } from '../logger.js';
import type { CredentialStore } from '../stores/store.js';

export interface CredentialsConfig {
  apiBase: string;
  /** Where WeCom's API lives, for WeCom accounts. See DEFAULTS. */
  wecomApiBase?: string | undefined;
  tokenMode: 'stable' | 'classic';
  logger: Logger;
  /** Where credentials are shared between instances; none (the default) keeps them in process only. */
  store?: CredentialStore | undefined;
  /** Clock in ms since the epoch; injectable so expiry tests are exact. */
  now: () => number;
  dispatcher?: Dispatcher | undefined;
  /** Timeout of one upstream call, ms. See DEFAULTS. */
  upstreamTimeoutMs?: number;
  /** Retries of a transient failure, with backoff. See DEFAULTS. */
  retries?: number;
  /** Refresh in the background when less than this is left before expiry, ms. See DEFAULTS. */
  refreshAheadMs?: number;
  /** How long a configuration or quota error is remembered before WeChat is asked again, ms. See DEFAULTS. */
  errorCooldownMs?: number;
  /** A credential counts as expired this long before WeChat's expires_in says, ms. See DEFAULTS. */
  safetyMarginMs?: number;
  /** How long a quota error (45009, 45011, HTTP 429) is remembered, ms. See DEFAULTS. */
  quotaCooldownMs?: number;
  /** A ticket() call settles (value or error) within this, even when WeChat hangs, ms. See DEFAULTS. */
  requestTimeoutMs?: number;
  /** Delays before retry 1, 2, … of a transient failure (the last one repeats), ms. See DEFAULTS. */
  backoffMs?: readonly number[];
  /**
   * Each credential is fetched at most once per this interval per account (the 40001 refetch-once and refresh()
   * excepted), whatever lifetime WeChat states, ms. See DEFAULTS.
   */
  minFetchIntervalMs?: number;
  /** After a transient failure survived its retries, WeChat is not asked again for this long, doubling up to outageBackoffMaxMs, ms. See DEFAULTS. */
  outageBackoffMs?: number;
  /** The longest back-off during an outage, ms. See DEFAULTS. */
  outageBackoffMaxMs?: number;
  /**
   * How long the store's lock is held at most while one instance refreshes, ms. See DEFAULTS; it must be shorter than a
   * waiter's patience (requestTimeoutMs - upstreamTimeoutMs), so that a dead holder's lock expires while the others
   * still wait and one of them takes over.
   */
  lockTtlMs?: number;
  /** How often an instance waiting for another's refresh reads the store, ms. See DEFAULTS. */
  lockPollMs?: number;
  /** A store call that takes longer counts as failed, ms. See DEFAULTS. */
  storeTimeoutMs?: number;
}

/** The options with every bound filled in from DEFAULTS; warns about a lockTtlMs that cannot work. */
export function resolveConfig(config: CredentialsConfig) {
  const c = {
    ...DEFAULTS,
    ...(Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) as CredentialsConfig),
  };
  // A dead holder's lock must expire while the others still wait (requestTimeoutMs - upstreamTimeoutMs), so that one
  // of them takes over: the default is shortened to fit, a configured value that does not fit is warned about.
  const patienceMs = c.requestTimeoutMs - c.upstreamTimeoutMs;
  if (config.lockTtlMs === undefined) c.lockTtlMs = Math.max(1, Math.min(DEFAULTS.lockTtlMs, patienceMs - 1));
  else if (c.lockTtlMs >= patienceMs) {
    c.logger.warn(
      `lockTtlMs (${c.lockTtlMs}) is not shorter than requestTimeoutMs - upstreamTimeoutMs (${patienceMs}): a dead holder's lock outlives its waiters`,
    );
  }
  return c;
}

export type ResolvedConfig = ReturnType<typeof resolveConfig>;
