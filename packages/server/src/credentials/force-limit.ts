// How often a refused access_token may be replaced: WeChat's limit on forced stable_token refreshes (20 a day per
// account, 30 s apart), and share's own bound in every other mode, so that no report loop can spend the daily quota.
// The fleet's record of replacements lives in the store. Decides only; the owner (the account's credentials) keeps
// this instance's list.
import { ShareError } from '../errors.js';
import type { StoredCredential } from '../stores/store.js';

/** WeChat allows 20 forced stable_token refreshes a day per account, at least 30 s apart. */
export const FORCE_REFRESH_LIMIT = { perDay: 20, spacingMs: 30_000 } as const;
/** Replacements a day of a classic or WeCom token: a twentieth of the smallest daily quota (2,000 classic tokens). */
export const REPLACEMENTS_PER_DAY = 100;
export const DAY_MS = 24 * 3600_000;

export interface ReplaceLimit {
  perDay: number;
  spacingMs: number;
  /** Who sets the limit, for the message: WeChat (stable_token's force_refresh) or share. */
  setBy: 'WeChat' | 'share';
}

/** The limit of a mode: WeChat's for a forced stable_token refresh, share's otherwise; never closer than minFetchIntervalMs. */
export function replaceLimit(forced: boolean, minFetchIntervalMs: number): ReplaceLimit {
  if (forced) return { perDay: FORCE_REFRESH_LIMIT.perDay, spacingMs: Math.max(FORCE_REFRESH_LIMIT.spacingMs, minFetchIntervalMs), setBy: 'WeChat' };
  return { perDay: REPLACEMENTS_PER_DAY, spacingMs: minFetchIntervalMs, setBy: 'share' };
}

/** The moments (ms since the epoch) of the last day, oldest first, without duplicates; at most `perDay` of them. */
export function recentForces(moments: readonly number[], now: number, perDay: number): number[] {
  const recent = [...new Set(moments)].filter((at) => Number.isSafeInteger(at) && at <= now && now - at < DAY_MS);
  return recent.sort((a, b) => a - b).slice(-perDay);
}

/** The moments a store record holds (a value written by forceRecord); anything else in it is ignored. */
export function forcesIn(record: StoredCredential | undefined, now: number, perDay: number): number[] {
  if (record === undefined) return [];
  const moments = record.value.split(',', perDay * 2).map(Number);
  return recentForces(moments, now, perDay);
}

/** What the store keeps: the moments, comma-separated, until the oldest is a day old. */
export function forceRecord(moments: readonly number[]): StoredCredential {
  return { value: moments.join(','), expiresAt: (moments[0] ?? 0) + DAY_MS };
}

/**
 * The 429 refresh_limited one more replacement now would earn, naming the reason; undefined when it is allowed.
 * `fleet`: the moments include the other instances' (read from the shared store).
 */
export function forceLimitError(name: string, moments: readonly number[], now: number, fleet: boolean, limit: ReplaceLimit): ShareError | undefined {
  const last = moments.at(-1);
  const reasons: { waitMs: number; why: string }[] = [];
  if (last !== undefined && now - last < limit.spacingMs) {
    reasons.push({ waitMs: limit.spacingMs - (now - last), why: `the last one was ${Math.floor((now - last) / 1000)} s ago` });
  }
  if (moments.length >= limit.perDay) {
    reasons.push({ waitMs: moments[0]! + DAY_MS - now, why: `${moments.length} were made in the last 24 h` });
  }
  if (reasons.length === 0) return undefined;
  const seconds = Math.ceil(Math.max(...reasons.map((r) => r.waitMs)) / 1000);
  const counted = fleet ? 'counted across every instance sharing the store' : 'counted by this instance';
  const what = limit.setBy === 'WeChat' ? 'forced access_token refreshes' : 'new access_tokens for a refused one';
  return new ShareError(
    'refresh_limited',
    429,
    `${name}: ${limit.setBy} allows ${limit.perDay} ${what} a day, ${limit.spacingMs / 1000} s apart, and ${reasons.map((r) => r.why).join(' and ')} (${counted}); the token was not refreshed, try again in ${seconds} s`,
    undefined,
    seconds,
  );
}
