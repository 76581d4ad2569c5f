// RedisStore: @share/server's credential store on Redis, so that all instances share one token and one ticket.
import { randomBytes } from 'node:crypto';
import { ChangeFeed } from './changes.js';
import { boundedCommands, type SendCommand } from './command.js';
import { dataKey, lockKey } from './keys.js';
import { resolveOptions, type RedisStoreConfig, type RedisStoreOptions } from './options.js';
import { deleteAndPublish, deleteIfValueAndPublish, releaseLock, runScript, setAndPublish } from './scripts.js';

/** The same shape as @share/server's StoredCredential (kept structural: no runtime or type dependency on it). */
export interface StoredCredential {
  value: string;
  /** When WeChat stops accepting it, in ms since the epoch. */
  expiresAt: number;
}

export class RedisStore {
  private readonly config: RedisStoreConfig;
  private readonly send: SendCommand;
  private readonly changes: ChangeFeed;

  constructor(options: RedisStoreOptions) {
    this.config = resolveOptions(options);
    this.send = boundedCommands(this.config.send, this.config.commandTimeoutMs);
    this.changes = new ChangeFeed({ ...this.config, send: this.send });
  }

  async get(key: string): Promise<StoredCredential | undefined> {
    const raw = await this.send(['GET', this.key(key)]);
    const text = raw == null ? null : String(raw);
    this.changes.saw(key, text);
    return text === null ? undefined : this.parse(text);
  }

  /** Stores the credential until its expiresAt (Redis drops it then) and tells the other instances. */
  async set(key: string, credential: StoredCredential): Promise<void> {
    const { value, expiresAt } = credential;
    if (typeof value !== 'string' || value === '' || typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) {
      throw new TypeError('RedisStore.set: expected { value: non-empty string, expiresAt: ms since the epoch }');
    }
    const ttlMs = Math.ceil(expiresAt - this.config.now());
    if (ttlMs <= 0) return;
    const json = JSON.stringify({ value, expiresAt });
    await runScript(this.send, setAndPublish, [this.key(key)], [json, String(ttlMs), this.config.channel, this.changes.notice(key)]);
    this.changes.saw(key, json);
  }

  /** Deletes the key; with `ifValue`, only while that value is still the stored one (compare-and-delete). */
  async delete(key: string, ifValue?: string): Promise<void> {
    const notice = this.changes.notice(key);
    if (ifValue === undefined) {
      await runScript(this.send, deleteAndPublish, [this.key(key)], [this.config.channel, notice]);
    } else {
      await runScript(this.send, deleteIfValueAndPublish, [this.key(key)], [ifValue, this.config.channel, notice]);
    }
    this.changes.saw(key, null);
  }

  /**
   * `SET lock NX PX ttlMs` with a random token. Resolves to a release function, or undefined while another holder
   * has the lock. Release deletes the lock only if this holder still has it: once it expired and another instance
   * took it, releasing late does nothing.
   */
  async lock(key: string, ttlMs: number): Promise<(() => Promise<void>) | undefined> {
    if (typeof ttlMs !== 'number' || !(ttlMs > 0) || !Number.isFinite(ttlMs)) {
      throw new TypeError('RedisStore.lock: ttlMs must be a positive number of ms');
    }
    const lock = lockKey(this.config.prefix, this.checked(key));
    const token = randomBytes(16).toString('hex');
    const reply = await this.send(['SET', lock, token, 'NX', 'PX', String(Math.ceil(ttlMs))]);
    if (reply !== 'OK') return undefined;
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      await runScript(this.send, releaseLock, [lock], [token]);
    };
  }

  /**
   * Calls listener with the key whenever another instance sets or deletes it: through pub/sub on `subscriber`,
   * else by polling every pollIntervalMs. Resolves to an unsubscribe function.
   */
  subscribe(listener: (key: string) => void): Promise<() => Promise<void>> {
    return this.changes.subscribe(listener);
  }

  /** Stops polling and unsubscribes. Your clients stay connected: quit them yourself. Never throws. */
  close(): Promise<void> {
    return this.changes.close();
  }

  private key(key: string): string {
    return dataKey(this.config.prefix, this.checked(key));
  }

  private checked(key: string): string {
    if (typeof key !== 'string' || key === '') throw new TypeError('RedisStore: keys are non-empty strings');
    return key;
  }

  /** A value another program wrote, or one that expired by our clock, counts as absent. */
  private parse(text: string): StoredCredential | undefined {
    let stored: unknown;
    try {
      stored = JSON.parse(text);
    } catch {
      return undefined;
    }
    const { value, expiresAt } = (stored ?? {}) as Partial<StoredCredential>;
    if (typeof value !== 'string' || value === '' || typeof expiresAt !== 'number') return undefined;
    if (expiresAt <= this.config.now()) return undefined;
    return { value, expiresAt };
  }
}

/** The same as `new RedisStore(options)`. */
export function createRedisStore(options: RedisStoreOptions): RedisStore {
  return new RedisStore(options);
}
