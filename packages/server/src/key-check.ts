// The door of the key-protected routes (the token service, the analytics read route): Bearer keys compared in constant
// time, clients that keep failing slowed down (one table for every keyed route), and the rules a key list must follow.
import { createHash, timingSafeEqual } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { DEFAULTS } from './defaults.js';
import { clientKey } from './forwarded.js';
import { errorJson, type ShareAnswer } from './respond.js';

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

interface Failures {
  count: number;
  windowStart: number;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The keys of one keyed route, hashed once, and what its 401 answer says to send. */
export interface KeySet {
  readonly digests: readonly Buffer[];
  /** 'one of the token service keys' */
  readonly name: string;
}

export function keySet(keys: readonly string[], name: string): KeySet {
  return { digests: keys.map(digest), name };
}

/**
 * The door of every keyed route: one table of failed checks per client (clientKey: an IPv6 client by its /64), so
 * failures on the token service and on the read route add up. After tokenServiceMaxFailures failures within
 * tokenServiceFailureWindowMs a client gets 429 until the window ends. A request whose client is unknown ('': a
 * fetch handler given no address) is never locked out, so that one client cannot lock out the others; a key of 16+
 * random characters is not guessed by trying.
 */
export type KeyGate = (keys: KeySet, authorization: string | undefined, address: string) => ShareAnswer | undefined;

export function createKeyGate(now: () => number): KeyGate {
  const failures = new LRUCache<string, Failures>({ max: DEFAULTS.tokenServiceMaxAddresses });
  const windowMs = DEFAULTS.tokenServiceFailureWindowMs;

  /** Comparing fixed-length hashes: neither the key's length nor its first wrong character shows in the timing. */
  const matches = (digests: readonly Buffer[], presented: string): boolean => {
    const candidate = digest(presented);
    let found = false;
    for (const known of digests) found = timingSafeEqual(candidate, known) || found;
    return found;
  };

  return (keys, authorization, address) => {
    const client = clientKey(address);
    const time = now();
    let entry = client === '' ? undefined : failures.get(client);
    if (entry !== undefined && time - entry.windowStart >= windowMs) {
      failures.delete(client);
      entry = undefined;
    }
    if (entry !== undefined && entry.count >= DEFAULTS.tokenServiceMaxFailures) {
      const retryAfter = Math.max(1, Math.ceil((entry.windowStart + windowMs - time) / 1000));
      return errorJson(429, 'too_many_requests', 'too many failed key checks from this address; retry later', { 'retry-after': String(retryAfter) });
    }
    const match = /^Bearer\s+(\S{1,512})\s*$/i.exec(authorization ?? '');
    if (match !== null && matches(keys.digests, match[1]!)) return undefined;
    if (entry !== undefined) entry.count++;
    else if (client !== '') failures.set(client, { count: 1, windowStart: time });
    return errorJson(401, 'unauthorized', `send Authorization: Bearer <${keys.name}>`, { 'www-authenticate': 'Bearer' });
  };
}
