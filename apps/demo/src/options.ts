// The demo's options: offline (emulated WeChat, the default) or online (a real account from WX_APPID/WX_APPSECRET).
import { fileURLToPath } from 'node:url';
import type { Logger } from '@share/server';
import type { WechatMock } from '@share/wechat-mock';

export interface DemoOptions {
  /** The account's AppID. Defaults to env WX_APPID; without it (or without the secret) the demo runs offline. */
  appId?: string;
  /** The account's AppSecret. Defaults to env WX_APPSECRET. */
  appSecret?: string;
  /** Online: the WeChat API base. Defaults to env WX_API_BASE, else WeChat itself (the middleware's default). */
  apiBase?: string;
  /** Offline: this emulator instead of a new one (tests inject faults through it). Implies offline. */
  mock?: WechatMock;
  /** Offline: JS safe domains the emulated bridge accepts (`localhost`, `example.com/mp`). Defaults to any host. */
  safeDomains?: string[];
  /** The middleware's `cors` option. Defaults to true: a static page on another origin may call the signer. */
  cors?: boolean | string[];
  /** The middleware's `allowedHosts`. Defaults to none (any host) offline, env SHARE_ALLOWED_HOSTS (comma-separated) online. */
  allowedHosts?: string[];
  /** Where the middleware logs. Defaults to console. */
  logger?: Logger;
  /** The middleware's `warm` option (load the credentials at start-up). Defaults to the middleware's default (true). */
  warm?: boolean;
  /**
   * Express's `trust proxy`: which proxies' X-Forwarded-Proto / X-Forwarded-Host the server-rendered page believes.
   * Defaults to env SHARE_TRUST_PROXY (`true`, `false`, a hop count, or addresses such as `loopback,10.0.0.0/8`),
   * else `'loopback'` (a reverse proxy on the same machine, as in the README).
   */
  trustProxy?: boolean | number | string;
  /** Where the demo keeps its files (the analytics database, analytics.db). Defaults to env SHARE_DATA_DIR, else apps/demo/data. */
  dataDir?: string;
  /**
   * The analytics read route's keys (the dashboard sends one). Defaults to env WX_ANALYTICS_KEYS; offline without
   * it, the demo's own key DEMO_ANALYTICS_KEY, which the offline dashboard is told. Online without it: no read route.
   */
  analyticsKeys?: string[];
}

/** The offline demo's analytics key: it protects emulated counts only, so the offline dashboard may know it. */
export const DEMO_ANALYTICS_KEY = 'share-demo-offline-analytics-key';

/** apps/demo/data: the default data folder (git-ignored). */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../data/', import.meta.url));

interface CommonConfig {
  cors: boolean | string[];
  allowedHosts?: string[];
  logger?: Logger;
  warm?: boolean;
  trustProxy: boolean | number | string;
  dataDir: string;
  /** undefined: the server reads WX_ANALYTICS_KEYS itself (none: no read route). */
  analyticsKeys?: string[];
  /** Offline with the demo's own key: the dashboard may be told it. */
  dashboardKey?: string;
}

export type DemoConfig =
  | (CommonConfig & { offline: true; mock?: WechatMock; safeDomains?: string[] })
  | (CommonConfig & { offline: false; appId: string; appSecret: string; apiBase?: string });

const nonEmpty = (value: string | undefined) => (value && value.trim() !== '' ? value.trim() : undefined);

/** Offline unless both credentials are given (options or env) and no mock is. */
export function resolveDemoOptions(options: DemoOptions = {}, env: NodeJS.ProcessEnv = process.env): DemoConfig {
  const appId = options.appId ?? nonEmpty(env.WX_APPID);
  const appSecret = options.appSecret ?? nonEmpty(env.WX_APPSECRET);
  const cors = options.cors ?? true;
  const logger = options.logger;
  const warm = options.warm === undefined ? {} : { warm: options.warm };
  const trustProxy = options.trustProxy ?? parseTrustProxy(nonEmpty(env.SHARE_TRUST_PROXY));
  const dataDir = options.dataDir ?? nonEmpty(env.SHARE_DATA_DIR) ?? DEFAULT_DATA_DIR;
  const keys = options.analyticsKeys ?? nonEmpty(env.WX_ANALYTICS_KEYS)?.split(',').map((key) => key.trim()).filter(Boolean);
  if (options.mock || !appId || !appSecret) {
    const analytics = keys === undefined ? { analyticsKeys: [DEMO_ANALYTICS_KEY], dashboardKey: DEMO_ANALYTICS_KEY } : { analyticsKeys: keys };
    return { offline: true, mock: options.mock, safeDomains: options.safeDomains, cors, allowedHosts: options.allowedHosts, logger, trustProxy, dataDir, ...analytics, ...warm };
  }
  const hosts = nonEmpty(env.SHARE_ALLOWED_HOSTS)?.split(',').map((host) => host.trim()).filter(Boolean);
  const apiBase = options.apiBase ?? nonEmpty(env.WX_API_BASE);
  const analytics = keys === undefined ? {} : { analyticsKeys: keys };
  return { offline: false, appId, appSecret, apiBase, cors, allowedHosts: options.allowedHosts ?? hosts, logger, trustProxy, dataDir, ...analytics, ...warm };
}

/** SHARE_TRUST_PROXY as Express's `trust proxy` takes it: a boolean, a hop count, or comma-separated addresses. */
function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined) return 'loopback';
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}
