// The Redis AnalyticsStore: per page-day hashes incremented by one script per day, so instances on one Redis add up.
import type { AnalyticsStore, CountIncrement, Counts, DayRange, PageDayCounts, StorageLimits } from '@share/server/analytics';
import { pageKey, pagesKey, OTHER_PAGE } from './analytics-keys.js';
import { INCREMENT_DAY_SCRIPT } from './analytics-script.js';
import { boundedCommands, sendCommandOf, type RedisClientLike, type SendCommand } from './command.js';

export interface RedisAnalyticsStoreOptions {
  /** Your ioredis or node-redis v5 client (or cluster). Give this or `sendCommand`. */
  client?: RedisClientLike;
  /** A function that sends one raw command. Give this or `client`. */
  sendCommand?: SendCommand;
  /** Prepended to every key. Defaults to `share:`. */
  prefix?: string;
  /** The longest a command may take before the write fails (and is logged once by the counter). Defaults to 1000 ms. */
  commandTimeoutMs?: number;
}

const SECONDS_PER_DAY = 86_400;
/** Increments per script call, so one batch never becomes one huge command. */
const CHUNK = 200;

export class RedisAnalyticsStore implements AnalyticsStore {
  readonly #send: SendCommand;
  readonly #prefix: string;

  constructor(options: RedisAnalyticsStoreOptions) {
    const { client, sendCommand, prefix = 'share:', commandTimeoutMs = 1000 } = options ?? {};
    if (!client === !sendCommand) throw new TypeError('RedisAnalyticsStore: pass your Redis client as `client` or a `sendCommand` function (one of them)');
    if (typeof prefix !== 'string') throw new TypeError('RedisAnalyticsStore: `prefix` must be a string');
    if (!(commandTimeoutMs > 0)) throw new TypeError('RedisAnalyticsStore: `commandTimeoutMs` must be a positive number of ms');
    this.#send = boundedCommands(client ? sendCommandOf(client) : sendCommand!, commandTimeoutMs);
    this.#prefix = prefix;
  }

  async increment(increments: readonly CountIncrement[], limits: StorageLimits): Promise<void> {
    // A day's keys live until retentionDays after its last write, the day itself included.
    const ttl = String((limits.retentionDays + 1) * SECONDS_PER_DAY);
    const byDay = new Map<string, CountIncrement[]>();
    for (const increment of increments) {
      if (increment.day < limits.oldestDay) continue;
      const list = byDay.get(increment.day) ?? [];
      list.push(increment);
      byDay.set(increment.day, list);
    }
    for (const [day, list] of byDay) {
      for (let start = 0; start < list.length; start += CHUNK) {
        const chunk = list.slice(start, start + CHUNK);
        const keys = [pagesKey(this.#prefix, day), pageKey(this.#prefix, day, OTHER_PAGE), ...chunk.map((i) => pageKey(this.#prefix, day, i.page))];
        const args = [ttl, String(limits.maxPages), ...chunk.flatMap((i) => [i.page, i.metric, String(i.by)])];
        await this.#send(['EVAL', INCREMENT_DAY_SCRIPT, String(keys.length), ...keys, ...args]);
      }
    }
  }

  async read(range: DayRange): Promise<PageDayCounts[]> {
    const rows: PageDayCounts[] = [];
    for (let day = range.from; day <= range.to; day = nextDay(day)) {
      const pages = ((await this.#send(['SMEMBERS', pagesKey(this.#prefix, day)])) as string[]).slice().sort();
      for (const page of [...pages, OTHER_PAGE]) {
        const counts = toCounts(await this.#send(['HGETALL', pageKey(this.#prefix, day, page)]));
        if (Object.keys(counts).length > 0) rows.push({ day, page, counts });
      }
    }
    return rows.sort((a, b) => (a.day === b.day ? (a.page < b.page ? -1 : a.page > b.page ? 1 : 0) : a.day < b.day ? -1 : 1));
  }
}

/** HGETALL answers a flat array (ioredis' call, node-redis' sendCommand) or an object (node-redis RESP3). */
function toCounts(reply: unknown): Counts {
  const counts: Record<string, number> = {};
  if (Array.isArray(reply)) for (let i = 0; i + 1 < reply.length; i += 2) counts[String(reply[i])] = Number(reply[i + 1]);
  else if (reply && typeof reply === 'object') for (const [k, v] of Object.entries(reply)) counts[k] = Number(v);
  return counts as Counts;
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + SECONDS_PER_DAY * 1000).toISOString().slice(0, 10);
}
