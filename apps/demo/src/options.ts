// The demo's options: offline (emulated WeChat, the default) or online (a real account from WX_APPID/WX_APPSECRET).
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
}

interface CommonConfig {
  cors: boolean | string[];
  allowedHosts?: string[];
  logger?: Logger;
  warm?: boolean;
  trustProxy: boolean | number | string;
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
  if (options.mock || !appId || !appSecret) {
    return { offline: true, mock: options.mock, safeDomains: options.safeDomains, cors, allowedHosts: options.allowedHosts, logger, trustProxy, ...warm };
  }
  const hosts = nonEmpty(env.SHARE_ALLOWED_HOSTS)?.split(',').map((host) => host.trim()).filter(Boolean);
  const apiBase = options.apiBase ?? nonEmpty(env.WX_API_BASE);
  return { offline: false, appId, appSecret, apiBase, cors, allowedHosts: options.allowedHosts ?? hosts, logger, trustProxy, ...warm };
}

/** SHARE_TRUST_PROXY as Express's `trust proxy` takes it: a boolean, a hop count, or comma-separated addresses. */
function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined) return 'loopback';
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}
