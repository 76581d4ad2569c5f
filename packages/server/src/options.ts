// The public options of wxShare() and createSigner(), their defaults (some from env vars), and their validation.
import type { Dispatcher } from './wechat-api.js';
import { parseAllowedHosts, type HostRule } from './allowed-hosts.js';
import { DEFAULTS } from './defaults.js';
import { accountKey, type Account } from './credentials/account.js';
import { checkKeys, keysOfEnv } from './key-check.js';
import { consoleLogger, type Logger } from './logger.js';
import type { CredentialStore } from './stores/store.js';
import type { AnalyticsOptions } from './analytics/options.js';
import { resolveAnalyticsServerOptions, type AnalyticsServerConfig } from './analytics/server-options.js';
import { resolveComponent, type ComponentConfig, type ComponentOptions } from './component/options.js';

export type { ComponentOptions, ComponentConfig } from './component/options.js';

/** One account of several (see `Options.accounts`): an official account, or with `type: 'wecom'` a WeCom app. */
export type AccountOptions = OfficialAccountOptions | WecomAccountOptions;

/** A WeCom (企业微信) app: it signs the pages that ask with `container=wecom`. */
export interface WecomAccountOptions {
  type: 'wecom';
  /** The corp's CorpID. Required. */
  corpId: string;
  /** The secret of the app (each app has its own). Required. */
  corpSecret: string;
  /** The app's AgentId; when given, answers carry `agentConfig` signed with the app ticket. Defaults to none. */
  agentId?: string | number | undefined;
  /** The app's trusted domains; as for official accounts, among the WeCom apps. Defaults to any host. */
  allowedHosts?: string[] | undefined;
}

/** An official account (公众号). */
export interface OfficialAccountOptions {
  /** Defaults to 'official'. */
  type?: 'official' | undefined;
  /** The account's AppID. Required. */
  appId: string;
  /** The account's AppSecret. Required unless `getAccessToken` is given. */
  appSecret?: string | undefined;
  /** Your central token server; when given, tokens are never fetched from WeChat for this account. */
  getAccessToken?: (() => Promise<string>) | undefined;
  /**
   * The JS safe domains of this account (a WeCom app: its trusted domains). A page url is signed by the FIRST account
   * of its container (WeChat: official accounts; `container=wecom`: WeCom apps) whose allowedHosts match it; an
   * account without allowedHosts matches any url and must come last among its kind. Defaults to any host.
   */
  allowedHosts?: string[] | undefined;
}

export interface Options {
  /** The official account's AppID. Defaults to the env var WX_APPID. */
  appId?: string | undefined;
  /** The official account's AppSecret. Defaults to the env var WX_APPSECRET; not needed with `getAccessToken`. */
  appSecret?: string | undefined;
  /** Where the WeChat API lives (an emulator, a corporate gateway). Defaults to env WX_API_BASE, else https://api.weixin.qq.com. */
  apiBase?: string | undefined;
  /** Where WeCom's API lives, for every WeCom app. Defaults to env WECOM_API_BASE, else https://qyapi.weixin.qq.com. */
  wecomApiBase?: string | undefined;
  /** The signing route of wxShare(). Defaults to '/wx/signature'. */
  path?: string | undefined;
  /** Serve @share/client's share.min.js next to the route (GET /wx/share.min.js); false: don't. Defaults to true. */
  client?: boolean | undefined;
  /** 'stable' (POST /cgi-bin/stable_token, never kicks another instance's token) or 'classic' (GET /cgi-bin/token). Defaults to 'stable'. */
  tokenMode?: 'stable' | 'classic' | undefined;
  /** Your central token server; when given, tokens are never fetched from WeChat (the ticket still is). Defaults to none. */
  getAccessToken?: (() => Promise<string>) | undefined;
  /** JS safe domains as bound in the WeChat console: 'example.com' (with subdomains) or 'example.com/mp'. Defaults to any host, with a warning. */
  allowedHosts?: string[] | undefined;
  /** false: no CORS headers; true: allow origins whose host passes allowedHosts; or a list of exact origins. Defaults to false. */
  cors?: boolean | string[] | undefined;
  /**
   * true: the proxy in front (nginx, a load balancer) is trusted for X-Forwarded-For, X-Forwarded-Proto and
   * X-Forwarded-Host, as Express's `trust proxy` is. The per-client limits (the event route's rate, the keyed routes'
   * failed checks) then count a request under the last X-Forwarded-For entry, the one the proxy added, instead of the
   * socket's address (the proxy's, shared by every client); pageUrl() takes the same option for the scheme and host.
   * Turn it on only when every request comes through such a proxy: otherwise a client chooses its own address. An
   * Express request carries this setting as Express's own `trust proxy` (its `req.ip`), which then decides. Defaults to false.
   */
  trustProxy?: boolean | undefined;
  /** An undici Dispatcher for upstream calls, e.g. a ProxyAgent with a whitelisted egress IP. Defaults to undici's global dispatcher. */
  dispatcher?: Dispatcher | undefined;
  /** Where warnings and errors go; it never receives a secret. Defaults to console with a '[share]' prefix. */
  logger?: Logger | undefined;
  /** Where credentials are shared between instances (e.g. @share/redis-store). Defaults to none: kept in process only. */
  store?: CredentialStore | undefined;
  /** The clock, in ms since the epoch. Defaults to Date.now. */
  now?: (() => number) | undefined;
  /** Timeout of one upstream call, ms. Defaults to 3000. */
  upstreamTimeoutMs?: number | undefined;
  /** Retries of a transient upstream failure, with backoff. Defaults to 2. */
  retries?: number | undefined;
  /** Refresh credentials in the background when less than this is left, ms. Defaults to 600000 (10 min). */
  refreshAheadMs?: number | undefined;
  /** How long a configuration error is remembered before WeChat is asked again, ms (quota errors: 5 min). Defaults to 30000. */
  errorCooldownMs?: number | undefined;
  /** How many signatures (one per page url) are cached. Defaults to 10000. */
  maxSignatures?: number | undefined;
  /** Each credential is fetched from WeChat at most once per this per account, whatever lifetime WeChat states, ms. Defaults to 60000. */
  minFetchIntervalMs?: number | undefined;
  /**
   * Load every account's credentials in the background at start-up and refresh them ahead of expiry on a timer that
   * never keeps the process alive, so no request waits for WeChat; false loads on the first request. Defaults to true.
   */
  warm?: boolean | undefined;
  /**
   * Serve the access token to your other servers (share as the central token server): GET {path} and
   * POST {path}/refresh, each with `Authorization: Bearer <one of keys>`. keys: at least 16 characters each, at most 20.
   * Defaults to off; env WX_TOKEN_SERVICE_KEYS (comma-separated) turns it on; path defaults to '/wx/access-token'.
   */
  tokenService?: { keys: string[]; path?: string | undefined } | undefined;
  /**
   * Count WeChat page views, arrivals by share channel and completed shares per page and day: true, or
   * { store, keys, timeZone, maxPages, retentionDays, flushIntervalMs, eventsPerMinute } (see the README's Analytics).
   * Adds POST {folder}/event for the client's reports and, with keys (or env WX_ANALYTICS_KEYS), GET {folder}/analytics. Defaults to off.
   */
  analytics?: boolean | Omit<AnalyticsOptions, 'logger' | 'now'> | undefined;
  /**
   * Several accounts in one process (official, and WeCom apps with type 'wecom'), chosen per page url by their
   * allowedHosts; a WeCom app is written only here (or made by the WECOM_* env vars). Replaces appId/appSecret/
   * getAccessToken/allowedHosts. Defaults to none.
   */
  accounts?: AccountOptions[] | undefined;
  /**
   * The files WeChat (MP_verify_…txt) or WeCom (WW_verify_…txt) asks you to serve from the domain's root when you bind
   * a JS safe domain or a trusted domain: { 'MP_verify_abc123.txt': 'abc123' }, each served at /<name> with exactly
   * that content as text/plain. Defaults to env WX_VERIFY_FILES ('name=content,name=content'), else none.
   */
  verifyFiles?: Record<string, string> | undefined;
  /**
   * A WeChat Open Platform third-party platform (第三方平台): { appId, appSecret, token, aesKey, hosts? }, each field
   * else from env WX_COMPONENT_APPID, WX_COMPONENT_APPSECRET, WX_COMPONENT_TOKEN, WX_COMPONENT_AES_KEY. Its authorizers'
   * pages are signed with their own tickets; combinable with `accounts` (or appId). Defaults to none.
   */
  component?: ComponentOptions | undefined;
  /** Egg's own middleware option, which Egg passes to the middleware factory with the rest: Egg applies it, share ignores it. Defaults to none. */
  match?: unknown;
  /** Egg's own middleware option, as `match`. Defaults to none. */
  ignore?: unknown;
  /** Egg's own middleware option, as `match`. Defaults to none. */
  enable?: unknown;
}

export interface ResolvedAccount extends Account {
  /** undefined: any host. */
  readonly hosts: readonly HostRule[] | undefined;
}

/** Options after defaults and validation. */
export interface Config {
  accounts: readonly ResolvedAccount[];
  apiBase: string;
  wecomApiBase: string;
  path: string;
  client: boolean;
  tokenMode: 'stable' | 'classic';
  cors: boolean | readonly string[];
  trustProxy: boolean;
  dispatcher: Dispatcher | undefined;
  logger: Logger;
  store: CredentialStore | undefined;
  now: () => number;
  upstreamTimeoutMs: number;
  retries: number;
  refreshAheadMs: number;
  errorCooldownMs: number;
  maxSignatures: number;
  minFetchIntervalMs: number;
  warm: boolean;
  /** undefined: the token service is off. */
  tokenService: TokenServiceConfig | undefined;
  /** undefined: analytics is off. */
  analytics: AnalyticsServerConfig | undefined;
  /** name -> content; empty: none. */
  verifyFiles: Readonly<Record<string, string>>;
  /** undefined: no third-party platform. */
  component: ComponentConfig | undefined;
}

export interface TokenServiceConfig {
  keys: readonly string[];
  path: string;
}

export const DEFAULT_API_BASE = DEFAULTS.apiBase;
export const DEFAULT_PATH = DEFAULTS.path;
export const DEFAULT_MAX_SIGNATURES = DEFAULTS.maxSignatures;

const OPTION_KEYS: readonly (keyof Options)[] = [
  'appId', 'appSecret', 'apiBase', 'path', 'client', 'tokenMode', 'getAccessToken', 'allowedHosts', 'cors', 'dispatcher',
  'logger', 'store', 'now', 'upstreamTimeoutMs', 'retries', 'refreshAheadMs', 'errorCooldownMs',
  'maxSignatures', 'minFetchIntervalMs', 'warm', 'accounts', 'tokenService', 'wecomApiBase', 'analytics', 'trustProxy',
  'verifyFiles', 'component',
];
/** Egg passes its middleware options (config.wxShare.match…) to the factory along with share's: accepted, not used. */
const EGG_KEYS = ['match', 'ignore', 'enable'] as const;
const WECOM_MOVED = "write the WeCom app as an entry of `accounts` ({ type: 'wecom', corpId, corpSecret, agentId }), or set the WECOM_* env vars";
/** Options that existed before 1.0: each throws, naming what replaces it. */
const REMOVED: Readonly<Record<string, string>> = {
  maxAccounts: '`maxAccounts` was removed: accounts are never evicted',
  corpId: `\`corpId\` moved: ${WECOM_MOVED}`,
  corpSecret: `\`corpSecret\` moved: ${WECOM_MOVED}`,
  agentId: `\`agentId\` moved: ${WECOM_MOVED}`,
};
const ACCOUNT_KEYS: readonly (keyof OfficialAccountOptions)[] = ['type', 'appId', 'appSecret', 'getAccessToken', 'allowedHosts'];
const WECOM_ACCOUNT_KEYS: readonly (keyof WecomAccountOptions)[] = ['type', 'corpId', 'corpSecret', 'agentId', 'allowedHosts'];
const SINGLE_ACCOUNT_KEYS = ['appId', 'appSecret', 'getAccessToken', 'allowedHosts'] as const;

const PREFIX = '@share/server:';

function fail(message: string): never {
  throw new TypeError(`${PREFIX} ${message}`);
}

/** Resolves options into a Config. Reads env vars now; never mutates `options`. */
export function resolveOptions(options: Options = {}, env: NodeJS.ProcessEnv = process.env): Config {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) fail('options must be an object');
  const removed = Object.keys(options).find((key) => REMOVED[key] !== undefined && (options as Record<string, unknown>)[key] !== undefined);
  if (removed !== undefined) fail(REMOVED[removed]!);
  const o = known(options, [...OPTION_KEYS, ...EGG_KEYS], 'option') as Options;

  let component = resolveComponent(o.component, env, fail);
  // With a platform and no account of its own, allowedHosts (the platform's 公众号开发域名) bounds the authorizers' pages.
  const platformOnly = component !== undefined && o.accounts === undefined && !officialGiven(o, env);
  if (platformOnly && o.allowedHosts !== undefined) component = { ...component!, allowedHosts: parseAllowedHosts(o.allowedHosts, `${PREFIX} allowedHosts`) };
  const accounts = o.accounts !== undefined ? multipleAccounts(o) : platformOnly ? [] : singleAccounts(o, env);
  const path = routePath(o.path ?? DEFAULT_PATH);
  const logger = objectOption(o.logger, 'logger', ['warn', 'error']) ?? consoleLogger;
  const store = objectOption(o.store, 'store', ['get', 'set', 'delete']);
  if (component && store === undefined) {
    logger.warn(
      'component: no store is configured, so the verify ticket and the authorizers\' refresh tokens live in this process only: after a restart share waits for the next verify ticket push (up to 10 min) and re-reads the refresh tokens from api_get_authorizer_list; pass a store to keep them',
    );
  }
  const now = functionOption(o.now, 'now') ?? Date.now;
  const tokenService = tokenServiceOption(o.tokenService, env, path);

  return {
    accounts,
    apiBase: apiBase(o.apiBase ?? nonEmpty(env.WX_API_BASE) ?? DEFAULT_API_BASE),
    wecomApiBase: apiBase(o.wecomApiBase ?? nonEmpty(env.WECOM_API_BASE) ?? DEFAULTS.wecomApiBase, 'wecomApiBase', DEFAULTS.wecomApiBase),
    path,
    client: booleanOption(o.client ?? DEFAULTS.client, 'client'),
    tokenMode: oneOf(o.tokenMode ?? DEFAULTS.tokenMode, ['stable', 'classic'], 'tokenMode'),
    cors: corsOption(o.cors ?? DEFAULTS.cors),
    trustProxy: trustProxyOption(o.trustProxy ?? DEFAULTS.trustProxy),
    dispatcher: objectOption(o.dispatcher, 'dispatcher', ['dispatch']),
    logger,
    store,
    now,
    upstreamTimeoutMs: numberOption(o.upstreamTimeoutMs, 'upstreamTimeoutMs', 1) ?? DEFAULTS.upstreamTimeoutMs,
    retries: numberOption(o.retries, 'retries', 0) ?? DEFAULTS.retries,
    refreshAheadMs: numberOption(o.refreshAheadMs, 'refreshAheadMs', 0) ?? DEFAULTS.refreshAheadMs,
    errorCooldownMs: numberOption(o.errorCooldownMs, 'errorCooldownMs', 0) ?? DEFAULTS.errorCooldownMs,
    maxSignatures: numberOption(o.maxSignatures, 'maxSignatures', 1) ?? DEFAULTS.maxSignatures,
    minFetchIntervalMs: numberOption(o.minFetchIntervalMs, 'minFetchIntervalMs', 0) ?? DEFAULTS.minFetchIntervalMs,
    warm: booleanOption(o.warm ?? DEFAULTS.warm, 'warm'),
    tokenService,
    analytics: resolveAnalyticsServerOptions(o.analytics, env, { signature: path, tokenService: tokenService?.path }, { logger, now }),
    verifyFiles: verifyFilesOption(o.verifyFiles, nonEmpty(env.WX_VERIFY_FILES)),
    component,
  };
}

/** Whether an official account or a WeCom app is configured besides a component (options or env). */
function officialGiven(o: Options, env: NodeJS.ProcessEnv): boolean {
  return SINGLE_ACCOUNT_KEYS.some((key) => key !== 'allowedHosts' && o[key] !== undefined) || nonEmpty(env.WX_APPID) !== undefined || nonEmpty(env.WECOM_CORP_ID) !== undefined;
}

/** A verification file's name as WeChat and WeCom hand them out: MP_verify_ or WW_verify_, letters and digits, .txt. */
const VERIFY_FILE_NAME = /^(MP|WW)_verify_[A-Za-z0-9]{1,64}\.txt$/;
const MAX_VERIFY_CONTENT = 256;

function verifyFilesOption(value: unknown, fromEnv: string | undefined): Record<string, string> {
  const usage = "verifyFiles must be { 'MP_verify_<code>.txt': '<code>' } (WX_VERIFY_FILES: 'name=content,name=content')";
  let entries: [string, unknown][];
  if (value !== undefined) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(usage);
    entries = Object.entries(value);
  } else if (fromEnv !== undefined) {
    entries = fromEnv.split(',').map((pair) => {
      const at = pair.indexOf('=');
      return at === -1 ? [pair.trim(), undefined] : [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
    });
  } else {
    return {};
  }
  const files: Record<string, string> = {};
  for (const [name, content] of entries) {
    if (!VERIFY_FILE_NAME.test(name)) {
      fail(`verifyFiles: ${JSON.stringify(name.slice(0, 80))} is not a verification file name such as 'MP_verify_abc123.txt' (MP_verify_ or WW_verify_, letters and digits, .txt)`);
    }
    if (typeof content !== 'string' || content === '' || content.length > MAX_VERIFY_CONTENT) {
      fail(`verifyFiles: the content of ${name} must be the text WeChat gave, 1 to ${MAX_VERIFY_CONTENT} characters`);
    }
    files[name] = content;
  }
  return files;
}

function tokenServiceOption(value: Options['tokenService'], env: NodeJS.ProcessEnv, signaturePath: string): TokenServiceConfig | undefined {
  const fromEnv = nonEmpty(env.WX_TOKEN_SERVICE_KEYS);
  if (value === undefined && fromEnv === undefined) return undefined;
  const usage = "tokenService must be { keys: ['<a random key of 16+ characters>'], path?: '/wx/access-token' }";
  if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) fail(usage);
  const o = value === undefined ? {} : (known(value, ['keys', 'path'], 'tokenService key') as { keys?: unknown; path?: unknown });
  const keys = checkKeys(o.keys ?? keysOfEnv(fromEnv!), o.keys === undefined ? 'WX_TOKEN_SERVICE_KEYS' : 'tokenService.keys', usage);
  const path = routePath(o.path ?? DEFAULTS.tokenServicePath, 'tokenService.path', DEFAULTS.tokenServicePath);
  if (path === '/') fail(`tokenService.path must not be '/'; e.g. '${DEFAULTS.tokenServicePath}'`);
  if (path === signaturePath) fail(`tokenService.path must differ from path (${signaturePath}), the signature route`);
  return { keys, path };
}

/** A copy without undefined values; unknown keys throw with a "Did you mean" hint. */
function known(object: object, keys: readonly string[], what: string): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined) continue;
    if (!keys.includes(key)) {
      const guess = closest(key, keys);
      fail(`unknown ${what} \`${key}\`. ${guess ? `Did you mean \`${guess}\`?` : `Known ${what}s: ${keys.join(', ')}.`}`);
    }
    copy[key] = value;
  }
  return copy;
}

/**
 * The official account of appId/appSecret (or WX_APPID/WX_APPSECRET) and the WeCom app of the WECOM_* env vars:
 * either or both. With neither, the official account's credentials are reported missing.
 */
function singleAccounts(o: Options, env: NodeJS.ProcessEnv): ResolvedAccount[] {
  const corpId = nonEmpty(env.WECOM_CORP_ID);
  const official = o.appId !== undefined || o.appSecret !== undefined || o.getAccessToken !== undefined || nonEmpty(env.WX_APPID) !== undefined;
  const accounts = official || corpId === undefined ? [singleAccount(o, env)] : [];
  if (corpId !== undefined) {
    const corpSecret = nonEmpty(env.WECOM_CORP_SECRET);
    if (corpSecret === undefined) fail('missing WeCom credentials: WECOM_CORP_ID is set, so set WECOM_CORP_SECRET too (the secret of the app)');
    accounts.push(wecomAccount({ corpId, corpSecret, agentId: nonEmpty(env.WECOM_AGENT_ID), allowedHosts: o.allowedHosts }, ''));
  }
  return accounts;
}

function singleAccount(o: Options, env: NodeJS.ProcessEnv): ResolvedAccount {
  const appId = o.appId ?? nonEmpty(env.WX_APPID);
  const getAccessToken = functionOption(o.getAccessToken, 'getAccessToken');
  const appSecret = o.appSecret ?? (getAccessToken ? undefined : nonEmpty(env.WX_APPSECRET));
  const missing: string[] = [];
  if (appId === undefined) missing.push('set WX_APPID or pass appId');
  if (appSecret === undefined && getAccessToken === undefined) missing.push('set WX_APPSECRET or pass appSecret (or getAccessToken)');
  if (missing.length > 0) fail(`missing credentials: ${missing.join('; ')} (for a WeCom app: set WECOM_CORP_ID and WECOM_CORP_SECRET, or pass accounts: [{ type: 'wecom', corpId, corpSecret }])`);
  return account({ appId, appSecret, getAccessToken, allowedHosts: o.allowedHosts }, '');
}

function multipleAccounts(o: Options): ResolvedAccount[] {
  const both = SINGLE_ACCOUNT_KEYS.filter((key) => o[key] !== undefined);
  if (both.length > 0) {
    fail(`pass either \`accounts\` or ${both.map((k) => `\`${k}\``).join(', ')}, not both: move them into an entry of accounts`);
  }
  if (!Array.isArray(o.accounts) || o.accounts.length === 0) {
    fail('accounts must be a non-empty array of { appId, appSecret, allowedHosts }');
  }
  const seen = new Set<string>();
  const accounts = o.accounts.map((entry, index) => {
    const name = `accounts[${index}]`;
    if (typeof entry !== 'object' || entry === null) fail(`${name} must be an object { appId, appSecret, allowedHosts }`);
    const type = (entry as { type?: unknown }).type ?? 'official';
    if (type !== 'official' && type !== 'wecom') fail(`${name}.type must be 'official' or 'wecom'`);
    const resolved =
      type === 'wecom'
        ? wecomAccount(known(entry, WECOM_ACCOUNT_KEYS, `${name} key (type 'wecom')`) as Partial<WecomAccountOptions>, `${name}.`)
        : account(known(entry, ACCOUNT_KEYS, `${name} key`) as Partial<OfficialAccountOptions>, `${name}.`);
    const key = accountKey(resolved);
    if (seen.has(key)) {
      fail(type === 'wecom' ? `${name}: the WeCom app ${resolved.appId}/${resolved.agentId ?? '(no agentId)'} is listed twice` : `${name}: appId ${resolved.appId} is listed twice`);
    }
    seen.add(key);
    return resolved;
  });
  // Each container picks among its own kind, so a catch-all must come last among its kind.
  for (const wecom of [false, true]) {
    const kind = accounts.map((a, index) => ({ a, index })).filter(({ a }) => (a.type === 'wecom') === wecom);
    const at = kind.findIndex(({ a }) => a.hosts === undefined);
    if (at !== -1 && at !== kind.length - 1) {
      fail(`accounts[${kind[at]!.index}] has no allowedHosts, so it matches every url and the ${wecom ? 'WeCom ' : ''}accounts after it are never used: give it allowedHosts or put it last`);
    }
  }
  return accounts;
}

/** A WeCom app: corpId (answered as appId), its secret, its agentId (digits) when wx.agentConfig is wanted. */
function wecomAccount(a: { [K in keyof WecomAccountOptions]?: WecomAccountOptions[K] | undefined }, name: string): ResolvedAccount {
  if (typeof a.corpId !== 'string' || a.corpId.trim() === '' || a.corpId.includes(':')) {
    fail(`${name}corpId must be a non-empty string without ':' (the CorpID, e.g. 'ww0123456789abcdef')`);
  }
  if (typeof a.corpSecret !== 'string' || a.corpSecret === '') fail(`${name}corpSecret is missing: pass the secret of the WeCom app`);
  const agentId = a.agentId === undefined ? undefined : String(a.agentId);
  if (agentId !== undefined && !/^[0-9]{1,20}$/.test(agentId)) fail(`${name}agentId must be the app's AgentId, digits such as '1000002'`);
  const hosts = a.allowedHosts === undefined ? undefined : parseAllowedHosts(a.allowedHosts, `${PREFIX} ${name}allowedHosts`);
  const resolved: ResolvedAccount = { type: 'wecom', appId: a.corpId.trim(), appSecret: a.corpSecret, hosts };
  if (agentId !== undefined) resolved.agentId = agentId;
  return resolved;
}

function account(a: { [K in keyof OfficialAccountOptions]?: OfficialAccountOptions[K] | undefined }, name: string): ResolvedAccount {
  if (typeof a.appId !== 'string' || a.appId.trim() === '') fail(`${name}appId must be a non-empty string`);
  if (a.appId.includes(':')) fail(`${name}appId must not contain ':' (an AppID looks like 'wx0123456789abcdef')`);
  const getAccessToken = functionOption(a.getAccessToken, `${name}getAccessToken`);
  if (a.appSecret !== undefined && (typeof a.appSecret !== 'string' || a.appSecret === '')) {
    fail(`${name}appSecret must be a non-empty string`);
  }
  if (a.appSecret === undefined && getAccessToken === undefined) fail(`${name}appSecret is missing: pass appSecret or getAccessToken`);
  const hosts = a.allowedHosts === undefined ? undefined : parseAllowedHosts(a.allowedHosts, `${PREFIX} ${name}allowedHosts`);
  const resolved: ResolvedAccount = { appId: a.appId, hosts };
  if (a.appSecret !== undefined) resolved.appSecret = a.appSecret;
  if (getAccessToken !== undefined) resolved.getAccessToken = getAccessToken;
  return resolved;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function apiBase(value: unknown, name = 'apiBase', example = 'https://api.weixin.qq.com'): string {
  if (typeof value !== 'string') fail(`${name} must be a string such as ${example}`);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    fail(`${name} ${JSON.stringify(value)} is not a url such as ${example}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') fail(`${name} must be an http:// or https:// url`);
  return value.replace(/\/+$/, '');
}

function routePath(value: unknown, name = 'path', example: string = DEFAULT_PATH): string {
  if (typeof value !== 'string' || !value.startsWith('/') || /[?#\s]/.test(value)) {
    fail(`${name} must be a route path such as '${example}'`);
  }
  return value.length > 1 ? value.replace(/\/+$/, '') : value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T {
  if (!allowed.includes(value as T)) fail(`${name} must be ${allowed.map((a) => `'${a}'`).join(' or ')}`);
  return value as T;
}

function corsOption(value: unknown): boolean | readonly string[] {
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return value.map((origin: string) => {
      let parsed: URL;
      try {
        parsed = new URL(origin);
      } catch {
        fail(`cors: ${JSON.stringify(origin)} is not an origin such as 'https://example.com'`);
      }
      if (parsed.origin === 'null' || origin.replace(/\/$/, '').toLowerCase() !== parsed.origin) {
        fail(`cors: ${JSON.stringify(origin)} is not an origin such as 'https://example.com' (no path)`);
      }
      return parsed.origin;
    });
  }
  fail("cors must be false, true, or a list of origins such as ['https://example.com']");
}

function trustProxyOption(value: unknown): boolean {
  if (typeof value !== 'boolean') {
    fail("trustProxy must be true or false; under Express, Express's own values ('loopback', a hop count) go to app.set('trust proxy', …)");
  }
  return value;
}

function booleanOption(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') fail(`${name} must be true or false`);
  return value;
}

function objectOption<T>(value: T | undefined, name: string, methods: readonly string[]): T | undefined {
  if (value === undefined) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof value !== 'object' || value === null || methods.some((m) => typeof v[m] !== 'function')) {
    fail(`${name} must be an object with ${methods.map((m) => `${m}()`).join(', ')}`);
  }
  return value;
}

function functionOption<T>(value: T | undefined, name: string): T | undefined {
  if (value !== undefined && typeof value !== 'function') fail(`${name} must be a function`);
  return value;
}

function numberOption(value: unknown, name: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) fail(`${name} must be an integer >= ${min}`);
  return value;
}

/** The known key closest to `key` by edit distance (case-insensitive), if it is close enough to be a typo. */
export function closest(key: string, keys: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of keys) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    const limit = Math.max(2, Math.floor(Math.max(key.length, candidate.length) / 3));
    if (d <= limit && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}
