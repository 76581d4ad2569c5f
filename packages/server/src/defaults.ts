// The one table of defaults: every option of the server and every internal bound of the credentials, with its value.

export const DEFAULTS = Object.freeze({
  apiBase: 'https://api.weixin.qq.com',
  /** Where WeCom's (企业微信) API lives. */
  wecomApiBase: 'https://qyapi.weixin.qq.com',
  path: '/wx/signature',
  /** Serve share.min.js next to the route. */
  client: true as boolean,
  tokenMode: 'stable' as 'stable' | 'classic',
  cors: false as boolean,
  /** Take a node:http or fetch request's client address from X-Forwarded-For (Express and Fastify: their req.ip). */
  trustProxy: false as boolean,
  /** Load every account's credentials at start-up and refresh them ahead of expiry on a timer, with no traffic needed. */
  warm: true as boolean,
  /** How often the warm timer looks at every account's credentials (real time, unref'ed), ms: each look starts at most a few renewals, so it looks often. */
  warmCheckMs: 1000,
  /** Timeout of one upstream call, ms. */
  upstreamTimeoutMs: 3000,
  /** Retries of a transient failure, with backoff. */
  retries: 2,
  /** Refresh in the background when less than this is left before expiry, ms (10 min). */
  refreshAheadMs: 600_000,
  /** How long a configuration error is remembered before WeChat is asked again, ms. */
  errorCooldownMs: 30_000,
  /** How long a quota error (45009, 45011, HTTP 429) is remembered, ms (5 min). */
  quotaCooldownMs: 300_000,
  /** Signatures cached, one per page url (LRU, also capped at 64 MB). */
  maxSignatures: 10_000,
  /** Each credential is fetched at most once per this, per account and instance, ms. */
  minFetchIntervalMs: 60_000,
  /** First back-off after a transient failure survived its retries, doubling up to outageBackoffMaxMs, ms. */
  outageBackoffMs: 1000,
  outageBackoffMaxMs: 30_000,
  /** A credential counts as expired this long before WeChat's expires_in says, ms. */
  safetyMarginMs: 60_000,
  /** A ticket() call settles (value or error) within this, even when WeChat hangs, ms. */
  requestTimeoutMs: 9500,
  /** Delays before retry 1, 2, … of a transient failure (the last one repeats), ms. */
  backoffMs: [100, 300] as readonly number[],
  /** How long the store's lock is held at most while one instance refreshes, ms. */
  lockTtlMs: 5000,
  /** How often an instance waiting for another's refresh reads the store, ms. */
  lockPollMs: 50,
  /** A store call that takes longer counts as failed, ms. */
  storeTimeoutMs: 1000,
  /** The token service's GET route (only with tokenService keys); POST {path}/refresh next to it. */
  tokenServicePath: '/wx/access-token',
  /** A token service key is at least this long, and there are at most tokenServiceMaxKeys of them. */
  tokenServiceMinKeyLength: 16,
  tokenServiceMaxKeys: 20,
  /** The largest body POST {path}/refresh reads, bytes. */
  tokenServiceMaxBodyBytes: 4096,
  /** After this many failed key checks from one address within tokenServiceFailureWindowMs, it gets 429 until the window ends. */
  tokenServiceMaxFailures: 5,
  tokenServiceFailureWindowMs: 60_000,
  /** Addresses whose failed key checks are remembered (LRU). */
  tokenServiceMaxAddresses: 10_000,
});
