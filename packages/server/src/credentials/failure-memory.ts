// How long a failure keeps upstream from being asked again: a cool-down for a configuration or quota error, a doubling
// back-off during an outage. Decides only; the owner (a CredentialSlot) keeps the result.
import { ShareError } from '../errors.js';
import { WechatCallError } from '../wechat-api.js';

export interface FailureTimings {
  errorCooldownMs: number;
  quotaCooldownMs: number;
  outageBackoffMs: number;
  outageBackoffMaxMs: number;
}

/** A failure that keeps upstream from being asked again until `until`. */
export interface FailureMemory {
  kind: 'cooldown' | 'outage';
  until: number;
  /** Transient failures in a row (an outage); while it lasts each new attempt is a single probe without retries. */
  failures: number;
  /** What was thrown, as it was: a slot depending on this one remembers the same failure from it. */
  cause: unknown;
  /** The answer it earns, without a secret. */
  error: ShareError;
  /** How long upstream is left alone, ms. */
  ms: number;
}

/** What to remember of `cause` (whose answer is `error`), given what was remembered before; undefined: nothing. */
export function remember(
  cause: unknown,
  error: ShareError,
  previous: FailureMemory | undefined,
  { now, closing, timings }: { now: number; closing: boolean; timings: FailureTimings },
): FailureMemory | undefined {
  const cls = cause instanceof WechatCallError ? cause.errorClass : 'transient';
  if (cls !== 'transient' && error.code === 'wechat_error') {
    const ms = cls === 'quota' ? timings.quotaCooldownMs : timings.errorCooldownMs;
    return { kind: 'cooldown', until: now + ms, failures: 0, cause, error, ms };
  }
  if (error.code === 'wechat_unavailable' && !closing) {
    const failures = (previous?.kind === 'outage' ? previous.failures : 0) + 1;
    const ms = Math.min(timings.outageBackoffMs * 2 ** (failures - 1), timings.outageBackoffMaxMs);
    return { kind: 'outage', until: now + ms, failures, cause, error, ms };
  }
  return undefined;
}

/** The error a request gets while a remembered failure lasts: an outage's carries the seconds left as Retry-After. */
export function rememberedError(memory: FailureMemory, now: number): ShareError {
  if (memory.kind === 'cooldown') return memory.error;
  const seconds = Math.max(1, Math.ceil((memory.until - now) / 1000));
  const { message, errcode } = memory.error;
  return new ShareError('wechat_unavailable', 503, `${message} (WeChat is not asked again for ${seconds} s)`, errcode, seconds);
}
