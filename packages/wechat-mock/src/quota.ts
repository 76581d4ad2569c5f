// Per-account daily call quotas that reset at midnight of the injected clock, China time (UTC+8) like WeChat.

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The day number, in China time, of an instant in ms since the epoch. */
export function chinaDay(ms: number): number {
  return Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS);
}

export class DailyQuota {
  private day = Number.NaN;
  private readonly used = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly now: () => number,
  ) {}

  /** Counts one use for `key` and returns true, or returns false (counting nothing) when the day's limit is reached. */
  take(key: string): boolean {
    this.roll();
    const used = this.used.get(key) ?? 0;
    if (used >= this.limit) return false;
    this.used.set(key, used + 1);
    return true;
  }

  /** Uses counted today for `key`. */
  count(key: string): number {
    this.roll();
    return this.used.get(key) ?? 0;
  }

  private roll(): void {
    const today = chinaDay(this.now());
    if (today !== this.day) {
      this.day = today;
      this.used.clear();
    }
  }
}
