// The shape of one bench run's results, as the scenarios produce them and the report renders them.
import type { MemoryReport, UpstreamCalls } from './protocol.js';

/** Which server a row is about. */
export type ServerKey = 'bare' | 'bare-raw' | 'ours' | 'ours-rotating' | 'theirs' | 'theirs-rotating';

export interface Machine {
  cpu: string;
  cores: number;
  ramGb: number;
  node: string;
  os: string;
  date: string;
  /** 1-minute load average when the run started and when it ended. */
  loadBefore: number;
  loadAfter: number;
}

export interface Settings {
  warmupSeconds: number;
  seconds: number;
  rounds: number;
  connections: number;
  rotatingUrls: number;
  stormRequests: number;
  /** The emulator answers each upstream call of the storm after this long, ms. */
  upstreamDelayMs: number;
  memoryUrls: number;
  memoryTimeLimitSeconds: number;
  /** Scenario 5: wxShare processes sharing Redis. */
  instances: number;
  /** Scenario 7: how long the emulator answers -1, s. */
  outageSeconds: number;
  /** Scenario 7: concurrent clients, each asking for its own page url again after every answer. */
  outageClients: number;
  /** Scenario 7: a client's pause after an answer before its next request, ms. */
  outagePauseMs: number;
  /** Scenario 7: how long to wait for the first 200 once the emulator answers again, s. */
  outageRecoverySeconds: number;
  /** Scenario 9: the network latency the bench adds to every response of the share-ready pages, ms. */
  shareLatencyMs: number;
  /** Scenario 9: measured rounds (each page opened twice per round, in a fresh browser context). */
  shareRounds: number;
  /** Scenario 11: distinct first views a second, and how long the flood lasts per store, s. */
  floodRate: number;
  floodSeconds: number;
  /** Scenario 13: the third-party platform's authorizers over the simulated day, and page views of each a day. */
  platformAuthorizers: number;
  platformRequests: number;
}

/** Throughput of one server over interleaved rounds. */
export interface ThroughputFigures {
  /** The best round's figures (fewest interference from other load on the machine). */
  rps: number;
  p50: number;
  p99: number;
  /** req/s of every round, in order. */
  rounds: number[];
  non2xx: number;
  errors: number;
}

export interface WarmRow extends ThroughputFigures {
  key: ServerKey;
  label: string;
}

/** Scenario 6 (issue 10): the handler shapes that need no Express. */
export type HandlerKey = 'node-bare' | 'node-ours' | 'fetch-bare' | 'fetch-ours';

/** A measured handler, or one this build of @share/server cannot provide (and why). */
export type HandlerRow =
  | (ThroughputFigures & { key: HandlerKey; label: string; unavailable?: undefined })
  | { key: HandlerKey; label: string; unavailable: string };

/** Scenario 7 (issue 9): one library through a WeChat outage, then its recovery. */
export interface OutageRow {
  key: 'ours' | 'theirs';
  label: string;
  clients: number;
  /** How long the outage lasted as measured, s (the upstream calls were counted over exactly this). */
  outageSeconds: number;
  /** Upstream calls during the outage (every endpoint answered -1). */
  calls: UpstreamCalls;
  /** The clients' answers during the outage. */
  answers: AnswerTally;
  /** From the emulator answering again to the first 200, s; undefined when none came within the bound. */
  recoverySeconds: number | undefined;
  /** The bound that recovery was waited for, s. */
  recoveryBoundSeconds: number;
}

/** What closed-loop clients got back, by kind of answer. */
export interface AnswerTally {
  ok: number;
  /** 503 answers, and how many of them carried a Retry-After header. */
  unavailable: number;
  retryAfter: number;
  /** Any other HTTP status. */
  otherStatus: number;
  /** No HTTP answer: connection error or timeout. */
  failed: number;
}

export interface StormRow {
  key: 'ours' | 'theirs';
  label: string;
  requests: number;
  ok: number;
  failed: number;
  token: number;
  stableToken: number;
  ticket: number;
  seconds: number;
  p99: number;
}

export interface MemoryRow extends MemoryReport {
  /** ours-control: wxShare with a one-entry signature cache, the same work with nothing kept. */
  key: 'ours' | 'ours-control' | 'theirs';
  label: string;
}

export interface ClientRow {
  key: 'ours' | 'theirs';
  label: string;
  file: string;
  bytes: number;
  gzip: number;
}

/** Scenario 5: several wxShare processes sharing Redis and the emulator. */
export interface InstancesResult {
  processes: number;
  requestsPerProcess: number;
  stormOk: number;
  stormFailed: number;
  stormSeconds: number;
  stormCalls: UpstreamCalls;
  /** All processes under load at once: the sum of their req/s, the worst p99. */
  rps: number;
  p99: number;
  warmFailed: number;
  /** Upstream calls during the warm run (none expected: every process serves from its in-process cache). */
  warmCalls: UpstreamCalls;
}

export interface BenchResults {
  machine: Machine;
  settings: Settings;
  warm: WarmRow[];
  storm: StormRow[];
  memory: MemoryRow[];
  client: ClientRow[];
  instances: InstancesResult[];
  nodeHttp: HandlerRow[];
  outage: OutageRow[];
  day: DayRow[];
  accounts: AccountsRow[];
  analytics: AnalyticsRow[];
  analyticsCpu: AnalyticsCpuRow[];
  shareReady: ShareReadyRow[];
  flood: FloodRow[];
  platform: PlatformResult[];
  /** Scenarios or rows that could not run, and why. */
  skipped: string[];
  totalSeconds: number;
}

/** Scenario 9 (issue 14): the signature route with analytics off and on, side by side; or why it was not measured. */
export type AnalyticsRow =
  | (ThroughputFigures & {
      key: 'analytics-off' | 'analytics-on';
      label: string;
      unavailable?: undefined;
      /** The server process's CPU µs per request over all its measured rounds (from /proc; absent elsewhere). */
      serverCpuMicros?: number;
    })
  | { key: 'analytics-off' | 'analytics-on'; label: string; unavailable: string };

/** Scenario 9's in-process part: CPU time per request of createFetchHandler() in the runner, analytics off and on. */
export interface AnalyticsCpuRow {
  requests: number;
  /** CPU µs per request (user + system), the best of the alternating runs of each. */
  offMicros: number;
  onMicros: number;
}

/** Scenario 8 (issue 12): 4 signers sharing a store through 24 simulated hours, with `warm` on or off. */
export interface DayRow {
  label: string;
  warm: boolean;
  /** Set when this build cannot run it (no `warm` option): why. */
  unavailable?: string;
  requests?: number;
  /** WeChat calls over the day: token (classic + stable) and getticket. */
  tokenCalls?: number;
  ticketCalls?: number;
  /** The first request after each quiet period (over 1 h without traffic): simulated time and wall-clock latency, ms. */
  firstAfterQuiet?: { at: string; ms: number }[];
}

/** Scenario 12 (issue 19): one instance with many accounts and `warm` on through 24 simulated hours, no traffic. */
export interface AccountsRow {
  accounts: number;
  /** WeChat calls until every account was ready (ideal: one token and one ticket each). */
  startUpCalls: number;
  /** The most token (stable + classic) and ticket calls any one account made over the day. */
  tokenCallsPerAccount: number;
  ticketCallsPerAccount: number;
  /** The most WeChat calls started in one simulated second after start-up (renewals). */
  mostRenewalsInOneSecond: number;
  /** Heap the accounts' credentials and signer take once ready, MB (after a gc when --expose-gc is on). */
  heapMb: number;
  /** Process warnings (e.g. MaxListenersExceededWarning) while it ran. */
  processWarnings: number;
}

/** Scenario 9 (issue 13): the pages whose time to share-ready is measured. */
export type SharePageKey = 'floor' | 'static' | 'ssr' | 'ssr-tag' | 'ssr-late' | 'theirs';

/** One page's share-ready timings over the measured rounds, ms from navigation start. */
export interface ShareReadyRow {
  key: SharePageKey;
  label: string;
  /** First visit of a fresh browser context (empty HTTP cache), one per round that succeeded. */
  first: number[];
  /** The same page opened again in that context (its scripts from the HTTP cache). */
  repeat: number[];
  /** Round trips each view waited for (its requests that went one after another), first and repeat visits. */
  firstRoundTrips: number[];
  repeatRoundTrips: number[];
  /** jweixin's responseEnd on the first visits. */
  jweixinLoaded: number[];
  /** The first visits' requests by path ('page' is the document): start and end times, one per visit. */
  waterfall: Record<string, { start: number[]; end: number[] }>;
  /** Requests that reached a signature route during the measured views (both visits). */
  signatureRequests: number;
  /** Measured views (two per round), whether they succeeded or not. */
  views: number;
  /** Rounds that did not become share-ready, and why. */
  failures: string[];
}

/** Scenario 11 (issue 20): a flood of distinct first views at a fixed rate, per analytics store; or why not measured. */
export type FloodRow =
  | {
      key: 'memory' | 'sqlite' | 'redis';
      label: string;
      unavailable?: undefined;
      rps: number;
      requests: number;
      /** Latency of the flood's own signature requests, ms. */
      p50: number;
      p99: number;
      max: number;
      /** Answers other than 2xx, errors and timeouts. */
      non2xx: number;
      /** The server process's RSS before and after the flood, MB. */
      rssBeforeMb: number;
      rssAfterMb: number;
    }
  | { key: 'memory' | 'sqlite' | 'redis'; label: string; unavailable: string };

/** Upstream calls of the third-party platform's endpoints and getticket, as the emulator counted them. */
export interface PlatformCalls {
  componentToken: number;
  startPushTicket: number;
  queryAuth: number;
  authorizerToken: number;
  getAuthorizerList: number;
  ticket: number;
}

/** Scenario 13 (issue 22): a third-party platform's authorizers, against the emulator, on one injected clock. */
export interface PlatformResult {
  /** The store the instances share: a private redis-server, or a SQLite file when redis-server is not installed. */
  store: string;
  storm: {
    requests: number;
    ok: number;
    failed: number;
    calls: PlatformCalls;
    seconds: number;
    p99: number;
  };
  day: {
    authorizers: number;
    instances: number;
    requests: number;
    /** Answers other than 200, and 200s whose signature no valid ticket of the authorizer makes. */
    failed: number;
    invalidSignatures: number;
    /** The most api_authorizer_token and getticket calls any one authorizer made over the day. */
    maxAuthorizerTokenCalls: number;
    maxTicketCalls: number;
    /** Every call of the day, setup (the authorizations) included. */
    calls: PlatformCalls;
    verifyTicketPushes: number;
    /** Warnings the instances logged. */
    warnings: number;
    wallSeconds: number;
  };
  restart: {
    downtimeHours: number;
    /** The first request after every instance restarted: its status, whether its signature is valid, wall ms. */
    firstStatus: number;
    firstSignatureValid: boolean;
    firstMs: number;
    /** Calls the first request made. */
    firstCalls: PlatformCalls;
    /** Pushes the emulator made after the restart (none: pushing stopped), and calls from the restart to the end. */
    pushesAfter: number;
    /** Then one page of every authorizer, spread over the instances: how many signed, and the calls they made. */
    authorizersSigned: number;
    allCalls: PlatformCalls;
  };
}
