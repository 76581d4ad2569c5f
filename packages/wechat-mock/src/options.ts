// The emulator's options: the public MockOptions type, its defaults, and the resolved Config.
import type { ComponentOptions } from './component/api.js';
import type { WecomOptions } from './wecom/api.js';

export interface MockAccount {
  appId: string;
  appSecret: string;
}

export interface MockOptions {
  /** Accounts the emulator knows. Defaults to `[{ appId: 'wx0000000000000000', appSecret: 'mock-secret' }]`. */
  accounts?: MockAccount[] | undefined;
  /** Clock in ms since the epoch, used for every expiry, overlap and quota. Defaults to `Date.now`. */
  now?: (() => number) | undefined;
  /** Lifetime of an access_token, seconds. Defaults to 7200. */
  tokenTtlSeconds?: number | undefined;
  /** Lifetime of a jsapi_ticket, seconds. Defaults to 7200. */
  ticketTtlSeconds?: number | undefined;
  /** Successful classic `/cgi-bin/token` fetches per appId per day; beyond it errcode 45009. Defaults to 2000. */
  dailyTokenQuota?: number | undefined;
  /** Successful getticket calls per appId per day (WeChat publishes none; ours). Defaults to 1000. */
  dailyTicketQuota?: number | undefined;
  /** Successful stable_token calls per appId per day. Defaults to 500000. */
  dailyStableTokenQuota?: number | undefined;
  /** `force_refresh: true` stable_token calls per appId per day (errcode 45009 beyond). Defaults to 20. */
  dailyForceRefreshQuota?: number | undefined;
  /** Minimum interval between two `force_refresh: true` calls of one appId, seconds (errcode 45011). Defaults to 30. */
  forceRefreshIntervalSeconds?: number | undefined;
  /** Caller IPs allowed to fetch tokens; others get errcode 40164. Defaults to any IP. */
  allowedIps?: string[] | undefined;
  /** The WeCom (企业微信) API served on the same listener (its paths differ from WeChat's). Defaults to `{}`: one corp. */
  wecom?: WecomOptions | undefined;
  /** The third-party platform (第三方平台) served on the same listener. Defaults to `{}`: `DEFAULT_COMPONENT`. */
  component?: ComponentOptions | undefined;
}

export interface Config {
  accounts: MockAccount[];
  now: () => number;
  tokenTtlSeconds: number;
  ticketTtlSeconds: number;
  dailyTokenQuota: number;
  dailyTicketQuota: number;
  dailyStableTokenQuota: number;
  dailyForceRefreshQuota: number;
  forceRefreshIntervalSeconds: number;
  allowedIps: string[] | undefined;
  wecom: WecomOptions;
  component: ComponentOptions;
}

export const DEFAULT_ACCOUNT: Readonly<MockAccount> = Object.freeze({
  appId: 'wx0000000000000000',
  appSecret: 'mock-secret',
});

const defaults: Config = {
  accounts: [DEFAULT_ACCOUNT],
  now: Date.now,
  tokenTtlSeconds: 7200,
  ticketTtlSeconds: 7200,
  dailyTokenQuota: 2000,
  dailyTicketQuota: 1000,
  dailyStableTokenQuota: 500_000,
  dailyForceRefreshQuota: 20,
  forceRefreshIntervalSeconds: 30,
  allowedIps: undefined,
  wecom: {},
  component: {},
};

const COUNTS = [
  'tokenTtlSeconds',
  'ticketTtlSeconds',
  'dailyTokenQuota',
  'dailyTicketQuota',
  'dailyStableTokenQuota',
  'dailyForceRefreshQuota',
  'forceRefreshIntervalSeconds',
] as const;

/** Spreads the defined options over the defaults; throws on unknown keys and nonsensical values. */
export function resolveConfig(options: MockOptions = {}): Config {
  const given: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (!(key in defaults)) throw new TypeError(`createWechatMock: unknown option \`${key}\`${suggest(key)}`);
    if (value !== undefined) given[key] = value;
  }
  const config: Config = { ...defaults, ...(given as Partial<Config>) };
  for (const key of COUNTS) {
    const value = config[key];
    if (typeof value !== 'number' || !(value >= 0)) {
      throw new TypeError(`createWechatMock: \`${key}\` must be a number >= 0, got ${String(value)}`);
    }
  }
  if (typeof config.now !== 'function') throw new TypeError('createWechatMock: `now` must be a function returning ms');
  if (!Array.isArray(config.accounts)) throw new TypeError('createWechatMock: `accounts` must be an array');
  config.accounts.forEach(checkAccount);
  if (config.allowedIps !== undefined && !Array.isArray(config.allowedIps)) {
    throw new TypeError('createWechatMock: `allowedIps` must be an array of IP strings');
  }
  config.accounts = config.accounts.map((account) => ({ appId: account.appId, appSecret: account.appSecret }));
  if (config.allowedIps) config.allowedIps = [...config.allowedIps];
  return config;
}

export function checkAccount(account: MockAccount): void {
  if (typeof account?.appId !== 'string' || account.appId === '') {
    throw new TypeError('createWechatMock: an account needs a non-empty `appId`');
  }
  if (typeof account.appSecret !== 'string' || account.appSecret === '') {
    throw new TypeError(`createWechatMock: account ${account.appId} needs a non-empty \`appSecret\``);
  }
}

function suggest(key: string): string {
  const lower = key.toLowerCase();
  const match = Object.keys(defaults).find((known) => known.toLowerCase() === lower);
  return match ? ` (did you mean \`${match}\`?)` : '';
}
