// The log line of a failed credential load: one per failure (a ticket failing on its token's failure is not logged
// again), saying what is still served when a background renewal failed and how long upstream is left alone.
import type { ShareError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { FailureMemory } from './failure-memory.js';
import type { CredentialSlot } from './slot.js';

export interface FailureLogDeps {
  logger: Logger;
  now: () => number;
  safetyMarginMs: number;
  /** Once aborted (closing), failures are expected and not logged. */
  closing: AbortSignal;
}

/** Whose credential failed: an account's, the third-party platform's or an authorizer's. */
export interface FailureOwner {
  readonly name: string;
  readonly slots: readonly CredentialSlot[];
  /** Who was asked: 'WeChat' or 'WeCom'. */
  readonly upstream: string;
}

export type FailureLog = (owner: FailureOwner, failure: Failure) => void;

export interface Failure {
  error: ShareError;
  cause: unknown;
  memory: FailureMemory | undefined;
  background: boolean;
}

export function createFailureLog({ logger, now, safetyMarginMs, closing }: FailureLogDeps): FailureLog {
  /** Failures already logged: a slot that depends on another (a ticket on its token) fails with the same cause. */
  const logged = new WeakSet<object>();

  /** What is still handed out while a background renewal failed: the credentials held and the time they have left. */
  function servingNote(owner: FailureOwner): string {
    const held = owner.slots.filter((slot) => slot.peek() !== undefined);
    if (held.length === 0) return 'nothing is held yet';
    const left = Math.min(...held.map((slot) => slot.held!.expiresAt)) - safetyMarginMs - now();
    return `still serving the current ${held.map((slot) => slot.spec.label).join(' and ')} (${Math.max(0, Math.round(left / 1000))} s left)`;
  }

  return function logFailure(owner: FailureOwner, { error, cause, memory, background }: Failure): void {
    if (typeof cause === 'object' && cause !== null) {
      if (logged.has(cause)) return;
      logged.add(cause);
    }
    if (error.code === 'refresh_limited' || closing.aborted) return;
    const { upstream } = owner;
    const seconds = memory ? Math.ceil(memory.ms / 1000) : 0;
    if (background) logger.warn(`${owner.name}: background refresh failed; ${servingNote(owner)}: ${error.message}`);
    if (memory?.kind === 'cooldown') logger.error(`${owner.name}: ${error.message} (not asking ${upstream} again for ${seconds} s)`);
    else if (background) return;
    else if (memory?.kind === 'outage') logger.warn(`${owner.name}: ${error.message} (next attempt in ${seconds} s, failure ${memory.failures} in a row)`);
    else logger.warn(`${owner.name}: ${error.message}`);
  };
}
