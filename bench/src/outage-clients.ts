// Closed-loop clients for the outage scenario: each asks one server for its page's signature, waits for the answer,
// pauses, asks again; answers are tallied per phase (outage, then recovery) until stop().
import { setTimeout as sleep } from 'node:timers/promises';
import type { AnswerTally } from './results.js';

export interface ClientsOptions {
  /** A client's pause after each answer before its next request, ms. */
  pauseMs: number;
  /** A request still unanswered after this long counts as failed, ms. */
  requestTimeoutMs: number;
}

export interface Clients {
  /** Ends the current phase: returns its tally, and counts from now on in a new one. */
  nextPhase(): AnswerTally;
  /** Ms from the current phase's start to its first 200; undefined when none comes within timeoutMs. */
  firstOk(timeoutMs: number): Promise<number | undefined>;
  /** Stops every client (requests in flight are abandoned, not counted) and returns the last phase's tally. */
  stop(): Promise<AnswerTally>;
}

export function emptyTally(): AnswerTally {
  return { ok: 0, unavailable: 0, retryAfter: 0, otherStatus: 0, failed: 0 };
}

/** One client per url, all started at once. */
export function startClients(urls: readonly string[], options: ClientsOptions): Clients {
  const stopping = new AbortController();
  let tally = emptyTally();
  let phaseStart = performance.now();
  let firstOkAt: number | undefined;
  const okWaiters = new Set<() => void>();

  const record = (answer: { status: number; retryAfter: boolean } | 'failed'): void => {
    if (answer === 'failed') tally.failed++;
    else if (answer.status === 200) {
      tally.ok++;
      if (firstOkAt === undefined) {
        firstOkAt = performance.now();
        for (const wake of okWaiters) wake();
      }
    } else if (answer.status === 503) {
      tally.unavailable++;
      if (answer.retryAfter) tally.retryAfter++;
    } else tally.otherStatus++;
  };

  const loop = async (url: string): Promise<void> => {
    while (!stopping.signal.aborted) {
      const answer = await ask(url, stopping.signal, options.requestTimeoutMs);
      if (stopping.signal.aborted) return;
      record(answer);
      await sleep(options.pauseMs, undefined, { signal: stopping.signal }).catch(() => undefined);
    }
  };
  const loops = urls.map((url) => loop(url));

  return {
    nextPhase() {
      const ended = tally;
      tally = emptyTally();
      phaseStart = performance.now();
      firstOkAt = undefined;
      return ended;
    },
    firstOk(timeoutMs) {
      const start = phaseStart;
      const elapsed = () => (firstOkAt === undefined ? undefined : firstOkAt - start);
      if (firstOkAt !== undefined) return Promise.resolve(elapsed());
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          okWaiters.delete(done);
          resolve(elapsed());
        };
        const timer = setTimeout(done, timeoutMs);
        okWaiters.add(done);
      });
    },
    async stop() {
      stopping.abort();
      await Promise.all(loops);
      return tally;
    },
  };
}

async function ask(
  url: string,
  stopping: AbortSignal,
  timeoutMs: number,
): Promise<{ status: number; retryAfter: boolean } | 'failed'> {
  try {
    const response = await fetch(url, { signal: AbortSignal.any([stopping, AbortSignal.timeout(timeoutMs)]) });
    await response.arrayBuffer();
    return { status: response.status, retryAfter: response.headers.has('retry-after') };
  } catch {
    return 'failed';
  }
}
