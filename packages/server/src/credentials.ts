// The owner of every credential: one AccountCredentials per configured account (a fixed map, never evicted) and,
// with `component`, the third-party platform's credentials, all made of CredentialSlots (credentials/slot.ts) that
// share the one WechatApi, store, counters, failure log and warm timer built here. The modules in credentials/ and
// component/ decide and fetch; the slots keep the state.
import { setMaxListeners } from 'node:events';
import { ShareError } from './errors.js';
import { guardStore } from './guarded-store.js';
import type { StoredCredential } from './stores/store.js';
import { createWechatApi, withRetries, type Grant } from './wechat-api.js';
import { AccountCredentials, type AccessToken, type RefreshedAccessToken, type Ticket } from './credentials/account-credentials.js';
import { accountKey, type Account } from './credentials/account.js';
import { resolveConfig, type CredentialsConfig } from './credentials/config.js';
import { countCall, createCounters, snapshot, type CredentialStats } from './credentials/counters.js';
import { createFailureLog } from './credentials/failure-log.js';
import { createQuotaNotes } from './credentials/quota-note.js';
import { closedError, toShareError } from './credentials/share-error.js';
import type { SharedCredentialDeps } from './credentials/shared.js';
import type { CredentialSlot, FetchRequest } from './credentials/slot.js';
import { createWarmth } from './credentials/warm.js';
import { createComponentCredentials, type ComponentCredentials } from './component/credentials.js';
import type { ComponentConfig } from './component/options.js';

export type { Account } from './credentials/account.js';
export type { AccessToken, RefreshedAccessToken, Ticket } from './credentials/account-credentials.js';
export { STABLE_RENEWAL_MS } from './credentials/account-credentials.js';
export type { CredentialsConfig } from './credentials/config.js';
export type { CredentialStats } from './credentials/counters.js';
export { FORCE_REFRESH_LIMIT } from './credentials/force-limit.js';

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
   * report it (coalesced here, across instances through the store lock), at most once per minFetchIntervalMs and
   * within a daily budget (429 refresh_limited beyond). Otherwise answers the current one.
   */
  refreshAccessToken(account: Account, rejected: string): Promise<RefreshedAccessToken>;
  /**
   * Keeps these accounts' credentials loaded and renewed ahead of expiry with no request, on one unref'ed timer. A
   * failure is logged (a configuration error at once, with its hint), never thrown.
   */
  keepWarm(accounts: readonly Account[]): void;
  /** The third-party platform's credentials, when `component` is configured: on the same store, counters and timer. */
  readonly component: ComponentCredentials | undefined;
  stats(): CredentialStats;
  close(): Promise<void>;
}

export function createCredentials(config: CredentialsConfig & { component?: ComponentConfig | undefined }): Credentials {
  const { component: componentConfig, ...rest } = config;
  const c = resolveConfig(rest);
  const { logger, now } = c;
  const closing = new AbortController();
  // Every WeChat call under way listens to it until it ends: hundreds at once (a platform's authorizations) is normal.
  setMaxListeners(0, closing.signal);
  const counters = createCounters();
  const api = createWechatApi({
    apiBase: c.apiBase,
    timeoutMs: c.upstreamTimeoutMs,
    dispatcher: c.dispatcher,
    wecomApiBase: c.wecomApiBase,
    onCall: (endpoint, call) => countCall(counters, endpoint, call),
  });
  const retry = <T>(attempt: () => Promise<T>, request: FetchRequest) =>
    withRetries(attempt, {
      retries: request.retries,
      backoffMs: c.backoffMs,
      deadline: request.deadline,
      signal: request.signal,
      onFailure: (err) => {
        counters.errors[err.statsKey] = (counters.errors[err.statsKey] ?? 0) + 1;
      },
    });
  const store = guardStore({
    store: c.store,
    logger,
    now,
    timeoutMs: c.storeTimeoutMs,
    lockTtlMs: c.lockTtlMs,
    lockPollMs: c.lockPollMs,
    signal: closing.signal,
    onError: () => void counters.storeErrors++,
  });
  const warmth = createWarmth({ now, checkEveryMs: c.warmCheckMs });
  // The quota figures are asked through the same dispatcher (egress proxy, tests' mock) as every WeChat call.
  const { dispatcher } = c;
  const quotaNotes = createQuotaNotes({
    apiBase: c.apiBase,
    fetch: dispatcher === undefined ? undefined : (url, init) => fetch(url, Object.assign({}, init, { dispatcher })),
  });

  // A lifetime too short to last until the next allowed fetch is stretched to it: a gateway that rewrites
  // expires_in cannot make share call WeChat more than once per minFetchIntervalMs.
  const shortestLifetimeMs = c.minFetchIntervalMs + c.safetyMarginMs;
  const expiry = (grant: Grant): StoredCredential => ({
    value: grant.value,
    expiresAt: now() + Math.max(grant.expiresIn * 1000, shortestLifetimeMs),
  });

  const accounts = new Map<string, AccountCredentials>();
  /** Every slot by its store key: another instance's change notice drops the local copy. */
  const slots = new Map<string, CredentialSlot>();
  const logFailure = createFailureLog({ logger, now, safetyMarginMs: c.safetyMarginMs, closing: closing.signal });

  /** The same account as configured: a changed secret or token source makes new credentials (tests, a reload). */
  const sameAccount = (a: Account, b: Account) =>
    a === b || (a.appSecret === b.appSecret && a.getAccessToken === b.getAccessToken && a.type === b.type && a.agentId === b.agentId);

  function credentialsOf(account: Account): AccountCredentials {
    const key = accountKey(account);
    let found = accounts.get(key);
    if (found && !sameAccount(found.account, account)) {
      found.close();
      found = undefined;
    }
    if (!found) {
      found = new AccountCredentials(account, {
        api,
        store,
        fleet: c.store !== undefined,
        logger,
        now,
        tokenMode: c.tokenMode,
        timings: c,
        retry,
        expiry,
        renew: (slot) => warmth.renew(slot),
        slotDeps: {
          store,
          now,
          timings: c,
          retries: c.retries,
          onStoreHit: () => void counters.storeHits++,
          describe: (cause) => shareErrorOf(cause, account),
          onFailure: (error, cause, memory, background) => logFailure(found!, { error, cause, memory, background }),
        },
        onTicketLoaded: () => void counters.refreshes++,
        onCooldownHit: () => void counters.cooldownHits++,
        quotaNotes,
      });
      accounts.set(key, found);
      shared.track(found.slots);
    }
    return found;
  }

  const shareErrorOf = (err: unknown, account: Account): ShareError =>
    toShareError(err, {
      account,
      secrets: accounts.get(accountKey(account))?.secrets() ?? [account.appSecret ?? ''].filter(Boolean),
      closing: closing.signal.aborted,
      requestTimeoutMs: c.requestTimeoutMs,
      note: quotaNotes.noteOf(err),
    });

  // Another instance changed a key: drop the local copy, the next request reads the store.
  const onChange = (key: string) => slots.get(key)?.drop();
  const listen = () => store.subscribe(onChange);
  listen();

  const shared: SharedCredentialDeps = {
    config: c,
    api,
    store,
    retry,
    expiry,
    counters,
    logFailure,
    warmth,
    closing: closing.signal,
    track: (list) => {
      for (const slot of list) slots.set(slot.key, slot);
    },
    untrack: (list) => {
      for (const slot of list) if (slots.get(slot.key) === slot) slots.delete(slot.key);
    },
    listen,
  };
  const component = componentConfig === undefined ? undefined : createComponentCredentials(componentConfig, shared);

  /** Runs an API call: refuses once closed, turns any failure into the ShareError a request answers. */
  function guarded<T>(account: Account, work: (owner: AccountCredentials) => Promise<T>): Promise<T> {
    if (closing.signal.aborted) return Promise.reject(closedError());
    listen();
    return work(credentialsOf(account)).catch((err: unknown) => Promise.reject(shareErrorOf(err, account)));
  }

  function peek(account: Account): Ticket | undefined {
    if (closing.signal.aborted) return undefined;
    const held = accounts.get(accountKey(account))?.heldTickets();
    if (held) counters.cacheHits++;
    return held;
  }

  return {
    peek,
    ticket(account) {
      const held = peek(account);
      return held ? Promise.resolve(held) : guarded(account, (owner) => owner.tickets());
    },
    refresh: (account) => guarded(account, (owner) => owner.refresh()),
    accessToken: (account) => guarded(account, (owner) => owner.accessToken()),
    refreshAccessToken: (account, rejected) => guarded(account, (owner) => owner.replaceToken(rejected, true)),
    keepWarm(list) {
      if (closing.signal.aborted) return;
      warmth.start(list.map(credentialsOf));
    },
    component,
    stats: () => snapshot(counters),
    async close() {
      closing.abort();
      warmth.stop();
      for (const owner of accounts.values()) owner.close();
      component?.close();
      await store.close();
    },
  };
}
