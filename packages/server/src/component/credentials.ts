// A third-party platform's credentials, each a CredentialSlot on the credentials owner's store, WechatApi, counters,
// failure log and warm timer (credentials.ts builds this): the pushed component_verify_ticket, the
// component_access_token, and per authorizer its authorizer_access_token and jsapi_ticket. The durable records (the
// verify ticket, the refresh tokens) live in the store; the authorizer list is read at most once a minute.
import { ShareError } from '../errors.js';
import type { StoredCredential } from '../stores/store.js';
import { WechatCallError, type AuthorizerGrant } from '../wechat-api.js';
import type { FailureOwner } from '../credentials/failure-log.js';
import type { SharedCredentialDeps } from '../credentials/shared.js';
import { closedError, toShareError } from '../credentials/share-error.js';
import { CredentialSlot, type FetchRequest, type SlotDeps } from '../credentials/slot.js';
import { TokenReplacement } from '../credentials/token-replacement.js';
import type { WarmTarget } from '../credentials/warm.js';
import { AuthorizerRecords } from './authorizer-records.js';
import { Authorizer } from './authorizer.js';
import type { ComponentConfig } from './options.js';
import { VerifyTicket } from './verify-ticket.js';

/** Authorization codes whose exchange is remembered (the callback and the push bring the same one). */
const MAX_EXCHANGES = 1000;
/** The refresh token was replaced (the account authorized again): re-read it from the authorizer list, once. */
const REFRESH_TOKEN_INVALID = 61023;
/** The account has not authorized the platform, or withdrew. */
const NOT_AUTHORIZED = 61003;
/** The verify ticket was refused: expired (61005) or unknown (61006). */
const VERIFY_TICKET_REFUSED = new Set([61005, 61006]);

/** A signing credential of an authorizer, as the signer uses it. */
export interface AuthorizerTicket {
  value: string;
  expiresAt: number;
}

/** An authorizer's access_token (expiresAt already minus the safety margin). */
export interface AuthorizerAccessToken {
  accessToken: string;
  expiresAt: number;
}

export interface ComponentCredentials {
  /** A pushed verify ticket: kept when its CreateTime is later than the one held (or stored); 'ignored' otherwise. */
  verifyTicket(ticket: string, createTime: number): Promise<'kept' | 'ignored'>;
  /** The authorizer's jsapi_ticket held now, synchronously (the hot path); a due renewal starts in the background. */
  peek(authorizerAppId: string): AuthorizerTicket | undefined;
  /** The authorizer's jsapi_ticket; 403 account_not_authorized for an appid that has not authorized the platform. */
  ticket(authorizerAppId: string): Promise<AuthorizerTicket>;
  accessToken(authorizerAppId: string): Promise<AuthorizerAccessToken>;
  /**
   * WeChat refused `rejected`: a new authorizer token while it is the current one, bounded as an account's is (once
   * however many report it, at most once per minFetchIntervalMs, within a daily budget: 429 refresh_limited beyond).
   */
  refreshAccessToken(authorizerAppId: string, rejected: string): Promise<AuthorizerAccessToken & { refreshed: boolean; reason?: string }>;
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
  /** Ends the loads under way (the owner closes the store). */
  close(): void;
}

export function createComponentCredentials(component: ComponentConfig, shared: SharedCredentialDeps): ComponentCredentials {
  const { config: c, api, store, retry, expiry, counters, closing, warmth } = shared;
  const { logger } = c;
  const prefix = `component:${component.appId}`;
  const call = (request: FetchRequest) => ({ deadline: request.deadline, signal: request.signal });
  const authorizers = new Map<string, Authorizer>();

  const describe = (cause: unknown, appId: string) =>
    toShareError(cause, { account: { appId }, secrets: secrets(), closing: closing.aborted, requestTimeoutMs: c.requestTimeoutMs });

  function slotDeps(owner: FailureOwner, appId: string): SlotDeps {
    return {
      store,
      now: c.now,
      timings: c,
      retries: c.retries,
      secrets,
      onStoreHit: () => void counters.storeHits++,
      describe: (cause) => describe(cause, appId),
      onFailure: (error, cause, memory, background) => shared.logFailure(owner, { error, cause, memory, background }),
    };
  }

  // The platform's own credentials: its verify ticket (pushed) and its token (kept warm once an authorizer is known).
  const platform: WarmTarget & FailureOwner = {
    name: `component ${component.appId}`,
    upstream: 'WeChat',
    get slots() {
      return [componentToken];
    },
    get ticketSlots() {
      return [componentToken];
    },
    tickets: () => componentToken.get(),
  };
  const platformDeps = slotDeps(platform, component.appId);
  const verify = new VerifyTicket(component, shared, platformDeps);
  const componentToken: CredentialSlot = new CredentialSlot(
    { key: `${prefix}:component_access_token`, label: 'component_access_token', aheadMs: c.refreshAheadMs, shared: true, fetch: fetchComponentToken },
    platformDeps,
  );
  const tokenReplacement = new TokenReplacement({
    slot: componentToken,
    name: platform.name,
    recordKey: `${prefix}:force_refresh`,
    store,
    fleet: c.store !== undefined,
    logger,
    now: c.now,
    minFetchIntervalMs: c.minFetchIntervalMs,
    secrets,
    onStoreHit: platformDeps.onStoreHit,
  });
  shared.track([verify.slot, componentToken]);

  const records = new AuthorizerRecords({
    prefix,
    store,
    now: c.now,
    secrets,
    readPage(offset, count) {
      const request = { deadline: performance.now() + c.requestTimeoutMs, signal: closing, retries: c.retries, replacing: undefined, replacement: undefined };
      return withComponentToken((token) => retry(() => api.authorizerList(component.appId, token, offset, count, call(request)), request));
    },
  });

  function secrets(): string[] {
    const held = [verify.slot, componentToken, ...[...authorizers.values()].flatMap((a) => a.slots)].map((slot) => slot.held?.value);
    return [component.appSecret, component.token, component.aesKey, ...records.refreshTokens(), ...held].filter((s): s is string => !!s);
  }

  async function fetchComponentToken(request: FetchRequest): Promise<StoredCredential> {
    const ticket = await verify.slot.get();
    try {
      return expiry(await retry(() => api.componentToken(component.appId, component.appSecret, ticket.value, call(request)), request));
    } catch (err) {
      if (err instanceof WechatCallError && VERIFY_TICKET_REFUSED.has(err.errcode ?? 0)) await verify.refused(ticket.value);
      throw err;
    }
  }

  /** Runs `work` with the component token; a refused one is replaced once (bounded like any token) and `work` retried once. */
  async function withComponentToken<T>(work: (token: string) => Promise<T>): Promise<T> {
    const token = (await componentToken.get()).value;
    try {
      return await work(token);
    } catch (err) {
      if (!(err instanceof WechatCallError) || err.errorClass !== 'token_stale') throw err;
      logger.warn(`${platform.name}: WeChat refused the component_access_token (errcode ${err.errcode}); fetching a new one once`);
      return work((await tokenReplacement.replace(token, { force: false, reported: false })).credential.value);
    }
  }

  const notAuthorized = (appId: string) =>
    new ShareError('account_not_authorized', 403, `${appId} has not authorized the third-party platform ${component.appId} (or withdrew): its administrator authorizes it at GET /wx/component/authorize`);

  function authorizerOf(appId: string): Authorizer {
    let found = authorizers.get(appId);
    if (found) return found;
    found = new Authorizer(appId, component.appId, {
      shared,
      key: `${prefix}:${appId}`,
      fetchToken: (request) => fetchAuthorizerToken(appId, request),
      slotDeps: (owner) => slotDeps(owner, appId),
    });
    if (authorizers.size === 0) warmth.add(platform);
    authorizers.set(appId, found);
    shared.track(found.slots);
    warmth.add(found);
    return found;
  }

  async function fetchAuthorizerToken(appId: string, request: FetchRequest): Promise<StoredCredential> {
    const ask = (refreshToken: string) =>
      withComponentToken((token) => retry(() => api.authorizerToken(component.appId, token, appId, refreshToken, call(request)), request));
    const known = await records.refreshToken(appId);
    if (known === undefined) throw notAuthorized(appId);
    let grant: AuthorizerGrant;
    try {
      grant = await ask(known);
    } catch (err) {
      if (!(err instanceof WechatCallError)) throw err;
      if (err.errcode === NOT_AUTHORIZED) {
        // The account withdrew and its push was missed: forgotten as `unauthorized` would (this load ends with 403).
        await forget(appId);
        throw notAuthorized(appId);
      }
      if (err.errcode !== REFRESH_TOKEN_INVALID) throw err;
      logger.warn(`component ${component.appId}: WeChat refused the refresh token of ${appId} (61023); re-reading it from api_get_authorizer_list once`);
      const reread = await records.refreshToken(appId, true);
      if (reread === undefined) throw notAuthorized(appId);
      grant = await ask(reread);
    }
    await records.keep(appId, grant.refreshToken);
    return expiry(grant);
  }

  /** The account withdrew: its slots (values, loads, store copies) and its refresh token go, here and in the store. */
  async function forget(appId: string): Promise<void> {
    const authorizer = authorizers.get(appId);
    authorizers.delete(appId);
    if (authorizer) {
      warmth.remove(authorizer);
      if (authorizers.size === 0) warmth.remove(platform);
      shared.untrack(authorizer.slots);
      authorizer.close();
      for (const slot of authorizer.slots) await slot.reset();
    }
    await records.forget(appId);
  }

  /** The authorizer, when the appid authorized the platform; 403 account_not_authorized otherwise. */
  async function authorized(appId: string): Promise<Authorizer> {
    if (!(await records.has(appId))) throw notAuthorized(appId);
    return authorizerOf(appId);
  }

  const tokenAnswer = (token: StoredCredential): AuthorizerAccessToken => ({ accessToken: token.value, expiresAt: token.expiresAt - c.safetyMarginMs });

  const exchanges = new Map<string, Promise<string>>();

  function exchangeCode(authCode: string): Promise<string> {
    return guarded(component.appId, async () => {
      const grant = await withComponentToken((token) => api.queryAuth(component.appId, token, authCode, { signal: closing }));
      const appId = grant.authorizerAppId;
      await records.keep(appId, grant.refreshToken);
      const authorizer = authorizerOf(appId);
      const fresh = expiry(grant);
      authorizer.token.adopt(fresh);
      await store.set(authorizer.token.key, fresh, secrets());
      return appId;
    });
  }

  /** Runs an API call: refuses once closed, turns any failure into the ShareError a request answers. */
  async function guarded<T>(appId: string, work: () => Promise<T>): Promise<T> {
    if (closing.aborted) throw closedError();
    shared.listen();
    try {
      return await work();
    } catch (err) {
      throw describe(err, appId);
    }
  }

  return {
    verifyTicket: (ticket, createTime) => verify.receive(ticket, createTime),
    peek(appId) {
      const held = authorizers.get(appId)?.peek();
      if (held) counters.cacheHits++;
      return held;
    },
    ticket(appId) {
      return guarded(appId, async () => authorizers.get(appId)?.peek() ?? (await authorized(appId)).ticket.get());
    },
    accessToken(appId) {
      return guarded(appId, async () => tokenAnswer(await (await authorized(appId)).token.get()));
    },
    refreshAccessToken(appId, rejected) {
      return guarded(appId, async () => {
        const authorizer = await authorized(appId);
        const { credential, ...outcome } = await authorizer.replacement.replace(rejected, { force: false, reported: true });
        return { ...tokenAnswer(credential), ...outcome };
      });
    },
    isAuthorizer: (appId) => guarded(appId, () => records.has(appId)),
    preAuthCode: () =>
      guarded(component.appId, () => withComponentToken((token) => api.createPreauthcode(component.appId, token, { signal: closing }))).then((grant) => grant.value),
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
    close() {
      for (const slot of [verify.slot, componentToken, ...[...authorizers.values()].flatMap((a) => a.slots)]) slot.close();
    },
  };
}
