// The Redis AnalyticsStore: per page-day hashes incremented by one script per day, so instances on one Redis add up.
import type { AnalyticsStore, CountIncrement, Counts, DayRange, PageDayCounts, StorageLimits } from '@share/server/analytics';
import { pageKey, pagesKey, OTHER_PAGE } from './analytics-keys.js';
import { INCREMENT_DAY_SCRIPT, READ_PAGES_SCRIPT } from './analytics-script.js';
import { boundedCommands, sendCommandOf, type RedisClientLike, type SendCommand } from './command.js';
import { RedisStoreError } from './errors.js';

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
/** Page hashes read per script call. */
const READ_CHUNK = 500;

export class RedisAnalyticsStore implements AnalyticsStore {
  readonly #send: SendCommand;
  readonly #prefix: string;
  readonly #commandTimeoutMs: number;
  /**
   * Increment scripts Redis has not answered yet, with when each was sent (performance.now()). A client keeps a
   * timed-out command (and its arguments) queued until Redis answers it, so while one has gone unanswered past
   * commandTimeoutMs no new batch is sent: a frozen Redis holds one batch in the client's queue, never one a second.
   */
  readonly #unanswered = new Map<object, number>();

  constructor(options: RedisAnalyticsStoreOptions) {
    const { client, sendCommand, prefix = 'share:', commandTimeoutMs = 1000 } = options ?? {};
    if (!client === !sendCommand) throw new TypeError('RedisAnalyticsStore: pass your Redis client as `client` or a `sendCommand` function (one of them)');
    if (typeof prefix !== 'string') throw new TypeError('RedisAnalyticsStore: `prefix` must be a string');
    if (!(commandTimeoutMs > 0)) throw new TypeError('RedisAnalyticsStore: `commandTimeoutMs` must be a positive number of ms');
    const send = client ? sendCommandOf(client) : sendCommand!;
    this.#send = boundedCommands((args) => {
      if (args[0] !== 'EVAL' || args[1] !== INCREMENT_DAY_SCRIPT) return send(args);
      const command = {};
      this.#unanswered.set(command, performance.now());
      const reply = send(args);
      const answered = () => void this.#unanswered.delete(command);
      reply.then(answered, answered);
      return reply;
    }, commandTimeoutMs);
    this.#commandTimeoutMs = commandTimeoutMs;
    this.#prefix = prefix;
  }

  async increment(increments: readonly CountIncrement[], limits: StorageLimits): Promise<void> {
    const stuckSince = performance.now() - this.#commandTimeoutMs;
    for (const sentAt of this.#unanswered.values()) {
      if (sentAt <= stuckSince) throw new RedisStoreError('EVAL', 'timeout', 'Redis has not answered the last analytics write yet: this batch is not sent');
    }
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

  /**
   * Two rounds of commands sent at once (the client pipelines them): every day's page set, then every day's page
   * hashes by script, 500 to a call. 400 days of 1,000 pages are about 1,200 commands in 2 round trips, where one
   * command per day and page, one after the other, took 5 s for 90 days.
   */
  async read(range: DayRange): Promise<PageDayCounts[]> {
    const days: string[] = [];
    for (let day = range.from; day <= range.to; day = nextDay(day)) days.push(day);
    const pagesOfDays = await Promise.all(days.map((day) => this.#send(['SMEMBERS', pagesKey(this.#prefix, day)])));
    const reads: Array<Promise<PageDayCounts[]>> = [];
    days.forEach((day, i) => {
      const pages = [...(pagesOfDays[i] as string[]), OTHER_PAGE];
      for (let start = 0; start < pages.length; start += READ_CHUNK) reads.push(this.#readPages(day, pages.slice(start, start + READ_CHUNK)));
    });
    const rows = (await Promise.all(reads)).flat();
    return rows.sort((a, b) => (a.day === b.day ? (a.page < b.page ? -1 : a.page > b.page ? 1 : 0) : a.day < b.day ? -1 : 1));
  }

  async #readPages(day: string, pages: string[]): Promise<PageDayCounts[]> {
    const keys = pages.map((page) => pageKey(this.#prefix, day, page));
    const replies = (await this.#send(['EVAL', READ_PAGES_SCRIPT, String(keys.length), ...keys])) as unknown[];
    const rows: PageDayCounts[] = [];
    pages.forEach((page, i) => {
      const counts = toCounts(replies[i]);
      if (Object.keys(counts).length > 0) rows.push({ day, page, counts });
    });
    return rows;
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
