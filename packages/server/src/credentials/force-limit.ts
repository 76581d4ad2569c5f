// WeChat's limit on forced stable_token refreshes (20 a day per account, 30 s apart): the fleet's record of them in the
// store, and whether one more is allowed. Decides only; the owner (credentials.ts) keeps this instance's list.
import { ShareError } from '../errors.js';
import type { StoredCredential } from '../stores/store.js';

/** WeChat allows 20 forced stable_token refreshes a day per account, at least 30 s apart. */
export const FORCE_REFRESH_LIMIT = { perDay: 20, spacingMs: 30_000 } as const;
export const DAY_MS = 24 * 3600_000;

/** The moments (ms since the epoch) of the last day, oldest first, without duplicates; at most one day's limit. */
export function recentForces(moments: readonly number[], now: number): number[] {
  const recent = [...new Set(moments)].filter((at) => Number.isSafeInteger(at) && at <= now && now - at < DAY_MS);
  return recent.sort((a, b) => a - b).slice(-FORCE_REFRESH_LIMIT.perDay);
}

/** The moments a store record holds (a value written by forceRecord); anything else in it is ignored. */
export function forcesIn(record: StoredCredential | undefined, now: number): number[] {
  if (record === undefined) return [];
  const moments = record.value.split(',', FORCE_REFRESH_LIMIT.perDay * 2).map(Number);
  return recentForces(moments, now);
}

/** What the store keeps: the moments, comma-separated, until the oldest is a day old. */
export function forceRecord(moments: readonly number[]): StoredCredential {
  return { value: moments.join(','), expiresAt: (moments[0] ?? 0) + DAY_MS };
}

/**
 * The 429 refresh_limited a forced refresh now would earn, naming the reason; undefined when it is allowed.
 * `fleet`: the moments include the other instances' (read from the shared store).
 */
export function forceLimitError(appId: string, moments: readonly number[], now: number, fleet: boolean): ShareError | undefined {
  const last = moments.at(-1);
  const reasons: { waitMs: number; why: string }[] = [];
  if (last !== undefined && now - last < FORCE_REFRESH_LIMIT.spacingMs) {
    reasons.push({ waitMs: FORCE_REFRESH_LIMIT.spacingMs - (now - last), why: `the last one was ${Math.floor((now - last) / 1000)} s ago` });
  }
  if (moments.length >= FORCE_REFRESH_LIMIT.perDay) {
    reasons.push({ waitMs: moments[0]! + DAY_MS - now, why: `${moments.length} were made in the last 24 h` });
  }
  if (reasons.length === 0) return undefined;
  const waitMs = Math.max(...reasons.map((r) => r.waitMs));
  const seconds = Math.ceil(waitMs / 1000);
  const counted = fleet ? 'counted across every instance sharing the store' : 'counted by this instance';
  return new ShareError(
    'refresh_limited',
    429,
    `${appId}: WeChat allows ${FORCE_REFRESH_LIMIT.perDay} forced access_token refreshes a day, ${FORCE_REFRESH_LIMIT.spacingMs / 1000} s apart, and ${reasons.map((r) => r.why).join(' and ')} (${counted}); the token was not refreshed, try again in ${seconds} s`,
    undefined,
    seconds,
  );
}
