// Work in flight behind the share instances (store calls, upstream calls), so that a simulation moves its clock only
// once the background renewals that requests started have finished: a clock that raced ahead of a renewal in flight
// would expire its token on the way and count calls a real day would not make.
import type { CredentialStore } from '@share/server';

export interface InFlight {
  /** Counts `work` as in flight until it settles; returns it. */
  track<T>(work: Promise<T>): Promise<T>;
  /** Counts one piece of work started; the function returned ends it (once, however often it is called). */
  begin(): () => void;
  readonly count: number;
  /** Resolves once nothing has been in flight for `quietChecks` checks in a row, `everyMs` apart. */
  settled(quietChecks?: number, everyMs?: number): Promise<void>;
}

export function createInFlight(): InFlight {
  let count = 0;
  const begin = () => {
    count++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      count--;
    };
  };
  return {
    begin,
    track(work) {
      const end = begin();
      return work.finally(end);
    },
    get count() {
      return count;
    },
    async settled(quietChecks = 3, everyMs = 1) {
      // Between a store call and the upstream call it leads to, nothing is counted for an event-loop turn or two:
      // several quiet checks in a row bridge that gap.
      for (let quiet = 0; quiet < quietChecks; ) {
        await new Promise((resolve) => setTimeout(resolve, everyMs));
        quiet = count === 0 ? quiet + 1 : 0;
      }
    },
  };
}

/** The store with each of its calls counted in `inFlight` while pending. */
export function trackedStore(store: CredentialStore, inFlight: InFlight): CredentialStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(target, args);
        return result instanceof Promise ? inFlight.track(result) : result;
      };
    },
  });
}
