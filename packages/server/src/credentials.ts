// The single owner of each account's access_token, jsapi_ticket (a WeCom app's: corp ticket and app ticket) and
// in-flight load: cached, refreshed ahead, de-duplicated. The modules in credentials/ decide and fetch; only this file keeps state.
import { LRUCache } from 'lru-cache';
import { ShareError } from './errors.js';
import { guardStore } from './guarded-store.js';
import type { StoredCredential } from './stores/store.js';
import { createWechatApi, WechatCallError, withRetries, type Grant } from './wechat-api.js';
import { accountKey, accountName, agentTicketKey, isWecom, ticketKey, tokenKey, type Account } from './credentials/account.js';
import { createAccessTokenSource } from './credentials/access-token.js';
import { resolveConfig, type CredentialsConfig } from './credentials/config.js';
import { createCounters, snapshot, type CredentialStats } from './credentials/counters.js';
import { withDeadline } from './credentials/deadline.js';
import { outageError, remember, type Cooldown, type Outage } from './credentials/failure-memory.js';
import { loadUnderLock } from './credentials/locked-load.js';
import { closedError, toShareError } from './credentials/share-error.js';

export type { Account } from './credentials/account.js';
export type { CredentialsConfig } from './credentials/config.js';
export type { CredentialStats } from './credentials/counters.js';

export interface Ticket {
  value: string;
  /** When WeChat stops accepting the ticket, ms since the epoch (share stops using it safetyMarginMs earlier). */
  expiresAt: number;
  /** A WeCom app's app ticket (for wx.agentConfig), when the account has an agentId; value is then the corp ticket. */
  agent?: { value: string; expiresAt: number } | undefined;
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
  /** The account's access_token, loaded (store or WeChat) when none is held; expiresAt already minus the safety margin. */
  accessToken(account: Account): Promise<AccessToken>;
  /**
   * WeChat refused `rejected`: when it is still the current token, fetches a new one, once however many callers
   * report it (coalesced here, across instances through the store lock). Otherwise answers the current one.
   */
  refreshAccessToken(account: Account, rejected: string): Promise<RefreshedAccessToken>;
  /**
   * Keeps the account's ticket loaded without a request: loads it in the background when none is held, refreshes it
   * ahead of expiry when due. A failure is logged (a configuration error at once, with its hint), never thrown.
   */
  keepWarm(account: Account): void;
  stats(): CredentialStats;
  close(): Promise<void>;
}

export interface AccessToken {
  accessToken: string;
  /** ms since the epoch, already minus share's safety margin. */
  expiresAt: number;
}

export interface RefreshedAccessToken extends AccessToken {
  /** Whether this call made WeChat issue a new token. */
  refreshed: boolean;
  /** Why no new token was fetched, when refreshed is false. */
  reason?: string | undefined;
}

/** WeChat allows 20 forced stable_token refreshes a day per account, at least 30 s apart. */
export const FORCE_REFRESH_LIMIT = { perDay: 20, spacingMs: 30_000 } as const;
const DAY_MS = 24 * 3600_000;

interface AccountState {
  token?: StoredCredential | undefined;
  ticket?: StoredCredential | undefined;
  /** A WeCom app's app ticket (agent_config), loaded with the corp ticket by the same load. */
  agentTicket?: StoredCredential | undefined;
  /** The one load of a ticket under way (foreground, background or passive refresh); everyone else joins it. */
  loading?: Promise<Ticket> | undefined;
  refreshing?: Promise<void> | undefined;
  cooldown?: Cooldown | undefined;
  outage?: Outage | undefined;
  /** No background refresh before this instant (injected clock). */
  nextAheadAt: number;
  /** The one access_token load (accessToken()) under way. */
  tokenLoading?: Promise<AccessToken> | undefined;
  /** The one access_token refresh (refreshAccessToken()) under way, and the token it replaces. */
  tokenRefresh?: { rejected: string; promise: Promise<RefreshedAccessToken> } | undefined;
  /** When this instance forced a stable_token refresh (injected clock), for WeChat's daily limit. */
  forcedAt: number[];
}

type LoadKind = 'foreground' | 'ahead' | 'refresh';
/** 'jsapi': the official jsapi_ticket or the WeCom corp ticket; 'agent': the WeCom app ticket. */
type TicketKind = 'jsapi' | 'agent';

const WECOM_COUNTERS = { wecom_token: 'wecomToken', wecom_ticket: 'wecomTicket', wecom_agent_ticket: 'wecomAgentTicket' } as const;

export function createCredentials(config: CredentialsConfig): Credentials {
  const c = resolveConfig(config);
  const { logger, now } = c;
  const closing = new AbortController();
  const states = new LRUCache<string, AccountState>({ max: c.maxAccounts });
  const counters = createCounters();
  const api = createWechatApi({
    apiBase: c.apiBase,
    timeoutMs: c.upstreamTimeoutMs,
    dispatcher: c.dispatcher,
    wecomApiBase: c.wecomApiBase,
    onCall: (endpoint) => {
      if (endpoint === 'stable_token') counters.upstream.stableToken++;
      else if (endpoint === 'token' || endpoint === 'ticket') counters.upstream[endpoint]++;
      else counters.upstream[WECOM_COUNTERS[endpoint]] = (counters.upstream[WECOM_COUNTERS[endpoint]] ?? 0) + 1;
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

  const stateOf = (account: Account): AccountState => {
    const key = accountKey(account);
    let state = states.get(key);
    if (!state) {
      state = { nextAheadAt: 0, forcedAt: [] };
      states.set(key, state);
    }
    return state;
  };

  const secretsOf = (account: Account): string[] => {
    const state = states.peek(accountKey(account));
    return [account.appSecret, state?.token?.value, state?.ticket?.value, state?.agentTicket?.value].filter((s): s is string => !!s);
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
    else if (key.slice(at + 1) === 'agent_config_ticket') state.agentTicket = undefined;
  };
  shared.subscribe(onChange);

  // A lifetime too short to last until the next allowed fetch is stretched to it: a gateway that rewrites
  // expires_in cannot make share call WeChat more than once per minFetchIntervalMs.
  const shortestLifetimeMs = c.minFetchIntervalMs + c.safetyMarginMs;
  const expiry = (grant: Grant): StoredCredential => ({
    value: grant.value,
    expiresAt: now() + Math.max(grant.expiresIn * 1000, shortestLifetimeMs),
  });
  /** During an outage each attempt is one probe: 10 clients cost one call per back-off step, not three. */
  const retriesFor = (state: AccountState) => (state.outage ? 0 : c.retries);

  const accessTokenSource = createAccessTokenSource({
    api,
    shared,
    tokenMode: c.tokenMode,
    signal: closing.signal,
    usable,
    expiry,
    retry,
    onStoreHit: () => void counters.storeHits++,
  });

  async function token(state: AccountState, account: Account, deadline: number, avoid?: string, forceRefresh = false) {
    const answer = await accessTokenSource(account, {
      deadline,
      retries: retriesFor(state),
      held: state.token,
      avoid,
      secrets: secretsOf(account),
      forceRefresh,
    });
    if (answer.adopt) state.token = answer.adopt;
    return answer.value;
  }

  /** What accessToken() answers for the token held; an account with getAccessToken holds none, so it is due at once. */
  const answerOf = (state: AccountState, value: string): AccessToken => ({
    accessToken: value,
    expiresAt: state.token?.value === value ? state.token.expiresAt - c.safetyMarginMs : now(),
  });

  function loadToken(state: AccountState, account: Account): Promise<AccessToken> {
    if (usable(state.token)) return Promise.resolve(answerOf(state, state.token.value));
    if (state.tokenLoading) return state.tokenLoading;
    const deadline = performance.now() + c.requestTimeoutMs;
    const loading = withDeadline(token(state, account, deadline), deadline)
      .then((value) => answerOf(state, value), (err: unknown) => Promise.reject(shareErrorOf(err, account)))
      .finally(() => {
        if (state.tokenLoading === loading) state.tokenLoading = undefined;
      });
    state.tokenLoading = loading;
    return loading;
  }

  /** Refuses a forced stable_token refresh WeChat would refuse itself (20 a day, 30 s apart). */
  function checkForceLimit(state: AccountState, account: Account): void {
    const t = now();
    state.forcedAt = state.forcedAt.filter((at) => t - at < DAY_MS);
    const last = state.forcedAt.at(-1);
    let waitMs = 0;
    if (last !== undefined && t - last < FORCE_REFRESH_LIMIT.spacingMs) waitMs = FORCE_REFRESH_LIMIT.spacingMs - (t - last);
    if (state.forcedAt.length >= FORCE_REFRESH_LIMIT.perDay) waitMs = Math.max(waitMs, state.forcedAt[0]! + DAY_MS - t);
    if (waitMs === 0) return;
    const seconds = Math.ceil(waitMs / 1000);
    throw new ShareError(
      'refresh_limited',
      429,
      `${accountName(account)}: WeChat allows ${FORCE_REFRESH_LIMIT.perDay} forced access_token refreshes a day, ${FORCE_REFRESH_LIMIT.spacingMs / 1000} s apart; try again in ${seconds} s`,
      undefined,
      seconds,
    );
  }

  async function replaceToken(state: AccountState, account: Account, rejected: string): Promise<RefreshedAccessToken> {
    const current = (reason: string) => ({ ...answerOf(state, state.token!.value), refreshed: false, reason });
    if (usable(state.token) && state.token.value !== rejected) return current('already replaced');
    if (account.getAccessToken) {
      // The company's token server owns the token: ask it again, share cannot force WeChat for it.
      const deadline = performance.now() + c.requestTimeoutMs;
      const value = await withDeadline(token(state, account, deadline, rejected), deadline);
      return { ...answerOf(state, value), refreshed: value !== rejected };
    }
    const deadline = performance.now() + c.requestTimeoutMs;
    const key = tokenKey(accountKey(account));
    const accept = (found: StoredCredential) => usable(found) && found.value !== rejected;
    const stored = await shared.get(key, secretsOf(account));
    if (stored && accept(stored)) {
      counters.storeHits++;
      state.token = stored;
      return current('replaced by another instance');
    }
    // WeCom's gettoken has no forced refresh: it answers a new token once the refused one is revoked.
    const force = c.tokenMode === 'stable' && !isWecom(account);
    if (force) checkForceLimit(state, account);
    const lock = await shared.lockOrWait(key, accept, deadline - c.upstreamTimeoutMs, secretsOf(account));
    try {
      if (lock.found) {
        counters.storeHits++;
        state.token = lock.found;
        return current('replaced by another instance');
      }
      if (state.token?.value === rejected) state.token = undefined;
      await shared.delete(key, rejected, secretsOf(account));
      if (force) state.forcedAt.push(now());
      const value = await withDeadline(token(state, account, deadline, rejected, force), deadline);
      logger.warn(`${accountName(account)}: the access_token was reported as refused; fetched a new one`);
      return { ...answerOf(state, value), refreshed: true };
    } finally {
      if (lock.release) void lock.release();
    }
  }

  async function fetchTicket(state: AccountState, account: Account, deadline: number, kind: TicketKind = 'jsapi'): Promise<StoredCredential> {
    const call = { deadline, signal: closing.signal };
    const fetchOne = kind === 'agent' ? api.wecomAgentTicket : isWecom(account) ? api.wecomTicket : api.ticket;
    const getticket = (accessToken: string) => retry(() => fetchOne(accessToken, call), deadline, retriesFor(state));
    const accessToken = await token(state, account, deadline);
    try {
      return expiry(await getticket(accessToken));
    } catch (err) {
      if (!(err instanceof WechatCallError) || err.errorClass !== 'token_stale') throw err;
      logger.warn(`${accountName(account)}: ${isWecom(account) ? 'WeCom' : 'WeChat'} refused the access_token (errcode ${err.errcode}); fetching a new one once`);
      if (state.token?.value === accessToken) state.token = undefined;
      if (!account.getAccessToken) await shared.delete(tokenKey(accountKey(account)), accessToken, secretsOf(account));
      return expiry(await getticket(await token(state, account, deadline, accessToken)));
    }
  }

  const shareErrorOf = (err: unknown, account: Account): ShareError =>
    toShareError(err, {
      account,
      secrets: secretsOf(account),
      closing: closing.signal.aborted,
      requestTimeoutMs: c.requestTimeoutMs,
    });

  /** One ticket of the account under the store's lock: taken from the store when another instance has a newer one. */
  function lockedTicket(state: AccountState, account: Account, deadline: number, kind: TicketKind) {
    const replacing = kind === 'agent' ? state.agentTicket : state.ticket;
    const key = (kind === 'agent' ? agentTicketKey : ticketKey)(accountKey(account));
    return loadUnderLock({
      shared,
      key,
      // A value from the store is taken when it is usable and newer than the one being replaced.
      accept: (found) => usable(found) && (replacing === undefined || found.expiresAt > replacing.expiresAt),
      // Leave time for one upstream call of our own should the lock holder never deliver.
      giveUpAt: deadline - c.upstreamTimeoutMs,
      secrets: () => secretsOf(account),
      fetch: () => fetchTicket(state, account, deadline, kind),
      onStoreHit: () => void counters.storeHits++,
    });
  }

  async function load(state: AccountState, account: Account, kind: LoadKind): Promise<Ticket> {
    const deadline = performance.now() + c.requestTimeoutMs;
    const name = accountName(account);
    const upstream = isWecom(account) ? 'WeCom' : 'WeChat';
    try {
      // A WeCom app with an agentId needs both tickets, fetched with the same token: one load, so one storm call each.
      const { credential, fetched, agent } = await withDeadline(
        (async () => {
          const corp = await lockedTicket(state, account, deadline, 'jsapi');
          state.ticket = corp.credential;
          if (account.agentId === undefined) return { ...corp, agent: undefined };
          const app = await lockedTicket(state, account, deadline, 'agent');
          return { credential: corp.credential, fetched: corp.fetched || app.fetched, agent: app.credential };
        })(),
        deadline,
      );
      state.ticket = credential;
      state.agentTicket = agent;
      state.cooldown = undefined;
      state.outage = undefined;
      // A ticket just fetched is not refreshed ahead again for a while, whatever lifetime WeChat gave it.
      if (fetched) state.nextAheadAt = now() + c.minFetchIntervalMs;
      counters.refreshes++;
      if (agent === undefined) return { value: credential.value, expiresAt: credential.expiresAt };
      const expiresAt = Math.min(credential.expiresAt, agent.expiresAt);
      return { value: credential.value, expiresAt, agent: { value: agent.value, expiresAt: agent.expiresAt } };
    } catch (err) {
      const error = shareErrorOf(err, account);
      const remembered = remember(err, error, state.outage, { now: now(), closing: closing.signal.aborted, timings: c });
      if (remembered.kind === 'cooldown') {
        state.cooldown = remembered.cooldown;
        logger.error(`${name}: ${error.message} (not asking ${upstream} again for ${Math.round(remembered.ms / 1000)} s)`);
      } else if (remembered.kind === 'outage') {
        state.outage = remembered.outage;
        const { failures } = remembered.outage;
        if (kind !== 'ahead') logger.warn(`${name}: ${error.message} (next attempt in ${Math.ceil(remembered.ms / 1000)} s, failure ${failures} in a row)`);
      } else if (kind !== 'ahead') {
        logger.warn(`${name}: ${error.message}`);
      }
      throw error;
    }
  }

  function coalesced(state: AccountState, account: Account, kind: LoadKind): Promise<Ticket> {
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
      logger.warn(`${accountName(account)}: background refresh failed; still serving the current jsapi_ticket (${left} s left): ${why}`);
    });
  }

  const coolingAt = (state: AccountState, t: number) =>
    (state.cooldown !== undefined && t < state.cooldown.until) || (state.outage !== undefined && t < state.outage.until);

  /** The account's tickets when all it needs are usable (a WeCom app with agentId: both); expiresAt is the earlier one. */
  function heldTickets(state: AccountState, account: Account): Ticket | undefined {
    const { ticket, agentTicket } = state;
    if (!usable(ticket)) return undefined;
    if (account.agentId === undefined) return { value: ticket.value, expiresAt: ticket.expiresAt };
    if (!usable(agentTicket)) return undefined;
    const agent = { value: agentTicket.value, expiresAt: agentTicket.expiresAt };
    return { value: ticket.value, expiresAt: Math.min(ticket.expiresAt, agentTicket.expiresAt), agent };
  }

  function keepWarm(account: Account): void {
    if (closing.signal.aborted) return;
    shared.subscribe(onChange);
    const state = stateOf(account);
    const t = now();
    if (state.loading || coolingAt(state, t)) return;
    const held = heldTickets(state, account);
    if (held === undefined) {
      coalesced(state, account, 'ahead').catch(() => undefined);
    } else if (held.expiresAt - t < c.refreshAheadMs && t >= state.nextAheadAt) {
      refreshAhead(state, account);
    }
  }

  function peek(account: Account): Ticket | undefined {
    if (closing.signal.aborted) return undefined;
    const state = states.get(accountKey(account));
    const held = state === undefined ? undefined : heldTickets(state, account);
    if (state === undefined || held === undefined) return undefined;
    counters.cacheHits++;
    const t = now();
    if (held.expiresAt - t < c.refreshAheadMs && t >= state.nextAheadAt && !state.loading && !coolingAt(state, t)) {
      refreshAhead(state, account);
    }
    return held;
  }

  return {
    peek,
    async ticket(account) {
      if (closing.signal.aborted) throw closedError();
      shared.subscribe(onChange);
      const held = peek(account);
      if (held) return held;
      const state = stateOf(account);
      if (state.cooldown && now() < state.cooldown.until && !state.loading) {
        counters.cooldownHits++;
        throw state.cooldown.error;
      }
      if (state.outage && now() < state.outage.until && !state.loading) {
        counters.cooldownHits++;
        throw outageError(state.outage, now());
      }
      return coalesced(state, account, 'foreground');
    },

    refresh(account) {
      if (closing.signal.aborted) return Promise.reject(closedError());
      const state = stateOf(account);
      if (state.refreshing) return state.refreshing;
      const refreshing = (async () => {
        await state.loading?.catch(() => undefined);
        const { token, ticket, agentTicket } = state;
        const secrets = secretsOf(account);
        const key = accountKey(account);
        state.token = undefined;
        state.ticket = undefined;
        state.agentTicket = undefined;
        state.cooldown = undefined;
        state.outage = undefined;
        if (!account.getAccessToken) await shared.delete(tokenKey(key), token?.value, secrets);
        await shared.delete(ticketKey(key), ticket?.value, secrets);
        if (account.agentId !== undefined) await shared.delete(agentTicketKey(key), agentTicket?.value, secrets);
        await coalesced(state, account, 'refresh');
      })().finally(() => {
        state.refreshing = undefined;
      });
      state.refreshing = refreshing;
      return refreshing;
    },

    accessToken(account) {
      if (closing.signal.aborted) return Promise.reject(closedError());
      shared.subscribe(onChange);
      return loadToken(stateOf(account), account);
    },

    refreshAccessToken(account, rejected) {
      if (closing.signal.aborted) return Promise.reject(closedError());
      const state = stateOf(account);
      if (state.tokenRefresh?.rejected === rejected) return state.tokenRefresh.promise;
      const promise = (async () => {
        await state.tokenRefresh?.promise.catch(() => undefined);
        await state.tokenLoading?.catch(() => undefined);
        return replaceToken(state, account, rejected);
      })()
        .catch((err: unknown) => Promise.reject(shareErrorOf(err, account)))
        .finally(() => {
          if (state.tokenRefresh?.promise === promise) state.tokenRefresh = undefined;
        });
      state.tokenRefresh = { rejected, promise };
      return promise;
    },

    keepWarm,
    stats: () => snapshot(counters),

    async close() {
      closing.abort();
      states.clear();
      await shared.close();
    },
  };
}
