// Drives HTTP load with autocannon's programmatic API, from the runner process, against one fixture.
import autocannon from 'autocannon';

export interface LoadResult {
  /** Mean requests per second (autocannon's per-second samples). */
  rps: number;
  /** Latency percentiles of 2xx answers, ms. */
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
}

export interface LoadOptions {
  connections: number;
  /** Stop after this long, s. */
  seconds?: number;
  /** Stop after this many requests (takes precedence over seconds). */
  amount?: number;
  /** A request that gets no answer within this is counted as a timeout, s. Defaults to 10. */
  timeoutSeconds?: number;
}

/** Sends GET requests to `base`, cycling through `paths` (one path: that path every time). */
export async function load(base: string, paths: readonly string[], options: LoadOptions): Promise<LoadResult> {
  const first = paths[0];
  if (first === undefined) throw new Error('load() needs at least one path');
  let next = 0;
  const rotate: autocannon.Request = {
    method: 'GET',
    setupRequest: (request) => {
      request.path = paths[next] ?? first;
      next = (next + 1) % paths.length;
      return request;
    },
  };
  const result = await autocannon({
    url: paths.length === 1 ? base + first : base,
    connections: options.connections,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.seconds ?? 5 }),
    timeout: options.timeoutSeconds ?? 10,
    ...(paths.length === 1 ? {} : { requests: [rotate] }),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
  };
}
