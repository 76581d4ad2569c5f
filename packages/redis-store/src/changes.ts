// How one instance learns that another set or deleted a key: pub/sub on a second connection, else polling.
import { randomUUID } from 'node:crypto';
import { withTimeout, type SendCommand } from './command.js';
import { commandFailed } from './errors.js';
import { dataKey, slotOwnerOf } from './keys.js';
import { subscriptionOf, type SubscriberLike, type Subscription } from './subscriber.js';

export interface ChangeFeedConfig {
  send: SendCommand;
  prefix: string;
  channel: string;
  subscriber: SubscriberLike | undefined;
  pollIntervalMs: number;
  commandTimeoutMs: number;
}

type Listener = (key: string) => void;

/** Keys whose last value this instance remembers for polling; more accounts than this are not expected. */
const MAX_WATCHED_KEYS = 10_000;

export class ChangeFeed {
  /** Tells this instance's own notices apart from the others'. */
  readonly instanceId = randomUUID();
  private readonly config: ChangeFeedConfig;
  private readonly listeners = new Set<Listener>();
  /** Last raw value this instance read or wrote per key (null: none). Polling compares against it. */
  private readonly seen = new Map<string, string | null>();
  private subscription: Subscription | undefined;
  /**
   * True while Redis has confirmed the channel subscription and the connection is up: no polling needed. Never true
   * on a cluster client, which does not tell when its pub/sub connection drops: there polling stays on as a net.
   */
  private live = false;
  private confirmed = false;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(config: ChangeFeedConfig) {
    this.config = config;
  }

  notice(key: string): string {
    return JSON.stringify({ from: this.instanceId, key });
  }

  /** Remembers what this instance last saw for a key. */
  saw(key: string, raw: string | null): void {
    this.seen.delete(key);
    this.seen.set(key, raw);
    if (this.seen.size > MAX_WATCHED_KEYS) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }

  /**
   * Adds a listener. The first one starts the feed: it resolves once Redis confirmed the subscription, or after
   * half of commandTimeoutMs with polling in place (the subscription is retried at each poll until it works). Half:
   * a caller that bounds subscribe() by the same time (as @share/server does) gets an answer before giving up.
   */
  async subscribe(listener: Listener): Promise<() => Promise<void>> {
    this.listeners.add(listener);
    if (this.listeners.size === 1) await this.start();
    return async () => {
      if (!this.listeners.delete(listener) || this.listeners.size > 0) return;
      await this.stop();
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.stop();
  }

  private async start(): Promise<void> {
    this.timer = setInterval(() => void this.tick(), this.config.pollIntervalMs);
    this.timer.unref();
    if (!this.config.subscriber) return;
    this.subscription = subscriptionOf(this.config.subscriber, this.config.channel, {
      message: (text) => this.onMessage(text),
      connection: (up) => this.onConnection(up),
    });
    await this.confirm();
  }

  private async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    const subscription = this.subscription;
    this.subscription = undefined;
    this.live = false;
    this.confirmed = false;
    if (!subscription) return;
    subscription.detach();
    // Shutting down: a Redis that does not answer has nothing left to tell us.
    await withTimeout(subscription.unsubscribe(), this.config.commandTimeoutMs, 'UNSUBSCRIBE').catch(() => undefined);
  }

  private async confirm(): Promise<void> {
    const subscription = this.subscription;
    if (!subscription) return;
    try {
      await withTimeout(
        subscription.subscribe().catch((error: unknown) => {
          throw commandFailed('SUBSCRIBE', error);
        }),
        this.config.commandTimeoutMs / 2,
        'SUBSCRIBE',
      );
      if (this.subscription !== subscription) return;
      this.confirmed = true;
      this.live = subscription.reportsDrops;
    } catch {
      // Polling covers the gap; the next tick asks again.
    }
  }

  private onConnection(up: boolean): void {
    if (!up) {
      this.live = false;
      return;
    }
    if (!this.confirmed || !this.subscription?.reportsDrops) return;
    this.live = true;
    // Notices sent while the connection was down are lost: compare the stored values once.
    void this.poll();
  }

  private onMessage(text: string): void {
    let notice: { from?: unknown; key?: unknown };
    try {
      notice = JSON.parse(text) as typeof notice;
    } catch {
      return;
    }
    if (notice.from === this.instanceId || typeof notice.key !== 'string') return;
    this.emit(notice.key);
  }

  private async tick(): Promise<void> {
    if (this.live || this.listeners.size === 0) return;
    if (this.subscription && !this.confirmed) void this.confirm();
    await this.poll();
  }

  /**
   * Reads every watched key and reports those holding a value this instance has not seen. A key that vanished
   * (expired, or a restarted Redis) is not reported: the instance's own copy is still good until it expires.
   * One MGET per slot owner (an account), so that a Redis Cluster never sees a cross-slot MGET.
   */
  private async poll(): Promise<void> {
    if (this.polling || this.seen.size === 0) return;
    this.polling = true;
    try {
      await Promise.all([...this.bySlotOwner().values()].map((keys) => this.pollKeys(keys)));
    } finally {
      this.polling = false;
    }
  }

  private bySlotOwner(): Map<string, string[]> {
    const groups = new Map<string, string[]>();
    for (const key of this.seen.keys()) {
      const owner = slotOwnerOf(dataKey(this.config.prefix, key));
      const group = groups.get(owner);
      if (group) group.push(key);
      else groups.set(owner, [key]);
    }
    return groups;
  }

  private async pollKeys(keys: string[]): Promise<void> {
    try {
      const values = await this.config.send(['MGET', ...keys.map((key) => dataKey(this.config.prefix, key))]);
      if (!Array.isArray(values)) return;
      keys.forEach((key, i) => {
        const raw = values[i] == null ? null : String(values[i]);
        if (raw === null || raw === this.seen.get(key)) return;
        this.seen.set(key, raw);
        this.emit(key);
      });
    } catch {
      // Redis is down: the instance's next get/set reports it to the server, which warns. Nothing to do here.
    }
  }

  private emit(key: string): void {
    for (const listener of this.listeners) {
      try {
        listener(key);
      } catch {
        // A listener's failure is its own; the others still hear about the change.
      }
    }
  }
}
