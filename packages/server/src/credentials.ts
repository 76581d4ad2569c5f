// Keeps each account's access_token and jsapi_ticket fresh: cached, refreshed ahead, de-duplicated.
import { LRUCache } from 'lru-cache';
import type { Dispatcher } from 'undici';
import { DEFAULTS } from './defaults.js';
import { ShareError } from './errors.js';
import type { Logger } from './logger.js';
import { redact } from './redact.js';
import { guardStore } from './guarded-store.js';
import type { CredentialStore, StoredCredential } from './stores/store.js';
import { createWechatApi, ENDPOINT_PATHS, WechatCallError, withRetries, type Grant } from './wechat-api.js';
import { errcodeHint } from './wechat-errors.js';

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
  /** Where credentials are shared between instances; none (the default) keeps them in process only. */
  store?: CredentialStore | undefined;
  /** Clock in ms since the epoch; injectable so expiry tests are exact. */
  now: () => number;
  dispatcher?: Dispatcher;
  /** Timeout of one upstream call, ms. See DEFAULTS. */
  upstreamTimeoutMs?: number;
  /** Retries of a transient failure, with backoff. See DEFAULTS. */
  retries?: number;
  /** Refresh in the background when less than this is left before expiry, ms. See DEFAULTS. */
  refreshAheadMs?: number;
  /** How long a configuration or quota error is remembered before WeChat is asked again, ms. See DEFAULTS. */
  errorCooldownMs?: number;
  /** How many accounts' credentials are kept in process (LRU). See DEFAULTS. */
  maxAccounts?: number;
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

export interface Ticket {
  value: string;
  /** When WeChat stops accepting the ticket, ms since the epoch (share stops using it safetyMarginMs earlier). */
  expiresAt: number;
}

export interface CredentialStats {
  upstream: { token: number; stableToken: number; ticket: number };
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

export interface Credentials {
  /**
   * The account's jsapi_ticket when it can be used now, synchronously (the hot path); undefined when it must be
   * loaded first. Starts a due refresh-ahead in the background.
   */
  peek(account: Account): Ticket | undefined;
  /** A valid jsapi_ticket; throws ShareError ('wechat_error' 502, 'wechat_unavailable' 503/504) when none can be had. */
  ticket(account: Account): Promise<Ticket>;
  /** Drops and refetches the account's token and ticket now. */
  refresh(account: Account): Promise<void>;
  stats(): CredentialStats;
  close(): Promise<void>;
}

interface AccountState {
  token?: StoredCredential | undefined;
  ticket?: StoredCredential | undefined;
  /** The one load of a ticket under way (foreground, background or passive refresh); everyone else joins it. */
  loading?: Promise<StoredCredential> | undefined;
  refreshing?: Promise<void> | undefined;
  cooldown?: { until: number; error: ShareError } | undefined;
  /** Transient failures in a row (an outage); while > 0, each new attempt is a single probe without retries. */
  outage?: { failures: number; until: number; error: ShareError } | undefined;
  /** No background refresh before this instant (injected clock). */
  nextAheadAt: number;
}

type LoadKind = 'foreground' | 'ahead' | 'refresh';

const tokenKey = (appId: string) => `${appId}:access_token`;
const ticketKey = (appId: string) => `${appId}:jsapi_ticket`;

class DeadlineError extends Error {}

export function createCredentials(config: CredentialsConfig): Credentials {
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
  const { logger, now } = c;
  const closing = new AbortController();
  const states = new LRUCache<string, AccountState>({ max: c.maxAccounts });
  const counters = {
    upstream: { token: 0, stableToken: 0, ticket: 0 },
    cacheHits: 0,
    refreshes: 0,
    errors: {} as Record<string, number>,
    storeHits: 0,
    storeErrors: 0,
    cooldownHits: 0,
  };
  const api = createWechatApi({
    apiBase: c.apiBase,
    timeoutMs: c.upstreamTimeoutMs,
    dispatcher: c.dispatcher,
    onCall: (endpoint) => {
      if (endpoint === 'stable_token') counters.upstream.stableToken++;
      else counters.upstream[endpoint]++;
    },
  });
  const retry = <T>(attempt: () => Promise<T>, deadline: number, retries: number) =>
    withRetries(attempt, {
      retries,
      backoffMs: c.backoffMs,
      deadline,
      signal: closing.signal,
      onFailure: (err) => {
        counters.errors[err.statsKey] = (counters.errors[err.statsKey] ?? 0) + 1;
      },
    });

  const usable = (credential: StoredCredential | undefined): credential is StoredCredential =>
    credential !== undefined && now() < credential.expiresAt - c.safetyMarginMs;

  const stateOf = (appId: string): AccountState => {
    let state = states.get(appId);
    if (!state) {
      state = { nextAheadAt: 0 };
      states.set(appId, state);
    }
    return state;
  };

  const secretsOf = (account: Account): string[] => {
    const state = states.peek(account.appId);
    return [account.appSecret, state?.token?.value, state?.ticket?.value].filter((s): s is string => !!s);
  };

  const shared = guardStore({
    store: c.store,
    logger,
    now,
    timeoutMs: c.storeTimeoutMs,
    lockTtlMs: c.lockTtlMs,
    lockPollMs: c.lockPollMs,
    signal: closing.signal,
    onError: () => void counters.storeErrors++,
  });
  // Another instance changed a key: drop the local copy, the next request reads the store.
  const onChange = (key: string) => {
    const at = key.lastIndexOf(':');
    const state = states.peek(key.slice(0, at));
    if (!state) return;
    if (key.slice(at + 1) === 'access_token') state.token = undefined;
    else if (key.slice(at + 1) === 'jsapi_ticket') state.ticket = undefined;
  };
  shared.subscribe(onChange);

  // ---- fetching
  async function withDeadline<T>(promise: Promise<T>, deadline: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        promise,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new DeadlineError()), Math.max(0, deadline - performance.now()));
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  // A lifetime too short to last until the next allowed fetch is stretched to it: a gateway that rewrites
  // expires_in cannot make share call WeChat more than once per minFetchIntervalMs.
  const shortestLifetimeMs = c.minFetchIntervalMs + c.safetyMarginMs;
  const expiry = (grant: Grant): StoredCredential => ({
    value: grant.value,
    expiresAt: now() + Math.max(grant.expiresIn * 1000, shortestLifetimeMs),
  });
  /** During an outage each attempt is one probe: 10 clients cost one call per back-off step, not three. */
  const retriesFor = (state: AccountState) => (state.outage ? 0 : c.retries);

  async function token(state: AccountState, account: Account, deadline: number, avoid?: string): Promise<string> {
    const { appId } = account;
    if (account.getAccessToken) {
      const getAccessToken = account.getAccessToken;
      const value = await withDeadline(Promise.resolve().then(getAccessToken), deadline);
      if (typeof value !== 'string' || value === '') throw new Error('getAccessToken did not return a string');
      return value;
    }
    const secrets = secretsOf(account);
    if (usable(state.token) && state.token.value !== avoid) return state.token.value;
    const stored = await shared.get(tokenKey(appId), secrets);
    if (usable(stored) && stored.value !== avoid) {
      counters.storeHits++;
      state.token = stored;
      return stored.value;
    }
    const secret = account.appSecret;
    if (!secret) {
      throw new ShareError('wechat_error', 502, `no appSecret for ${appId}: set appSecret (or WX_APPSECRET), or getAccessToken`);
    }
    const call = { deadline, signal: closing.signal };
    const grant = await retry(
      () => (c.tokenMode === 'classic' ? api.token(appId, secret, call) : api.stableToken(appId, secret, call)),
      deadline,
      retriesFor(state),
    );
    state.token = expiry(grant);
    await shared.set(tokenKey(appId), state.token, secretsOf(account));
    return grant.value;
  }

  async function fetchTicket(state: AccountState, account: Account, deadline: number): Promise<StoredCredential> {
    const getticket = (accessToken: string) =>
      retry(() => api.ticket(accessToken, { deadline, signal: closing.signal }), deadline, retriesFor(state));
    const accessToken = await token(state, account, deadline);
    try {
      return expiry(await getticket(accessToken));
    } catch (err) {
      if (!(err instanceof WechatCallError) || err.errorClass !== 'token_stale') throw err;
      logger.warn(`${account.appId}: WeChat refused the access_token (errcode ${err.errcode}); fetching a new one once`);
      if (state.token?.value === accessToken) state.token = undefined;
      if (!account.getAccessToken) await shared.delete(tokenKey(account.appId), accessToken, secretsOf(account));
      return expiry(await getticket(await token(state, account, deadline, accessToken)));
    }
  }

  function toShareError(err: unknown, account: Account): ShareError {
    if (err instanceof ShareError) return err;
    const secrets = secretsOf(account);
    if (closing.signal.aborted) return new ShareError('wechat_unavailable', 503, 'share is shutting down (credentials closed)');
    if (err instanceof DeadlineError) {
      return new ShareError('wechat_unavailable', 504, `no jsapi_ticket for ${account.appId} within ${c.requestTimeoutMs} ms; try again shortly`);
    }
    if (!(err instanceof WechatCallError)) {
      const why = redact(err instanceof Error ? err.message : String(err), secrets);
      const where = account.getAccessToken ? 'getAccessToken failed' : 'unexpected failure';
      return new ShareError('wechat_unavailable', 503, `${where} for ${account.appId}: ${why}`);
    }
    const path = ENDPOINT_PATHS[err.endpoint];
    const tries = err.attempts > 1 ? ` after ${err.attempts} attempts` : '';
    if (err.errorClass === 'transient') {
      if (err.kind === 'timeout') {
        return new ShareError('wechat_unavailable', 504, `WeChat did not answer ${path} in time${tries}; try again shortly`);
      }
      const what = err.kind === 'errcode' ? `system busy, errcode ${err.errcode}` : err.message;
      return new ShareError('wechat_unavailable', 503, `WeChat is unavailable (${what})${tries}; try again shortly`, err.errcode);
    }
    if (err.kind === 'http') {
      return new ShareError('wechat_error', 502, `WeChat ${path} answered HTTP ${err.status}: check apiBase`);
    }
    const errmsg = redact(err.errmsg ?? '', secrets);
    const hint = errcodeHint(err.errcode ?? 0, errmsg, err.endpoint);
    return new ShareError('wechat_error', 502, `WeChat ${path} answered errcode ${err.errcode} (${errmsg}): ${hint}`, err.errcode);
  }

  async function load(state: AccountState, account: Account, kind: LoadKind): Promise<StoredCredential> {
    const deadline = performance.now() + c.requestTimeoutMs;
    const { appId } = account;
    const replacing = state.ticket;
    // A value from the store is taken when it is usable and newer than the one being replaced.
    const accept = (found: StoredCredential) =>
      usable(found) && (replacing === undefined || found.expiresAt > replacing.expiresAt);
    try {
      return await withDeadline(
        (async () => {
          const found = await shared.get(ticketKey(appId), secretsOf(account));
          if (found && accept(found)) {
            counters.storeHits++;
            return { ticket: found, fetched: false };
          }
          // Leave time for one upstream call of our own should the lock holder never deliver.
          const giveUpAt = deadline - c.upstreamTimeoutMs;
          const lock = await shared.lockOrWait(ticketKey(appId), accept, giveUpAt, secretsOf(account));
          if (lock.found) {
            counters.storeHits++;
            return { ticket: lock.found, fetched: false };
          }
          try {
            const fresh = await fetchTicket(state, account, deadline);
            await shared.set(ticketKey(appId), fresh, [...secretsOf(account), fresh.value]);
            return { ticket: fresh, fetched: true };
          } finally {
            if (lock.release) void lock.release();
          }
        })(),
        deadline,
      ).then(({ ticket, fetched }) => {
        state.ticket = ticket;
        state.cooldown = undefined;
        state.outage = undefined;
        // A ticket just fetched is not refreshed ahead again for a while, whatever lifetime WeChat gave it.
        if (fetched) state.nextAheadAt = now() + c.minFetchIntervalMs;
        counters.refreshes++;
        return ticket;
      });
    } catch (err) {
      const error = toShareError(err, account);
      const cls = err instanceof WechatCallError ? err.errorClass : 'transient';
      if (cls !== 'transient' && error.code === 'wechat_error') {
        const ms = cls === 'quota' ? c.quotaCooldownMs : c.errorCooldownMs;
        state.cooldown = { until: now() + ms, error };
        logger.error(`${appId}: ${error.message} (not asking WeChat again for ${Math.round(ms / 1000)} s)`);
      } else if (error.code === 'wechat_unavailable' && !closing.signal.aborted) {
        const failures = (state.outage?.failures ?? 0) + 1;
        const ms = Math.min(c.outageBackoffMs * 2 ** (failures - 1), c.outageBackoffMaxMs);
        state.outage = { failures, until: now() + ms, error };
        if (kind !== 'ahead') logger.warn(`${appId}: ${error.message} (next attempt in ${Math.ceil(ms / 1000)} s, failure ${failures} in a row)`);
      } else if (kind !== 'ahead') {
        logger.warn(`${appId}: ${error.message}`);
      }
      throw error;
    }
  }

  function coalesced(state: AccountState, account: Account, kind: LoadKind): Promise<StoredCredential> {
    if (state.loading) return state.loading;
    const loading = load(state, account, kind).finally(() => {
      if (state.loading === loading) state.loading = undefined;
    });
    state.loading = loading;
    return loading;
  }

  function refreshAhead(state: AccountState, account: Account): void {
    state.nextAheadAt = now() + c.minFetchIntervalMs;
    coalesced(state, account, 'ahead').catch((err: unknown) => {
      const left = Math.round(((state.ticket?.expiresAt ?? 0) - c.safetyMarginMs - now()) / 1000);
      const why = err instanceof Error ? err.message : String(err);
      logger.warn(`${account.appId}: background refresh failed; still serving the current jsapi_ticket (${left} s left): ${why}`);
    });
  }

  const outageError = (outage: NonNullable<AccountState['outage']>) => {
    const seconds = Math.max(1, Math.ceil((outage.until - now()) / 1000));
    const { message, errcode } = outage.error;
    return new ShareError('wechat_unavailable', 503, `${message} (WeChat is not asked again for ${seconds} s)`, errcode, seconds);
  };

  const closedError = () => new ShareError('wechat_unavailable', 503, 'share is shutting down (credentials closed)');

  function peek(account: Account): Ticket | undefined {
    if (closing.signal.aborted) return undefined;
    const state = states.get(account.appId);
    const held = state?.ticket;
    if (state === undefined || !usable(held)) return undefined;
    counters.cacheHits++;
    const t = now();
    const cooling =
      (state.cooldown !== undefined && t < state.cooldown.until) || (state.outage !== undefined && t < state.outage.until);
    if (held.expiresAt - t < c.refreshAheadMs && t >= state.nextAheadAt && !state.loading && !cooling) {
      refreshAhead(state, account);
    }
    return { value: held.value, expiresAt: held.expiresAt };
  }

  return {
    peek,
    async ticket(account) {
      if (closing.signal.aborted) throw closedError();
      shared.subscribe(onChange);
      const held = peek(account);
      if (held) return held;
      const state = stateOf(account.appId);
      if (state.cooldown && now() < state.cooldown.until && !state.loading) {
        counters.cooldownHits++;
        throw state.cooldown.error;
      }
      if (state.outage && now() < state.outage.until && !state.loading) {
        counters.cooldownHits++;
        throw outageError(state.outage);
      }
      const ticket = await coalesced(state, account, 'foreground');
      return { value: ticket.value, expiresAt: ticket.expiresAt };
    },

    refresh(account) {
      if (closing.signal.aborted) return Promise.reject(closedError());
      const state = stateOf(account.appId);
      if (state.refreshing) return state.refreshing;
      const refreshing = (async () => {
        await state.loading?.catch(() => undefined);
        const { token, ticket } = state;
        const secrets = secretsOf(account);
        state.token = undefined;
        state.ticket = undefined;
        state.cooldown = undefined;
        state.outage = undefined;
        if (!account.getAccessToken) await shared.delete(tokenKey(account.appId), token?.value, secrets);
        await shared.delete(ticketKey(account.appId), ticket?.value, secrets);
        await coalesced(state, account, 'refresh');
      })().finally(() => {
        state.refreshing = undefined;
      });
      state.refreshing = refreshing;
      return refreshing;
    },

    stats() {
      return { ...counters, upstream: { ...counters.upstream }, errors: { ...counters.errors } };
    },

    async close() {
      closing.abort();
      states.clear();
      await shared.close();
    },
  };
}
