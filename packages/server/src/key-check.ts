// The token service's door: Bearer keys compared in constant time, and addresses that keep failing slowed down.
import { createHash, timingSafeEqual } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { DEFAULTS } from './defaults.js';

export type KeyVerdict = { ok: true } | { ok: false; retryAfterSeconds?: number };

interface Failures {
  count: number;
  windowStart: number;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

export function createKeyCheck(keys: readonly string[], now: () => number) {
  const digests = keys.map(digest);
  const failures = new LRUCache<string, Failures>({ max: DEFAULTS.tokenServiceMaxAddresses });
  const windowMs = DEFAULTS.tokenServiceFailureWindowMs;

  /** Comparing fixed-length hashes: neither the key's length nor its first wrong character shows in the timing. */
  const matches = (presented: string): boolean => {
    const candidate = digest(presented);
    let found = false;
    for (const known of digests) found = timingSafeEqual(candidate, known) || found;
    return found;
  };

  return (authorization: string | undefined, address: string): KeyVerdict => {
    const time = now();
    let entry = failures.get(address);
    if (entry !== undefined && time - entry.windowStart >= windowMs) {
      failures.delete(address);
      entry = undefined;
    }
    if (entry !== undefined && entry.count >= DEFAULTS.tokenServiceMaxFailures) {
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((entry.windowStart + windowMs - time) / 1000)) };
    }
    const match = /^Bearer\s+(\S{1,512})\s*$/i.exec(authorization ?? '');
    if (match !== null && matches(match[1]!)) return { ok: true };
    if (entry === undefined) failures.set(address, { count: 1, windowStart: time });
    else entry.count++;
    return { ok: false };
  };
}
