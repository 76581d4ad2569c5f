// A third-party platform's credentials, each a CredentialSlot on the credentials owner's store, WechatApi, counters,
// failure log and warm timer (credentials.ts builds this): the platform's pushed component_verify_ticket and its
// component_access_token (platform-token.ts), and per authorizer its authorizer_access_token and jsapi_ticket
// (authorizer.ts), first brought by an authorization code (authorization-exchange.ts). The durable records (the
// verify ticket, the refresh tokens) live in the store; the authorizer list is read at most once a minute.
import { ShareError } from '../errors.js';
import type { StoredCredential } from '../stores/store.js';
import { WechatCallError, type AuthorizerGrant, type AuthorizerPage } from '../wechat-api.js';
import type { SharedCredentialDeps } from '../credentials/shared.js';
import { closedError } from '../credentials/share-error.js';
import type { FetchRequest } from '../credentials/slot.js';
import { AuthorizationExchange } from './authorization-exchange.js';
import { AuthorizerRecords } from './authorizer-records.js';
import { Authorizer } from './authorizer.js';
import type { ComponentConfig } from './options.js';
import { PlatformToken } from './platform-token.js';
import { componentSlotDeps } from './slot-deps.js';

/** The refresh token was replaced (the account authorized again): re-read it from the authorizer list, once. */
const REFRESH_TOKEN_INVALID = 61023;
/** The account has not authorized the platform, or withdrew. */
const NOT_AUTHORIZED = 61003;

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

/** What a WeChat call takes of a load: its deadline and abort signal. */
const call = (request: FetchRequest) => ({ deadline: request.deadline, signal: request.signal });

const notAuthorized = (appId: string, platformAppId: string) =>
  new ShareError('account_not_authorized', 403, `${appId} has not authorized the third-party platform ${platformAppId} (or withdrew): its administrator authorizes it at GET /wx/component/authorize`);

export function createComponentCredentials(component: ComponentConfig, shared: SharedCredentialDeps): ComponentCredentials {
  const { config: c, api, store, retry, expiry, counters, closing, warmth } = shared;
  const { logger } = c;
  const prefix = `component:${component.appId}`;
  const authorizers = new Map<string, Authorizer>();

  const { describe, slotDeps } = componentSlotDeps(shared, secrets);

  // The platform's own credentials: its verify ticket (pushed) and its token (kept warm once an authorizer is known).
  const platform = new PlatformToken(component, shared, (owner) => slotDeps(owner, component.appId));
  shared.track(platform.allSlots);
  const withComponentToken = <T>(work: (token: string) => Promise<T>) => platform.withToken(work);

  const records = new AuthorizerRecords({ prefix, store, now: c.now, secrets, readPage: readAuthorizerPage });

  function secrets(): string[] {
    const held = [...platform.allSlots, ...[...authorizers.values()].flatMap((a) => a.slots)].map((slot) => slot.held?.value);
    return [component.appSecret, component.token, component.aesKey, ...records.refreshTokens(), ...held].filter((s): s is string => !!s);
  }

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

  function readAuthorizerPage(offset: number, count: number): Promise<AuthorizerPage> {
    const request = { deadline: performance.now() + c.requestTimeoutMs, signal: closing, retries: c.retries, replacing: undefined, replacement: undefined };
    return withComponentToken((token) => retry(() => api.authorizerList(component.appId, token, offset, count, call(request)), request));
  }

  async function fetchAuthorizerToken(appId: string, request: FetchRequest): Promise<StoredCredential> {
    const ask = (refreshToken: string) =>
      withComponentToken((token) => retry(() => api.authorizerToken(component.appId, token, appId, refreshToken, call(request)), request));
    const known = await records.refreshToken(appId);
    if (known === undefined) throw notAuthorized(appId, component.appId);
    let grant: AuthorizerGrant;
    try {
      grant = await ask(known);
    } catch (err) {
      if (!(err instanceof WechatCallError)) throw err;
      if (err.errcode === NOT_AUTHORIZED) {
        // The account withdrew and its push was missed: forgotten as `unauthorized` would (this load ends with 403).
        await forget(appId);
        throw notAuthorized(appId, component.appId);
      }
      if (err.errcode !== REFRESH_TOKEN_INVALID) throw err;
      logger.warn(`component ${component.appId}: WeChat refused the refresh token of ${appId} (61023); re-reading it from api_get_authorizer_list once`);
      const reread = await records.refreshToken(appId, true);
      if (reread === undefined) throw notAuthorized(appId, component.appId);
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
    if (!(await records.has(appId))) throw notAuthorized(appId, component.appId);
    return authorizerOf(appId);
  }

  const tokenAnswer = (token: StoredCredential): AuthorizerAccessToken => ({ accessToken: token.value, expiresAt: token.expiresAt - c.safetyMarginMs });

  const exchange = new AuthorizationExchange({ platformAppId: component.appId, api, store, expiry, closing, withComponentToken, records, authorizerOf, secrets, guarded });

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
    verifyTicket: (ticket, createTime) => platform.verify.receive(ticket, createTime),
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
    authorize: (authCode) => exchange.authorize(authCode),
    forget,
    secrets,
    close() {
      platform.close();
      for (const authorizer of authorizers.values()) authorizer.close();
    },
  };
}
