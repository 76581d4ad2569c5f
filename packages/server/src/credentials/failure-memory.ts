// How long a failure keeps WeChat from being asked again: a cool-down for a configuration or quota error, a doubling
// back-off during an outage. Decides only; the owner (credentials.ts) keeps the result in the account's state.
import { ShareError } from '../errors.js';
import { WechatCallError } from '../wechat-api.js';

export interface Cooldown {
  until: number;
  error: ShareError;
}

/** Transient failures in a row (an outage); while > 0, each new attempt is a single probe without retries. */
export interface Outage {
  failures: number;
  until: number;
  error: ShareError;
}

export interface FailureTimings {
  errorCooldownMs: number;
  quotaCooldownMs: number;
  outageBackoffMs: number;
  outageBackoffMaxMs: number;
}

export type Remembered =
  | { kind: 'cooldown'; cooldown: Cooldown; ms: number }
  | { kind: 'outage'; outage: Outage; ms: number }
  | { kind: 'none' };

/** What to remember of `error` (converted from `cause`), given the outage so far. */
export function remember(
  cause: unknown,
  error: ShareError,
  previous: Outage | undefined,
  { now, closing, timings }: { now: number; closing: boolean; timings: FailureTimings },
): Remembered {
  const cls = cause instanceof WechatCallError ? cause.errorClass : 'transient';
  if (cls !== 'transient' && error.code === 'wechat_error') {
    const ms = cls === 'quota' ? timings.quotaCooldownMs : timings.errorCooldownMs;
    return { kind: 'cooldown', cooldown: { until: now + ms, error }, ms };
  }
  if (error.code === 'wechat_unavailable' && !closing) {
    const failures = (previous?.failures ?? 0) + 1;
    const ms = Math.min(timings.outageBackoffMs * 2 ** (failures - 1), timings.outageBackoffMaxMs);
    return { kind: 'outage', outage: { failures, until: now + ms, error }, ms };
  }
  return { kind: 'none' };
}

/** The error a request gets while the outage back-off lasts, with the seconds left as Retry-After. */
export function outageError(outage: Outage, now: number): ShareError {
  const seconds = Math.max(1, Math.ceil((outage.until - now) / 1000));
  const { message, errcode } = outage.error;
  return new ShareError('wechat_unavailable', 503, `${message} (WeChat is not asked again for ${seconds} s)`, errcode, seconds);
}
