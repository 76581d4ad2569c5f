// The IPC messages between the runner and a fixture process.

/** A fixture's first message: it is listening on `url` ('' when it serves nothing). */
export interface FixtureReady {
  type: 'ready';
  url: string;
}

export interface FixtureRequest {
  id: number;
  type: string;
  args: Record<string, unknown>;
}

export type FixtureReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

/** What a server fixture answers to 'sign-many': RSS and heap in bytes around a loop of distinct urls. */
export interface MemoryReport {
  requested: number;
  signed: number;
  failed: number;
  /** True when the loop hit its time bound before `requested`. */
  timedOut: boolean;
  seconds: number;
  rssBefore: number;
  /** Highest RSS seen during the loop (sampled every 1024 urls) and right after it. */
  rssPeak: number;
  rssAfter: number;
  rssAfterGc: number;
  /** heapUsed: live objects (plus garbage not yet collected, before GC). */
  heapBefore: number;
  heapAfter: number;
  heapAfterGc: number;
  /** heapTotal: what V8 has reserved for its heap, used or not. */
  heapTotalBefore: number;
  heapTotalAfterGc: number;
  /** Memory of Buffers and other C++ objects tied to JavaScript objects. */
  externalBefore: number;
  externalAfterGc: number;
}

/** The emulator's upstream call counters. */
export interface UpstreamCalls {
  token: number;
  stableToken: number;
  ticket: number;
}
