// One account's credentials as slots: its access_token (none when a company token server owns it), its jsapi_ticket
// (a WeCom app: the corp ticket) and, for a WeCom app with an agentId, its app ticket. Says how each is fetched and
// how a refused token is replaced; the slots keep the values, the loads and the failures.
import type { GuardedStore } from '../guarded-store.js';
import type { Logger } from '../logger.js';
import type { StoredCredential } from '../stores/store.js';
import { WechatCallError, type Grant, type WechatApi } from '../wechat-api.js';
import { fetchAccessToken, forcesRefresh } from './access-token.js';
import { accountKey, accountName, agentTicketKey, forceRefreshKey, isWecom, ticketKey, tokenKey, type Account } from './account.js';
import { withDeadline } from './deadline.js';
import { rememberedError } from './failure-memory.js';
import type { QuotaNotes } from './quota-note.js';
import { CredentialSlot, type FetchRequest, type SlotDeps, type SlotTimings } from './slot.js';
import { TokenReplacement } from './token-replacement.js';

export interface Ticket {
  value: string;
  /** When WeChat stops accepting the ticket, ms since the epoch (share stops using it safetyMarginMs earlier). */
  expiresAt: number;
  /** A WeCom app's app ticket (for wx.agentConfig), when the account has an agentId; value is then the corp ticket. */
  agent?: { value: string; expiresAt: number } | undefined;
}

export interface AccessToken {
  accessToken: string;
  /** ms since the epoch, already minus share's safety margin. */
  expiresAt: number;
}

export interface RefreshedAccessToken extends AccessToken {
  /** Whether this call made WeChat issue a new token. */
  refreshed: boolean;
  /** Why no new token was fetched, when refreshed is false. */
  reason?: string | undefined;
}

/** WeChat issues a new stable token only in the last 5 minutes of the current one's life: it is renewed within them. */
export const STABLE_RENEWAL_MS = 300_000;

export interface AccountDeps {
  api: WechatApi;
  store: GuardedStore;
  /** Whether the store is shared by other instances (the replacement limit is then the fleet's). */
  fleet: boolean;
  logger: Logger;
  now: () => number;
  tokenMode: 'stable' | 'classic';
  timings: SlotTimings & { refreshAheadMs: number };
  retry: <T>(attempt: () => Promise<T>, request: FetchRequest) => Promise<T>;
  expiry: (grant: Grant) => StoredCredential;
  /** Starts a background renewal when the owner's budget allows it. */
  renew: (slot: CredentialSlot) => void;
  slotDeps: Omit<SlotDeps, 'secrets'>;
  onTicketLoaded: () => void;
  onCooldownHit: () => void;
  quotaNotes: QuotaNotes;
}

export class AccountCredentials {
  readonly name: string;
  /** Who issues the credentials, for log lines. */
  readonly upstream: 'WeChat' | 'WeCom';
  /** Undefined when a company token server owns the token (getAccessToken). */
  readonly token: CredentialSlot | undefined;
  readonly ticket: CredentialSlot;
  /** A WeCom app's app ticket (wx.agentConfig), when it has an agentId. */
  readonly agent: CredentialSlot | undefined;
  /** Replaces a refused token within the limit; none when a company token server owns the token. */
  readonly #replacement: TokenReplacement | undefined;
  #refreshing: Promise<void> | undefined;

  constructor(
    readonly account: Account,
    private readonly deps: AccountDeps,
  ) {
    this.name = accountName(account);
    this.upstream = isWecom(account) ? 'WeCom' : 'WeChat';
    const key = accountKey(account);
    const slotDeps: SlotDeps = { ...deps.slotDeps, secrets: () => this.secrets() };
    const { refreshAheadMs } = deps.timings;
    if (!account.getAccessToken) {
      // WeCom's gettoken answers the same token while it is valid (and asks not to be called often): loaded when it expires.
      const aheadMs = isWecom(account) ? 0 : deps.tokenMode === 'stable' ? Math.min(refreshAheadMs, STABLE_RENEWAL_MS) : refreshAheadMs;
      const fetch = this.#noted((request) => fetchAccessToken(deps, account, request));
      this.token = new CredentialSlot({ key: tokenKey(key), label: 'access_token', aheadMs, shared: true, fetch }, slotDeps);
      this.#replacement = new TokenReplacement({
        slot: this.token,
        name: this.name,
        recordKey: forceRefreshKey(key),
        store: deps.store,
        fleet: deps.fleet,
        logger: deps.logger,
        now: deps.now,
        minFetchIntervalMs: deps.timings.minFetchIntervalMs,
        secrets: () => this.secrets(),
        onStoreHit: deps.slotDeps.onStoreHit,
      });
    }
    const fetchTicket = (kind: 'jsapi' | 'agent') => this.#noted((request) => this.#fetchTicket(kind, request));
    this.ticket = new CredentialSlot(
      { key: ticketKey(key), label: 'jsapi_ticket', aheadMs: refreshAheadMs, shared: true, fetch: fetchTicket('jsapi'), onLoaded: deps.onTicketLoaded },
      slotDeps,
    );
    if (isWecom(account) && account.agentId !== undefined) {
      this.agent = new CredentialSlot(
        { key: agentTicketKey(key), label: 'app ticket', aheadMs: refreshAheadMs, shared: true, fetch: fetchTicket('agent') },
        slotDeps,
      );
    }
  }

  get slots(): CredentialSlot[] {
    return [this.token, this.ticket, this.agent].filter((slot): slot is CredentialSlot => slot !== undefined);
  }

  get ticketSlots(): CredentialSlot[] {
    return this.agent ? [this.ticket, this.agent] : [this.ticket];
  }

  /** Values to blank out of any message: the secret and the credentials held. */
  secrets(): string[] {
    const held = this.slots.map((slot) => slot.held?.value);
    return [this.account.appSecret, ...held].filter((s): s is string => !!s);
  }

  /** The tickets when all the account needs are usable; expiresAt is the earlier one. Due renewals are started. */
  heldTickets(): Ticket | undefined {
    const corp = this.ticket.peek();
    const agent = this.agent?.peek();
    if (!corp || (this.agent && !agent)) return undefined;
    for (const slot of this.ticketSlots) if (slot.due()) this.deps.renew(slot);
    if (!agent) return { value: corp.value, expiresAt: corp.expiresAt };
    return { value: corp.value, expiresAt: Math.min(corp.expiresAt, agent.expiresAt), agent: { value: agent.value, expiresAt: agent.expiresAt } };
  }

  /** The tickets, loaded when missing (one load however many ask); a remembered failure is thrown without a call. */
  async tickets(): Promise<Ticket> {
    const held = this.heldTickets();
    if (held) return held;
    for (const slot of this.ticketSlots) {
      const failure = slot.loading ? undefined : slot.failure();
      if (failure) {
        this.deps.onCooldownHit();
        throw rememberedError(failure, this.deps.now());
      }
    }
    const [corp, agent] = await Promise.all(this.ticketSlots.map((slot) => slot.get()));
    if (!agent) return { value: corp!.value, expiresAt: corp!.expiresAt };
    return { value: corp!.value, expiresAt: Math.min(corp!.expiresAt, agent.expiresAt), agent: { value: agent.value, expiresAt: agent.expiresAt } };
  }

  /** The access_token held (renewed in the background when due), else loaded; a company token server is asked each time. */
  async accessToken(): Promise<AccessToken> {
    if (!this.token) return this.#answer(await this.#companyToken());
    const held = this.token.peek();
    if (held) {
      if (this.token.due()) this.deps.renew(this.token);
      return this.#answer(held);
    }
    return this.#answer(await this.token.get());
  }

  /**
   * Upstream refused `rejected`. While it is the current token, a new one is fetched: once however many report it
   * (coalesced, across instances through the store lock), and at most as often as the replacement limit allows.
   * A token never handed out forces nothing. `reported`: a caller reported it (stable mode then forces WeChat);
   * otherwise a getticket call refused it.
   */
  async replaceToken(rejected: string, reported: boolean): Promise<RefreshedAccessToken> {
    if (!this.#replacement) {
      // The company's token server owns the token: ask it again, share cannot force WeChat for it.
      const value = await this.#companyToken();
      return { ...this.#answer(value), refreshed: value !== rejected };
    }
    const force = reported && forcesRefresh(this.account, this.deps.tokenMode);
    const { credential, ...outcome } = await this.#replacement.replace(rejected, { force, reported });
    return { ...this.#answer(credential), ...outcome };
  }

  /** Drops every credential (here and in the store) and its remembered failure, and loads the tickets again. */
  refresh(): Promise<void> {
    if (this.#refreshing) return this.#refreshing;
    const refreshing = (async () => {
      await Promise.all(this.slots.map((slot) => slot.settled()));
      for (const slot of this.slots) await slot.reset();
      await this.tickets();
    })().finally(() => {
      if (this.#refreshing === refreshing) this.#refreshing = undefined;
    });
    this.#refreshing = refreshing;
    return refreshing;
  }

  close(): void {
    for (const slot of this.slots) slot.close();
  }

  /** A fetch whose quota error (45009, 45011) carries WeChat's figures before it is remembered and answered. */
  #noted(fetch: (request: FetchRequest) => Promise<StoredCredential>) {
    return async (request: FetchRequest): Promise<StoredCredential> => {
      try {
        return await fetch(request);
      } catch (err) {
        await this.deps.quotaNotes.add(err, this.account, () => this.token?.peek()?.value, request.deadline);
        throw err;
      }
    };
  }

  #answer(value: StoredCredential | string): AccessToken {
    if (typeof value === 'string') return { accessToken: value, expiresAt: this.deps.now() };
    return { accessToken: value.value, expiresAt: value.expiresAt - this.deps.timings.safetyMarginMs };
  }

  #companyToken(): Promise<string> {
    const deadline = performance.now() + this.deps.timings.requestTimeoutMs;
    return withDeadline(
      Promise.resolve()
        .then(this.account.getAccessToken)
        .then((value) => {
          if (typeof value !== 'string' || value === '') throw new Error('getAccessToken did not return a string');
          return value;
        }),
      deadline,
    );
  }

  async #currentToken(): Promise<string> {
    return this.token ? (await this.token.get()).value : this.#companyToken();
  }

  async #fetchTicket(kind: 'jsapi' | 'agent', request: FetchRequest): Promise<StoredCredential> {
    const { api } = this.deps;
    const fetchOne = kind === 'agent' ? api.wecomAgentTicket : isWecom(this.account) ? api.wecomTicket : api.ticket;
    const call = { deadline: request.deadline, signal: request.signal };
    const getticket = (accessToken: string) => this.deps.retry(() => fetchOne(accessToken, call), request).then(this.deps.expiry);
    // A WeCom app's two tickets use one token: the app ticket waits for the corp ticket's load, so that a token
    // refused there is replaced before it is used here.
    if (kind === 'agent') await this.ticket.settled();
    const accessToken = await this.#currentToken();
    try {
      return await getticket(accessToken);
    } catch (err) {
      if (!(err instanceof WechatCallError) || err.errorClass !== 'token_stale') throw err;
      this.deps.logger.warn(`${this.name}: ${this.upstream} refused the access_token (errcode ${err.errcode}); fetching a new one once`);
      return getticket((await this.replaceToken(accessToken, false)).accessToken);
    }
  }
}
