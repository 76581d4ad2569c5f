// The event route's per-address rate limit: a fixed one-minute window per address, addresses held in a bounded LRU.
import { LRUCache } from 'lru-cache';

const WINDOW_MS = 60_000;

interface Window {
  start: number;
  count: number;
}

/** Returns undefined when the address may send one more event now, else the seconds until it may. */
export function createRateLimit(perMinute: number, maxAddresses: number, now: () => number) {
  const windows = new LRUCache<string, Window>({ max: maxAddresses });
  return (address: string): number | undefined => {
    const time = now();
    const window = windows.get(address);
    if (window === undefined || time - window.start >= WINDOW_MS) {
      windows.set(address, { start: time, count: 1 });
      return undefined;
    }
    if (window.count >= perMinute) return Math.max(1, Math.ceil((window.start + WINDOW_MS - time) / 1000));
    window.count++;
    return undefined;
  };
}
