// Which accounts authorized the platform, each with its refresh token: durable store records (a restart or a cache
// flush never makes a brand authorize again), completed from api_get_authorizer_list at most once a minute, or at once
// when WeChat refused a refresh token (61023).
import type { GuardedStore } from '../guarded-store.js';
import type { AuthorizerPage } from '../wechat-api.js';

/** The authorizer list is read at most this often to learn of an appid not known yet, ms (injected clock). */
export const AUTHORIZER_LIST_INTERVAL_MS = 60_000;
/** A refresh token has no expiry; its store record is kept this long and written again whenever it changes. */
const REFRESH_TOKEN_RECORD_MS = 365 * 24 * 3600_000;
/** api_get_authorizer_list answers at most this many per page. */
const LIST_PAGE = 500;

export interface AuthorizerRecordsDeps {
  /** The platform's key prefix in the store. */
  prefix: string;
  store: GuardedStore;
  now: () => number;
  secrets: () => string[];
  /** One page of api_get_authorizer_list. */
  readPage: (offset: number, count: number) => Promise<AuthorizerPage>;
}

export class AuthorizerRecords {
  readonly #refreshTokens = new Map<string, string>();
  #listedAt = -Infinity;
  #listing: Promise<void> | undefined;

  constructor(private readonly deps: AuthorizerRecordsDeps) {}

  /** The refresh tokens held, to blank out of messages. */
  refreshTokens(): string[] {
    return [...this.#refreshTokens.values()];
  }

  /** Whether the appid authorized the platform: known here or in the store, else the list read at most once a minute. */
  async has(appId: string): Promise<boolean> {
    if ((await this.#known(appId)) !== undefined) return true;
    await this.#readList(false);
    return this.#refreshTokens.has(appId);
  }

  /** The refresh token: held, stored, else from the list; `reread`: from the list at once, whatever is held. */
  async refreshToken(appId: string, reread = false): Promise<string | undefined> {
    if (reread) this.#refreshTokens.delete(appId);
    else {
      const known = await this.#known(appId);
      if (known !== undefined) return known;
    }
    await this.#readList(reread);
    return this.#refreshTokens.get(appId);
  }

  /** Keeps a refresh token WeChat gave, here and in the store (written only when it changed). */
  async keep(appId: string, refreshToken: string): Promise<void> {
    if (this.#refreshTokens.get(appId) === refreshToken) return;
    this.#refreshTokens.set(appId, refreshToken);
    const { store, now, secrets } = this.deps;
    await store.set(this.#key(appId), { value: refreshToken, expiresAt: now() + REFRESH_TOKEN_RECORD_MS }, secrets());
  }

  /** The account withdrew: its refresh token goes, here and in the store. */
  async forget(appId: string): Promise<void> {
    this.#refreshTokens.delete(appId);
    await this.deps.store.delete(this.#key(appId), undefined, this.deps.secrets());
  }

  #key(appId: string): string {
    return `${this.deps.prefix}:${appId}:authorizer_refresh_token`;
  }

  async #known(appId: string): Promise<string | undefined> {
    const held = this.#refreshTokens.get(appId);
    if (held !== undefined) return held;
    const stored = await this.deps.store.get(this.#key(appId), this.deps.secrets(), REFRESH_TOKEN_RECORD_MS);
    if (stored === undefined) return undefined;
    this.#refreshTokens.set(appId, stored.value);
    return stored.value;
  }

  /** Reads every page, at most once a minute unless `force`; coalesced. */
  #readList(force: boolean): Promise<void> {
    if (this.#listing) return this.#listing;
    if (!force && this.deps.now() - this.#listedAt < AUTHORIZER_LIST_INTERVAL_MS) return Promise.resolve();
    const listing = (async () => {
      this.#listedAt = this.deps.now();
      for (let offset = 0; ; offset += LIST_PAGE) {
        const page = await this.deps.readPage(offset, LIST_PAGE);
        for (const entry of page.list) await this.keep(entry.appId, entry.refreshToken);
        if (page.list.length < LIST_PAGE || offset + LIST_PAGE >= page.total) break;
      }
    })().finally(() => {
      this.#listing = undefined;
    });
    this.#listing = listing;
    return listing;
  }
}
