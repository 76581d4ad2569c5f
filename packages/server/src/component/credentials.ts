// A third-party platform's credentials, each a CredentialSlot: the pushed component_verify_ticket, the
// component_access_token, and per authorizer its authorizer_access_token and jsapi_ticket. The durable records (the
// verify ticket, the refresh tokens) live in the store; the authorizer list is read at most once a minute.
import { ShareError } from '../errors.js';
import { guardStore, type GuardedStore } from '../guarded-store.js';
import type { Logger } from '../logger.js';
import type { StoredCredential } from '../stores/store.js';
import { createWechatApi, withRetries, WechatCallError, type AuthorizerGrant, type Grant, type WechatApi } from '../wechat-api.js';
import { resolveConfig, type CredentialsConfig } from '../credentials/config.js';
import { toShareError } from '../credentials/share-error.js';
import { CredentialSlot, type FetchRequest, type SlotDeps } from '../credentials/slot.js';
import type { ComponentConfig } from './options.js';

/** WeChat's verify ticket is valid 12 h from its push (CreateTime). */
export const VERIFY_TICKET_MS = 12 * 3600_000;
/** The authorizer list is read at most this often to learn of an appid not known yet, ms (injected clock). */
export const AUTHORIZER_LIST_INTERVAL_MS = 60_000;
/** A refresh token has no expiry; its store record is kept this long and written again whenever it changes. */
const REFRESH_TOKEN_RECORD_MS = 365 * 24 * 3600_000;
/** Authorization codes whose exchange is remembered (the callback and the push bring the same one). */
const MAX_EXCHANGES = 1000;
/** api_get_authorizer_list answers at most this many per page. */
const LIST_PAGE = 500;
/** The refresh token was replaced (the account authorized again): re-read it from the authorizer list, once. */
const REFRESH_TOKEN_INVALID = 61023;
/** The account has not authorized the platform, or withdrew. */
const NOT_AUTHORIZED = 61003;
/** The verify ticket was refused: expired (61005) or unknown (61006). */
const VERIFY_TICKET_REFUSED = new Set([61005, 61006]);

export interface ComponentCredentialsOptions extends CredentialsConfig {
  component: ComponentConfig;
}

/** A signing credential of an authorizer, as the signer uses it. */
export interface AuthorizerTicket {
  value: string;
  expiresAt: number;
}

export interface ComponentStats {
  /** Calls made, by endpoint (the authorizers' getticket under 'ticket'). */
  upstream: Record<string, number>;
}

export interface ComponentCredentials {
  /** A pushed verify ticket: kept when its CreateTime is later than the one held (or stored); 'ignored' otherwise. */
  verifyTicket(ticket: string, createTime: number): Promise<'kept' | 'ignored'>;
  /** The authorizer's jsapi_ticket held now, synchronously (the hot path); a due renewal starts in the background. */
  peek(authorizerAppId: string): AuthorizerTicket | undefined;
  /** The authorizer's jsapi_ticket; 403 account_not_authorized for an appid that has not authorized the platform. */
  ticket(authorizerAppId: string): Promise<AuthorizerTicket>;
  /** The authorizer's access_token (expiresAt already minus the safety margin). */
  accessToken(authorizerAppId: string): Promise<{ accessToken: string; expiresAt: number }>;
  /** Whether the appid has authorized the platform: known here or in the store, else the list read at most once a minute. */
  isAuthorizer(authorizerAppId: string): Promise<boolean>;
  /** A fresh pre_auth_code for the authorization page. */
  preAuthCode(): Promise<string>;
  /** Exchanges an authorization code (callback or `authorized` push): stores the refresh token, keeps the token; its appid. */
  authorize(authCode: string): Promise<string>;
  /** The account withdrew (`unauthorized`): its tokens, ticket and refresh token are forgotten, here and in the store. */
  forget(authorizerAppId: string): Promise<void>;
  /** Values to blank out of any message: the secret, the keys and every credential held. */
  secrets(): string[];
  stats(): ComponentStats;
  close(): Promise<void>;
}

interface Authorizer {
  appId: string;
  token: CredentialSlot;
  ticket: CredentialSlot;
}

export function createComponentCredentials(options: ComponentCredentialsOptions): ComponentCredentials {
  const { component, ...config } = options;
  const c = resolveConfig(config);
  const { logger, now } = c;
  const closing = new AbortController();
  const upstream: Record<string, number> = {};
  const api: WechatApi = createWechatApi({
    apiBase: c.apiBase,
    timeoutMs: c.upstreamTimeoutMs,
    dispatcher: c.dispatcher,
    onCall: (endpoint) => {
      upstream[endpoint] = (upstream[endpoint] ?? 0) + 1;
    },
  });
  const store: GuardedStore = guardStore({
    store: c.store,
    logger,
    now,
    timeoutMs: c.storeTimeoutMs,
    lockTtlMs: c.lockTtlMs,
    lockPollMs: c.lockPollMs,
    signal: closing.signal,
  });
  const retry = <T>(attempt: () => Promise<T>, request: FetchRequest) =>
    withRetries(attempt, { retries: request.retries, backoffMs: c.backoffMs, deadline: request.deadline, signal: request.signal });
  const shortestLifetimeMs = c.minFetchIntervalMs + c.safetyMarginMs;
  const expiry = (grant: Grant): StoredCredential => ({ value: grant.value, expiresAt: now() + Math.max(grant.expiresIn * 1000, shortestLifetimeMs) });
  const call = (request: FetchRequest) => ({ deadline: request.deadline, signal: request.signal });

  const prefix = `component:${component.appId}`;
  const refreshTokens = new Map<string, string>();
  const authorizers = new Map<string, Authorizer>();
  let listedAt = -Infinity;
  let listing: Promise<void> | undefined;
  let pushAsked = false;
  const pushWaiters = new Set<(ticket: StoredCredential) => void>();

  function secrets(): string[] {
    const held = [verify, componentToken, ...[...authorizers.values()].flatMap((a) => [a.token, a.ticket])].map((slot) => slot.held?.value);
    return [component.appSecret, component.token, component.aesKey, ...refreshTokens.values(), ...held].filter((s): s is string => !!s);
  }

  function slotDeps(name: string): SlotDeps {
    return {
      store,
      now,
      timings: c,
      retries: c.retries,
      secrets,
      onStoreHit: () => undefined,
      describe: (cause) => toShareError(cause, { account: { appId: name }, secrets: secrets(), closing: closing.signal.aborted, requestTimeoutMs: c.requestTimeoutMs }),
      onFailure: (error, _cause, _memory, background) => {
        if (closing.signal.aborted) return;
        logger.warn(`component ${component.appId}: ${background ? 'renewing' : 'loading'} a credential of ${name} failed: ${error.message}`);
      },
    };
  }

  // The verify ticket is pushed, never fetched: its load reads the store's record, else asks WeChat to push one
  // (api_start_push_ticket, once per process) and waits for the push until the load's deadline.
  const verifyKey = `${prefix}:verify_ticket`;
  const verify = new CredentialSlot(
    { key: verifyKey, label: 'component_verify_ticket', aheadMs: 0, shared: false, fetch: loadVerifyTicket },
    slotDeps(component.appId),
  );

  async function loadVerifyTicket(request: FetchRequest): Promise<StoredCredential> {
    const stored = await store.get(verifyKey, secrets(), VERIFY_TICKET_MS);
    if (verify.usable(stored)) return stored;
    const arrived = new Promise<StoredCredential>((resolve) => pushWaiters.add(resolve));
    if (!pushAsked) {
      await retry(() => api.startPushTicket(component.appId, component.appSecret, call(request)), request);
      pushAsked = true;
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ShareError('wechat_unavailable', 503, 'no component_verify_ticket yet: WeChat pushes one to POST /wx/component/events every 10 minutes; try again shortly')),
        Math.max(0, request.deadline - performance.now() - 50),
      );
    });
    try {
      return await Promise.race([arrived, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function verifyTicket(ticket: string, createTime: number): Promise<'kept' | 'ignored'> {
    const record = { value: ticket, expiresAt: createTime * 1000 + VERIFY_TICKET_MS };
    if (!verify.usable(record)) return 'ignored';
    const held = verify.held ?? (await store.get(verifyKey, secrets(), VERIFY_TICKET_MS));
    if (held !== undefined && held.expiresAt >= record.expiresAt) {
      verify.adopt(held);
      return 'ignored';
    }
    verify.adopt(record);
    for (const resolve of pushWaiters) resolve(record);
    pushWaiters.clear();
    await store.set(verifyKey, record, secrets());
    return 'kept';
  }

  const componentToken = new CredentialSlot(
    { key: `${prefix}:component_access_token`, label: 'component_access_token', aheadMs: c.refreshAheadMs, shared: true, fetch: fetchComponentToken },
    slotDeps(component.appId),
  );

  async function fetchComponentToken(request: FetchRequest): Promise<StoredCredential> {
    const ticket = await verify.get();
    try {
      return expiry(await retry(() => api.componentToken(component.appId, component.appSecret, ticket.value, call(request)), request));
    } catch (err) {
      // A refused verify ticket is forgotten: the next load waits for a new push.
      if (err instanceof WechatCallError && VERIFY_TICKET_REFUSED.has(err.errcode ?? 0)) {
        verify.drop(ticket.value);
        await store.delete(verifyKey, ticket.value, secrets());
      }
      throw err;
    }
  }

  /** Runs `work` with the component token; a refused one is replaced once (coalesced by the slot) and `work` retried once. */
  async function withComponentToken<T>(work: (token: string) => Promise<T>): Promise<T> {
    const token = (await componentToken.get()).value;
    try {
      return await work(token);
    } catch (err) {
      if (!(err instanceof WechatCallError) || err.errorClass !== 'token_stale') throw err;
      logger.warn(`component ${component.appId}: WeChat refused the component_access_token (errcode ${err.errcode}); fetching a new one once`);
      return work((await replaceComponentToken(token)).value);
    }
  }

  /** A new component token in place of the refused one, unless another load already replaced it. */
  async function replaceComponentToken(refused: string): Promise<StoredCredential> {
    await componentToken.settled();
    const current = componentToken.peek();
    if (current !== undefined && current.value !== refused) return current;
    componentToken.drop(refused);
    const beforeFetch = () => store.delete(componentToken.key, refused, secrets());
    return componentToken.load('foreground', { refused, force: false, beforeFetch });
  }

  const refreshKey = (appId: string) => `${prefix}:${appId}:authorizer_refresh_token`;

  async function keepRefreshToken(appId: string, refreshToken: string): Promise<void> {
    if (refreshTokens.get(appId) === refreshToken) return;
    refreshTokens.set(appId, refreshToken);
    await store.set(refreshKey(appId), { value: refreshToken, expiresAt: now() + REFRESH_TOKEN_RECORD_MS }, secrets());
  }

  /** The authorizer's refresh token: held, stored, else from the authorizer list (`reread`: the list, whatever is held). */
  async function refreshTokenOf(appId: string, reread = false): Promise<string> {
    if (!reread) {
      const held = refreshTokens.get(appId);
      if (held !== undefined) return held;
      const stored = await store.get(refreshKey(appId), secrets(), REFRESH_TOKEN_RECORD_MS);
      if (stored !== undefined) {
        refreshTokens.set(appId, stored.value);
        return stored.value;
      }
    }
    await readList(reread);
    const listed = refreshTokens.get(appId);
    if (listed === undefined) throw notAuthorized(appId);
    return listed;
  }

  /** Reads every page of api_get_authorizer_list, at most once a minute unless `now` (61023's recovery); coalesced. */
  function readList(force = false): Promise<void> {
    if (listing) return listing;
    if (!force && now() - listedAt < AUTHORIZER_LIST_INTERVAL_MS) return Promise.resolve();
    const deadline = performance.now() + c.requestTimeoutMs;
    const request = { deadline, signal: closing.signal, retries: c.retries, replacing: undefined, replacement: undefined };
    listing = (async () => {
      listedAt = now();
      for (let offset = 0; ; offset += LIST_PAGE) {
        const page = await withComponentToken((token) => retry(() => api.authorizerList(component.appId, token, offset, LIST_PAGE, call(request)), request));
        for (const entry of page.list) await keepRefreshToken(entry.appId, entry.refreshToken);
        if (page.list.length < LIST_PAGE || offset + LIST_PAGE >= page.total) break;
      }
    })().finally(() => {
      listing = undefined;
    });
    return listing;
  }

  const notAuthorized = (appId: string) =>
    new ShareError('account_not_authorized', 403, `${appId} has not authorized the third-party platform ${component.appId} (or withdrew): its administrator authorizes it at GET /wx/component/authorize`);

  async function isAuthorizer(appId: string): Promise<boolean> {
    if (refreshTokens.has(appId)) return true;
    const stored = await store.get(refreshKey(appId), secrets(), REFRESH_TOKEN_RECORD_MS);
    if (stored !== undefined) {
      refreshTokens.set(appId, stored.value);
      return true;
    }
    await readList();
    return refreshTokens.has(appId);
  }

  function authorizerOf(appId: string): Authorizer {
    let found = authorizers.get(appId);
    if (found) return found;
    const key = `${prefix}:${appId}`;
    const deps = slotDeps(appId);
    const token: CredentialSlot = new CredentialSlot(
      { key: `${key}:authorizer_access_token`, label: 'authorizer_access_token', aheadMs: c.refreshAheadMs, shared: true, fetch: (r) => fetchAuthorizerToken(appId, r) },
      deps,
    );
    const ticket = new CredentialSlot(
      { key: `${key}:jsapi_ticket`, label: 'jsapi_ticket', aheadMs: c.refreshAheadMs, shared: true, fetch: (r) => fetchTicket(found!, r) },
      deps,
    );
    found = { appId, token, ticket };
    authorizers.set(appId, found);
    return found;
  }

  async function fetchAuthorizerToken(appId: string, request: FetchRequest): Promise<StoredCredential> {
    const ask = (refreshToken: string) =>
      withComponentToken((token) => retry(() => api.authorizerToken(component.appId, token, appId, refreshToken, call(request)), request));
    let refreshToken = await refreshTokenOf(appId);
    let grant: AuthorizerGrant;
    try {
      grant = await ask(refreshToken);
    } catch (err) {
      if (!(err instanceof WechatCallError)) throw err;
      if (err.errcode === NOT_AUTHORIZED) {
        // The account withdrew and its push was missed: forgotten as `unauthorized` would (this load ends with 403).
        await forget(appId);
        throw notAuthorized(appId);
      }
      if (err.errcode !== REFRESH_TOKEN_INVALID) throw err;
      logger.warn(`component ${component.appId}: WeChat refused the refresh token of ${appId} (61023); re-reading it from api_get_authorizer_list once`);
      refreshTokens.delete(appId);
      refreshToken = await refreshTokenOf(appId, true);
      grant = await ask(refreshToken);
    }
    await keepRefreshToken(appId, grant.refreshToken);
    return expiry(grant);
  }

  async function fetchTicket(authorizer: Authorizer, request: FetchRequest): Promise<StoredCredential> {
    const getticket = (token: string) => retry(() => api.ticket(token, call(request)), request).then(expiry);
    const token = (await authorizer.token.get()).value;
    try {
      return await getticket(token);
    } catch (err) {
      if (!(err instanceof WechatCallError) || err.errorClass !== 'token_stale') throw err;
      logger.warn(`component ${component.appId}: WeChat refused the authorizer_access_token of ${authorizer.appId} (errcode ${err.errcode}); fetching a new one once`);
      authorizer.token.drop(token);
      const fresh = await authorizer.token.load('foreground', {
        refused: token,
        force: false,
        beforeFetch: () => store.delete(authorizer.token.key, token, secrets()),
      });
      return getticket(fresh.value);
    }
  }

  /** The account withdrew: its slots (values, loads, store copies) and its refresh token go, here and in the store. */
  async function forget(appId: string): Promise<void> {
    const authorizer = authorizers.get(appId);
    authorizers.delete(appId);
    refreshTokens.delete(appId);
    if (authorizer) {
      for (const slot of [authorizer.token, authorizer.ticket]) {
        slot.close();
        await slot.reset();
      }
    }
    await store.delete(refreshKey(appId), undefined, secrets());
  }

  const exchanges = new Map<string, Promise<string>>();

  function exchangeCode(authCode: string): Promise<string> {
    return guarded(component.appId, async () => {
      const grant = await withComponentToken((token) => api.queryAuth(component.appId, token, authCode, { signal: closing.signal }));
      const appId = grant.authorizerAppId;
      await keepRefreshToken(appId, grant.refreshToken);
      const authorizer = authorizerOf(appId);
      const fresh = expiry(grant);
      authorizer.token.adopt(fresh);
      await store.set(authorizer.token.key, fresh, secrets());
      return appId;
    });
  }

  async function guarded<T>(appId: string, work: () => Promise<T>): Promise<T> {
    if (closing.signal.aborted) throw new ShareError('wechat_unavailable', 503, 'share is shutting down (credentials closed)');
    try {
      return await work();
    } catch (err) {
      throw toShareError(err, { account: { appId }, secrets: secrets(), closing: closing.signal.aborted, requestTimeoutMs: c.requestTimeoutMs });
    }
  }

  return {
    verifyTicket,
    peek(appId) {
      const authorizer = authorizers.get(appId);
      const held = authorizer?.ticket.peek();
      if (!authorizer || !held) return undefined;
      if (authorizer.ticket.due()) void authorizer.ticket.renew();
      return held;
    },
    ticket(appId) {
      return guarded(appId, async () => {
        const held = authorizers.get(appId)?.ticket.peek();
        if (held) return held;
        if (!(await isAuthorizer(appId))) throw notAuthorized(appId);
        return authorizerOf(appId).ticket.get();
      });
    },
    accessToken(appId) {
      return guarded(appId, async () => {
        if (!(await isAuthorizer(appId))) throw notAuthorized(appId);
        const token = await authorizerOf(appId).token.get();
        return { accessToken: token.value, expiresAt: token.expiresAt - c.safetyMarginMs };
      });
    },
    isAuthorizer: (appId) => guarded(appId, () => isAuthorizer(appId)),
    preAuthCode: () =>
      guarded(component.appId, () => withComponentToken((token) => api.createPreauthcode(component.appId, token, { signal: closing.signal }))).then((grant) => grant.value),
    authorize(authCode) {
      // The callback and the `authorized` push carry the same code: one exchange here however many bring it.
      const running = exchanges.get(authCode);
      if (running) return running;
      // Kept after it succeeds (the code is spent), the oldest dropped beyond MAX_EXCHANGES; a failure is forgotten.
      const exchange = exchangeCode(authCode);
      exchange.catch(() => exchanges.delete(authCode));
      exchanges.set(authCode, exchange);
      if (exchanges.size > MAX_EXCHANGES) exchanges.delete(exchanges.keys().next().value!);
      return exchange;
    },

    forget,
    secrets,
    stats: () => ({ upstream: { ...upstream } }),
    async close() {
      closing.abort();
      for (const slot of [verify, componentToken, ...[...authorizers.values()].flatMap((a) => [a.token, a.ticket])]) slot.close();
      await store.close();
    },
  };
}
