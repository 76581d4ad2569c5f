// Keeps every owner's credentials (each account's, a third-party platform's token and each known authorizer's)
// loaded and renewed with no traffic, on one timer for all: loads what is missing with a bounded number of owners in
// flight, and starts renewals ahead of expiry at a bounded rate per second (of the injected clock), earliest expiry
// first, so that a thousand accounts loaded together never renew together. Request-path renewals take from the same
// budget.
import type { CredentialSlot } from './slot.js';

/** Whose credentials are kept warm: an account's (AccountCredentials), the platform's token, an authorizer's. */
export interface WarmTarget {
  /** Every slot renewed ahead of expiry. */
  readonly slots: readonly CredentialSlot[];
  /** The slots a request needs: when none is usable, tickets() loads them (with what they depend on). */
  readonly ticketSlots: readonly CredentialSlot[];
  tickets(): Promise<unknown>;
}

/** Owners loading at once when their credentials are missing (start-up, after an outage). */
export const WARM_LOADS_IN_FLIGHT = 8;
/** Background renewals started per second at most, whatever starts them. */
export const RENEWALS_PER_SECOND = 4;

export interface WarmDeps {
  now: () => number;
  /** How often the timer looks at every account, ms (real time, unref'ed). */
  checkEveryMs: number;
}

export interface Warmth {
  /** Starts a renewal of `slot` now if this second's budget allows; otherwise the next look will. */
  renew(slot: CredentialSlot): void;
  /** Keeps these accounts, and every target added, warm from now on: one look now, then one per checkEveryMs. */
  start(accounts: readonly WarmTarget[]): void;
  /** A target known later (an authorizer), kept warm once started; until remove(). */
  add(target: WarmTarget): void;
  remove(target: WarmTarget): void;
  /** One look at every account; settles once the work it started did (never rejects). */
  tick(): Promise<void>;
  stop(): void;
}

export function createWarmth({ now, checkEveryMs }: WarmDeps): Warmth {
  let second = -1;
  let startedThisSecond = 0;
  let accounts: readonly WarmTarget[] = [];
  const added = new Set<WarmTarget>();
  let timer: NodeJS.Timeout | undefined;
  let loadingMissing: Promise<void> | undefined;

  const takeBudget = (): boolean => {
    const s = Math.floor(now() / 1000);
    if (s !== second) {
      second = s;
      startedThisSecond = 0;
    }
    if (startedThisSecond >= RENEWALS_PER_SECOND) return false;
    startedThisSecond++;
    return true;
  };

  const renewNow = (slot: CredentialSlot): Promise<void> | undefined => (takeBudget() ? slot.renew() : undefined);

  /** Loads the accounts' tickets (with their tokens), WARM_LOADS_IN_FLIGHT accounts at a time. */
  async function loadMissing(missing: WarmTarget[]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < missing.length) await missing[next++]!.tickets().catch(() => undefined);
    };
    await Promise.all(Array.from({ length: Math.min(WARM_LOADS_IN_FLIGHT, missing.length) }, worker));
  }

  function tick(): Promise<void> {
    const t = now();
    const missing: WarmTarget[] = [];
    const due: CredentialSlot[] = [];
    for (const account of [...accounts, ...added]) {
      const ticketsHeld = account.ticketSlots.every((slot) => slot.usable(slot.held, t));
      if (!ticketsHeld) {
        if (account.ticketSlots.every((slot) => slot.due(t))) missing.push(account);
      } else {
        for (const slot of account.slots) if (slot.due(t)) due.push(slot);
      }
    }
    const work: Promise<void>[] = [];
    if (missing.length > 0 && !loadingMissing) {
      const loading = loadMissing(missing).finally(() => {
        loadingMissing = undefined;
      });
      loadingMissing = loading;
      work.push(loading);
    }
    due.sort((a, b) => (a.held?.expiresAt ?? 0) - (b.held?.expiresAt ?? 0));
    for (const slot of due) {
      const renewal = renewNow(slot);
      if (!renewal) break;
      work.push(renewal);
    }
    return Promise.all(work).then(() => undefined);
  }

  return {
    renew: (slot) => void renewNow(slot),
    start(list) {
      accounts = list;
      if (timer === undefined) {
        timer = setInterval(tick, checkEveryMs);
        timer.unref();
      }
      void tick();
    },
    add: (target) => void added.add(target),
    remove: (target) => void added.delete(target),
    tick,
    stop() {
      clearInterval(timer);
      timer = undefined;
      accounts = [];
      added.clear();
    },
  };
}
