// The framework-free core: validates a page url, picks its account (by container and allowedHosts), and signs it with
// the account's jsapi_ticket (a WeCom app: the corp ticket, and the app ticket for agentConfig).
import { LRUCache } from 'lru-cache';
import { chooseAccount, noAccountError, unrestrictedAccounts } from './accounts.js';
import { checkContainer, type Container } from './container.js';
import { createCredentials, type AccessToken, type CredentialStats, type Credentials, type RefreshedAccessToken, type Ticket } from './credentials.js';
import { DEFAULTS } from './defaults.js';
import { ShareError } from './errors.js';
import { nonceStr } from './nonce.js';
import { resolveOptions, type Config, type Options, type ResolvedAccount } from './options.js';
import { jsapiSignature } from './signature.js';
import { checkPageUrl, MAX_URL_LENGTH, withoutHash } from './url.js';
import type { ComponentCredentials } from './component/credentials.js';
import { authorizerOfHost } from './component/options.js';
import { urlAllowed } from './allowed-hosts.js';

export interface SignResult {
  appId: string;
  /** Seconds since the epoch, as signed. */
  timestamp: number;
  nonceStr: string;
  signature: string;
  /** The url that was signed: the one given, minus the hash. */
  url: string;
  /** WeCom apps with an agentId: what wx.agentConfig takes, signed with the app ticket. */
  agentConfig?: AgentConfig;
  /** With analytics on: the event route, where the client reports page views and completed shares ('/wx/event'). */
  events?: string;
}

/** The fields of wx.agentConfig (WeCom): the same sha1 string as wx.config, over the app ticket. */
export interface AgentConfig {
  corpid: string;
  agentid: string;
  timestamp: number;
  nonceStr: string;
  signature: string;
}

export interface SignOptions {
  /** The container the page runs in: 'wecom' picks among the WeCom apps. Defaults to 'wechat' (official accounts). */
  container?: Container | undefined;
}

export interface SignerStats extends CredentialStats {
  /** size: entries; bytes: what they hold, as counted against the 64 MB cap. */
  signatures: { hits: number; misses: number; size: number; bytes: number };
}

export interface Signer {
  /** Validates and signs a page url (already decoded); throws ShareError. */
  sign(url: string, options?: SignOptions): Promise<SignResult>;
  /** Drops and refetches the credentials now: of one account, or of all when appId is omitted. */
  refresh(appId?: string): Promise<void>;
  /** Resolves once every configured account has its jsapi_ticket and access_token; rejects with the ShareError that prevents it. */
  ready(): Promise<void>;
  /**
   * The account's current access_token (loaded when absent); appId picks the account, omitted: the first one. A WeCom
   * app is picked by its corpId, and agentId when the corp has several apps (an official account of the same id first).
   * Throws ShareError 404 `unknown_account` for an appId that is not configured.
   */
  accessToken(appId?: string, agentId?: string): Promise<AccessToken>;
  /**
   * WeChat refused `rejected`: a new token when it is still the current one (fetched once however many report it,
   * across instances through the store lock), else the current one with `refreshed: false`. In stable mode a forced
   * refresh beyond WeChat's limit (20 a day, 30 s apart) throws ShareError 429 `refresh_limited` with Retry-After.
   */
  refreshAccessToken(rejected: string, appId?: string, agentId?: string): Promise<RefreshedAccessToken>;
  close(): Promise<void>;
  stats(): SignerStats;
}

/** A cached signature, read-only: the route table keeps its serialized answer itself. */
export interface SignedEntry {
  readonly account: ResolvedAccount;
  /** Signed for an account that authorized the third-party platform (its appid); the ticket is then its. */
  readonly authorizer?: string | undefined;
  readonly ticket: string;
  /** The WeCom app ticket agentConfig was signed with. */
  readonly agentTicket: string | undefined;
  readonly result: SignResult;
}

/** What the middleware uses besides the public API. */
export interface SignerCore extends Signer {
  readonly config: Config;
  /** The third-party platform's credentials, when `component` is configured. */
  readonly component: ComponentCredentials | undefined;
  /**
   * The cached, still valid entry for an already checked url without hash, synchronously; undefined on a miss.
   * `appid`: an authorizer of the third-party platform named by the request.
   */
  cached(url: string, container?: Container, appid?: string): SignedEntry | undefined;
  /** Checks, signs and caches a decoded url (hash allowed); `appid` as for cached(). */
  signEntry(url: string, container?: Container, appid?: string): Promise<SignedEntry>;
}

/** Bytes of cached urls and answers at most, whatever maxSignatures says. */
export const MAX_CACHE_BYTES = 64 * 1024 * 1024;
/** One entry besides its url: the answer's other fields, the objects, the LRU's bookkeeping. */
const ENTRY_OVERHEAD_BYTES = 400;

export function createSigner(options?: Options): Signer {
  return signerFromConfig(resolveOptions(options));
}

export function signerFromConfig(config: Config, credentials?: Credentials): SignerCore {
  const creds =
    credentials ??
    createCredentials({
      apiBase: config.apiBase,
      wecomApiBase: config.wecomApiBase,
      tokenMode: config.tokenMode,
      logger: config.logger,
      store: config.store,
      now: config.now,
      dispatcher: config.dispatcher,
      upstreamTimeoutMs: config.upstreamTimeoutMs,
      retries: config.retries,
      refreshAheadMs: config.refreshAheadMs,
      errorCooldownMs: config.errorCooldownMs,
      minFetchIntervalMs: config.minFetchIntervalMs,
      component: config.component,
    });
  const { now, accounts } = config;
  const events = config.analytics?.eventPath;
  // The third-party platform's credentials belong to the same owner as the accounts'.
  const { component } = creds;
  const hostsTemplate = config.component?.hosts;

  if (unrestrictedAccounts(accounts).length > 0) {
    config.logger.warn(
      'allowedHosts is not set, so urls of any host are signed; set allowedHosts to your JS safe domains (e.g. [\'example.com\'])',
    );
  }

  const cache = new LRUCache<string, SignedEntry>({
    max: config.maxSignatures,
    maxSize: MAX_CACHE_BYTES,
    // Bytes as the process holds them: the key in UTF-16, the JSON answer (which carries the url) in UTF-8, the rest.
    sizeCalculation: (_entry, key) => key.length * 2 + Buffer.byteLength(key, 'utf8') + ENTRY_OVERHEAD_BYTES,
  });
  let hits = 0;
  let misses = 0;
  let closed = false;

  // Warm: every account loads now and is renewed ahead by the credentials' one timer, so requests find credentials in
  // the cache. The timer is unref'ed: it never keeps the process alive. Across a fleet the store lock lets one instance fetch.
  if (config.warm) creds.keepWarm(accounts);

  // WeChat pages are cached under their url, WeCom pages under 'wecom ' + url (a url never starts with a space).
  // A page of an authorizer named by ?appid= under 'authorizer <appid> ' + url; one named by its host (the hosts
  // template) under its url, which says the authorizer.
  const cacheKey = (url: string, container: Container, appid?: string) =>
    appid !== undefined ? `authorizer ${appid} ${url}` : container === 'wecom' ? `wecom ${url}` : url;

  function cached(url: string, container: Container = 'wechat', appid?: string): SignedEntry | undefined {
    const entry = cache.get(cacheKey(url, container, appid));
    if (entry === undefined) return undefined;
    if (entry.authorizer !== undefined) {
      if (component?.peek(entry.authorizer)?.value !== entry.ticket) return undefined;
      hits++;
      return entry;
    }
    const held = creds.peek(entry.account);
    if (held?.value !== entry.ticket || held.agent?.value !== entry.agentTicket) return undefined;
    hits++;
    return entry;
  }

  /** The account's tickets, from their one owner (the credentials): synchronously when usable, else loaded. */
  async function currentTickets(account: ResolvedAccount): Promise<Ticket> {
    return creds.peek(account) ?? (await creds.ticket(account));
  }

  /** The authorizer that signs this page: the one named by ?appid=, else the one the hosts template finds in its host. */
  function authorizerOf(appid: string | undefined, host: string, container: Container): string | undefined {
    if (component === undefined || container !== 'wechat') return undefined;
    if (appid !== undefined) return appid;
    return hostsTemplate === undefined ? undefined : authorizerOfHost(hostsTemplate, host);
  }

  async function signForAuthorizer(page: ReturnType<typeof checkPageUrl>, appId: string, key: string): Promise<SignedEntry> {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(appId)) throw new ShareError('account_not_authorized', 403, 'appid must be the AppID of an account that authorized the platform');
    const allowed = config.component?.allowedHosts;
    if (allowed !== undefined && !urlAllowed(allowed, page.parsed)) {
      throw new ShareError('host_not_allowed', 403, `the host ${page.parsed.hostname} (or this path) is not in allowedHosts`);
    }
    const ticket = component!.peek(appId) ?? (await component!.ticket(appId));
    const existing = cache.get(key);
    if (existing !== undefined && existing.authorizer === appId && existing.ticket === ticket.value) {
      hits++;
      return existing;
    }
    misses++;
    const timestamp = Math.floor(now() / 1000);
    const nonce = nonceStr();
    const result: SignResult = {
      appId,
      timestamp,
      nonceStr: nonce,
      signature: jsapiSignature({ ticket: ticket.value, nonceStr: nonce, timestamp, url: page.url }),
      url: page.url,
    };
    if (events !== undefined) result.events = events;
    const entry: SignedEntry = { account: { appId, hosts: undefined }, authorizer: appId, ticket: ticket.value, agentTicket: undefined, result };
    cache.set(key, entry);
    return entry;
  }

  async function signEntry(url: string, container: Container = 'wechat', appid?: string): Promise<SignedEntry> {
    if (closed) throw new Error('@share/server: sign() after close()');
    const page = checkPageUrl(url);
    const authorizer = authorizerOf(appid, page.parsed.host, container);
    if (authorizer !== undefined) return signForAuthorizer(page, authorizer, cacheKey(page.url, container, appid));
    const account = chooseAccount(accounts, page.parsed, container);
    if (account === undefined) throw noAccountError(accounts, page.parsed, container, component !== undefined);
    const tickets = await currentTickets(account);
    const ticket = tickets.value;
    const agentTicket = tickets.agent?.value;
    const key = cacheKey(page.url, container);
    const existing = cache.get(key);
    if (existing !== undefined && existing.ticket === ticket && existing.agentTicket === agentTicket && existing.account === account) {
      hits++;
      return existing;
    }
    misses++;
    const timestamp = Math.floor(now() / 1000);
    const nonce = nonceStr();
    const result: SignResult = {
      appId: account.appId,
      timestamp,
      nonceStr: nonce,
      signature: jsapiSignature({ ticket, nonceStr: nonce, timestamp, url: page.url }),
      url: page.url,
    };
    if (account.agentId !== undefined && agentTicket !== undefined) {
      const signature = jsapiSignature({ ticket: agentTicket, nonceStr: nonce, timestamp, url: page.url });
      result.agentConfig = { corpid: account.appId, agentid: account.agentId, timestamp, nonceStr: nonce, signature };
    }
    if (events !== undefined) result.events = events;
    const entry: SignedEntry = { account, ticket, agentTicket, result };
    cache.set(key, entry);
    return entry;
  }

  function accountById(appId: string | undefined, agentId?: string): ResolvedAccount {
    if (appId === undefined) return accounts[0]!;
    const matching = accounts.filter((a) => a.appId === appId && (agentId === undefined || a.agentId === agentId));
    // An official account and a WeCom corp may share an id string: without agentid the official account answers.
    const account = matching.find((a) => a.type !== 'wecom') ?? matching[0];
    if (account === undefined) {
      const which = agentId === undefined ? `appId ${appId}` : `appId ${appId} and agentId ${agentId}`;
      throw new ShareError('unknown_account', 404, `no account with ${which} is configured`);
    }
    if (agentId === undefined && account.type === 'wecom' && matching.length > 1) {
      throw new ShareError('unknown_account', 404, `the WeCom corp ${appId} has several apps here: add agentid to say which`);
    }
    return account;
  }

  async function ready(): Promise<void> {
    await Promise.all(accounts.map(async (account) => {
      await creds.ticket(account);
      await creds.accessToken(account);
    }));
  }

  return {
    config,
    component,
    cached,
    ready,
    async accessToken(appId, agentId) {
      if (closed) throw new Error('@share/server: accessToken() after close()');
      return creds.accessToken(accountById(appId, agentId));
    },
    async refreshAccessToken(rejected, appId, agentId) {
      if (closed) throw new Error('@share/server: refreshAccessToken() after close()');
      if (typeof rejected !== 'string' || rejected === '') throw new TypeError('@share/server: refreshAccessToken(rejected): rejected must be the refused access_token');
      return creds.refreshAccessToken(accountById(appId, agentId), rejected);
    },
    signEntry,
    async sign(url, options) {
      const container = checkContainer(options?.container ?? 'wechat');
      const hit = typeof url === 'string' && url.length <= MAX_URL_LENGTH ? cached(withoutHash(url), container) : undefined;
      const entry = hit ?? (await signEntry(url, container));
      const { agentConfig } = entry.result;
      return agentConfig === undefined ? { ...entry.result } : { ...entry.result, agentConfig: { ...agentConfig } };
    },
    async refresh(appId) {
      const targets = appId === undefined ? accounts : accounts.filter((a) => a.appId === appId);
      if (targets.length === 0) throw new Error(`@share/server: refresh(): unknown appId ${appId}`);
      for (const account of targets) await creds.refresh(account);
    },
    async close() {
      closed = true;
      cache.clear();
      await creds.close();
    },
    stats() {
      return { ...creds.stats(), signatures: { hits, misses, size: cache.size, bytes: cache.calculatedSize } };
    },
  };
}
