// The per-client rate of the event route and of the views the signature route counts: a fixed one-minute window per
// client (an IPv6 client by its /64), clients held in a bounded LRU.
import { LRUCache } from 'lru-cache';
import { clientKey } from '../forwarded.js';

const WINDOW_MS = 60_000;

interface Window {
  start: number;
  count: number;
}

/** Seconds until the client may send again, or undefined when it may send one more now (and that one is counted). */
export type RateLimit = (address: string) => number | undefined;

/**
 * `perMinute` per client. Requests whose client is unknown (address '': a fetch handler given no address) share one
 * window of `unknownPerMinute`, so that one of them can never stop the rest at `perMinute`.
 */
export function createRateLimit(perMinute: number, unknownPerMinute: number, maxClients: number, now: () => number): RateLimit {
  const windows = new LRUCache<string, Window>({ max: maxClients });
  return (address) => {
    const client = clientKey(address);
    const limit = client === '' ? unknownPerMinute : perMinute;
    const time = now();
    const window = windows.get(client);
    if (window === undefined || time - window.start >= WINDOW_MS) {
      windows.set(client, { start: time, count: 1 });
      return undefined;
    }
    if (window.count >= limit) return Math.max(1, Math.ceil((window.start + WINDOW_MS - time) / 1000));
    window.count++;
    return undefined;
  };
}
