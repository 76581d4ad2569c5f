// Type-level test, compiled by tsconfig.exact.json: each entry types its part of the API, the main entry no longer
// offers what moved or was removed, and Egg's middleware options type-check where Egg passes them.
import type { Options, Signer } from '../../src/index.js';
import type * as main from '../../src/index.js';
import type { AnalyticsOptions, AnalyticsStore } from '../../src/entries/analytics.js';
import type { PageRequest, SignRequestOptions } from '../../src/entries/ssr.js';
import { signRequest } from '../../src/entries/ssr.js';
import type { TokenServiceClientOptions } from '../../src/entries/token-service.js';

type AllUndefined<T> = { [K in keyof T]-?: undefined };

export const analyticsUndefined: AnalyticsOptions = {} as AllUndefined<AnalyticsOptions>;
export const analyticsOption: Options = { analytics: { store: {} as AnalyticsStore, keys: ['a-key-of-16-chars-or-more'], eventsPerMinute: 60 } };
export const tokenClient: TokenServiceClientOptions = { url: 'https://tokens.internal/wx/access-token', key: 'k' };
export const eggOptions: Options = { allowedHosts: ['example.com'], match: '/wx', ignore: () => false, enable: true };
export const verifyFiles: Options = { verifyFiles: { 'MP_verify_abc.txt': 'abc' } };
export const signed = (signer: Signer, req: PageRequest, options: SignRequestOptions) => signRequest(signer, req, options);

// @ts-expect-error maxAccounts was removed: accounts are never evicted
export const noMaxAccounts: Options = { maxAccounts: 100 };
// @ts-expect-error a WeCom app is an entry of accounts
export const noTopLevelCorp: Options = { corpId: 'ww0123456789abcdef' };
// @ts-expect-error server-rendered pages moved to @share/server/ssr
export type NoRenderConfig = typeof main.renderConfigScript;
// @ts-expect-error the analytics counter moved to @share/server/analytics
export type NoCreateAnalytics = typeof main.createAnalytics;
// @ts-expect-error the token service client moved to @share/server/token-service
export type NoTokenClient = typeof main.tokenServiceClient;
// @ts-expect-error Ticket is no longer exported
export type NoTicket = main.Ticket;
// @ts-expect-error TokenSource is no longer exported
export type NoTokenSource = main.TokenSource;
