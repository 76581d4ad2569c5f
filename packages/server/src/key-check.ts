// The door of the key-protected routes (the token service, the analytics read route): Bearer keys compared in constant
// time, addresses that keep failing slowed down, and the rules a configured key list must follow.
import { createHash, timingSafeEqual } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { DEFAULTS } from './defaults.js';

/**
 * The keys as given (an option's array or an env var's comma-separated list), checked: 1 to 20 strings of at least
 * 16 characters without spaces or commas. Throws a TypeError naming `where` and the key's position, never the key.
 */
export function checkKeys(keys: unknown, where: string, usage: string): string[] {
  if (!Array.isArray(keys) || keys.length === 0) throw new TypeError(`@share/server: ${where} must list at least one key; ${usage}`);
  if (keys.length > DEFAULTS.tokenServiceMaxKeys) throw new TypeError(`@share/server: ${where} lists ${keys.length} keys; at most ${DEFAULTS.tokenServiceMaxKeys}`);
  keys.forEach((key: unknown, index) => {
    if (typeof key !== 'string' || key.length < DEFAULTS.tokenServiceMinKeyLength || /[\s,]/.test(key)) {
      throw new TypeError(`@share/server: ${where}[${index}] must be a string of at least ${DEFAULTS.tokenServiceMinKeyLength} characters, without spaces or commas`);
    }
  });
  return [...(keys as string[])];
}

/** An env var's comma-separated keys. */
export function keysOfEnv(value: string): string[] {
  return value.split(',').map((key) => key.trim()).filter((key) => key !== '');
}

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
