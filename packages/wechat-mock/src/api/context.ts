// What the endpoint handlers share: the resolved config, the accounts, the registries and the quotas.
import type { Config, MockAccount } from '../options.js';
import type { DailyQuota } from '../quota.js';
import type { TicketRegistry } from '../tickets.js';
import type { TokenRegistry } from '../tokens.js';
import type { WechatErrorBody } from '../errors.js';

export interface Context {
  config: Config;
  /** appSecret by appId. */
  accounts: Map<string, string>;
  tokens: TokenRegistry;
  tickets: TicketRegistry;
  quotas: {
    token: DailyQuota;
    stableToken: DailyQuota;
    forceRefresh: DailyQuota;
    ticket: DailyQuota;
  };
  /** Instant of the last `force_refresh: true` per appId, ms. */
  lastForceRefresh: Map<string, number>;
}

/** What an endpoint answers: WeChat always says HTTP 200, errors included. */
export type Answer = Record<string, unknown> | WechatErrorBody;

export type { MockAccount };
