// A complete, made-up run's results that meets every target; tests override what they need.
import type { BenchResults, HandlerRow, OutageRow, PlatformCalls, PlatformResult, ShareReadyRow, WarmRow } from '../src/results.js';
import { DEFAULT_SETTINGS } from '../src/settings.js';
import { MB } from '../src/targets.js';

export const warm = (key: WarmRow['key'], rps: number): WarmRow => ({
  key,
  label: key,
  rps,
  p50: 1,
  p99: 5,
  rounds: [rps],
  non2xx: 0,
  errors: 0,
});

export const handler = (key: HandlerRow['key'], rps: number): HandlerRow => ({ ...warm('ours', rps), key, label: key });

export const outage = (key: OutageRow['key'], overrides: Partial<OutageRow> = {}): OutageRow => ({
  key,
  label: key,
  clients: 10,
  outageSeconds: 60,
  calls: { token: 0, stableToken: 6, ticket: 0 },
  answers: { ok: 0, unavailable: 5000, retryAfter: 5000, otherStatus: 0, failed: 0 },
  recoverySeconds: 12.5,
  recoveryBoundSeconds: 40,
  ...overrides,
});

/** A share-ready page whose first visits took `first` ms (repeat visits 300 ms less), all with no signature request. */
export const sharePage = (key: ShareReadyRow['key'], first: number[], overrides: Partial<ShareReadyRow> = {}): ShareReadyRow => ({
  key,
  label: key,
  first,
  repeat: first.map((ms) => ms - 300),
  // 3 round trips for the floor's 450 ms at 150 ms a response, one more for each 150 ms more.
  firstRoundTrips: first.map((ms) => Math.round(ms / 150)),
  repeatRoundTrips: first.map((ms) => Math.round(ms / 150) - 2),
  jweixinLoaded: first.map((ms) => ms - 150),
  waterfall: {},
  signatureRequests: 0,
  views: first.length * 2,
  failures: [],
  ...overrides,
});

export const platformCalls = (overrides: Partial<PlatformCalls> = {}): PlatformCalls => ({
  componentToken: 0,
  startPushTicket: 0,
  queryAuth: 0,
  authorizerToken: 0,
  getAuthorizerList: 0,
  ticket: 0,
  ...overrides,
});

/** A run that meets every target; tests override what they need. */
export function platformResult(overrides: { storm?: Partial<PlatformResult['storm']>; day?: Partial<PlatformResult['day']>; restart?: Partial<PlatformResult['restart']> } = {}): PlatformResult {
  return {
    store: 'redis',
    storm: { requests: 1000, ok: 1000, failed: 0, calls: platformCalls({ componentToken: 1, authorizerToken: 1, ticket: 1 }), seconds: 1, p99: 300, ...overrides.storm },
    day: {
      authorizers: 500,
      instances: 4,
      requests: 18_000,
      failed: 0,
      invalidSignatures: 0,
      maxAuthorizerTokenCalls: 12,
      maxTicketCalls: 13,
      calls: platformCalls({ componentToken: 13, queryAuth: 500, authorizerToken: 5500, ticket: 6000 }),
      verifyTicketPushes: 144,
      warnings: 0,
      wallSeconds: 30,
      ...overrides.day,
    },
    restart: {
      downtimeHours: 3,
      firstStatus: 200,
      firstSignatureValid: true,
      firstMs: 20,
      firstCalls: platformCalls({ componentToken: 1, authorizerToken: 1, ticket: 1 }),
      pushesAfter: 0,
      authorizersSigned: 500,
      allCalls: platformCalls({ componentToken: 1, authorizerToken: 500, ticket: 500 }),
      ...overrides.restart,
    },
  };
}

export function sampleResults(overrides: Partial<BenchResults> = {}): BenchResults {
  return {
    machine: { cpu: 'cpu', cores: 2, ramGb: 8, node: 'v20', os: 'Linux', date: 'd', loadBefore: 0, loadAfter: 0 },
    settings: DEFAULT_SETTINGS,
    warm: [warm('bare', 10_000), warm('bare-raw', 10_020), warm('ours', 10_050), warm('theirs', 4_000)],
    storm: [
      { key: 'ours', label: 'ours', requests: 1000, ok: 1000, failed: 0, token: 0, stableToken: 1, ticket: 1, seconds: 1, p99: 9 },
    ],
    memory: [
      {
        key: 'ours',
        label: 'ours',
        requested: 1_000_000,
        signed: 1_000_000,
        failed: 0,
        timedOut: false,
        seconds: 5,
        rssBefore: 100 * MB,
        rssPeak: 160 * MB,
        rssAfter: 130 * MB,
        rssAfterGc: 120 * MB,
        heapBefore: 0,
        heapAfter: 0,
        heapAfterGc: 0,
        heapTotalBefore: 0,
        heapTotalAfterGc: 0,
        externalBefore: 0,
        externalAfterGc: 0,
      },
    ],
    client: [{ key: 'ours', label: 'ours', file: 'f', bytes: 2000, gzip: 1000 }],
    instances: [
      {
        processes: 4,
        requestsPerProcess: 250,
        stormOk: 1000,
        stormFailed: 0,
        stormSeconds: 2,
        stormCalls: { token: 0, stableToken: 1, ticket: 1 },
        rps: 9000,
        p99: 20,
        warmFailed: 0,
        warmCalls: { token: 0, stableToken: 0, ticket: 0 },
      },
    ],
    nodeHttp: [handler('node-bare', 12_000), handler('node-ours', 11_500), handler('fetch-bare', 8_000), handler('fetch-ours', 6_000)],
    outage: [
      outage('ours'),
      outage('theirs', {
        calls: { token: 30_000, stableToken: 0, ticket: 0 },
        answers: { ok: 0, unavailable: 0, retryAfter: 0, otherStatus: 30_000, failed: 0 },
        recoverySeconds: 0.1,
      }),
    ],
    day: [],
    accounts: [],
    analytics: [],
    analyticsCpu: [],
    flood: [],
    platform: [],
    // 150 ms a response: the floor at 450 ms, the server-rendered page equal, the static page one round trip more.
    shareReady: [
      sharePage('floor', [450, 460, 470]),
      sharePage('static', [600, 610, 620], { signatureRequests: 6 }),
      sharePage('ssr', [455, 465, 475]),
      sharePage('ssr-tag', [450, 460, 470]),
      sharePage('theirs', [750, 760, 770], { signatureRequests: 6 }),
    ],
    skipped: [],
    totalSeconds: 100,
    ...overrides,
  };
}
