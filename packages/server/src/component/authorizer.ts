// One account that authorized the platform, as the credentials keep it: its authorizer_access_token and jsapi_ticket
// slots, kept warm like an account's, and the bounded replacement of a refused token (the same as an account's).
import type { StoredCredential } from '../stores/store.js';
import { WechatCallError } from '../wechat-api.js';
import type { FailureOwner } from '../credentials/failure-log.js';
import type { SharedCredentialDeps } from '../credentials/shared.js';
import { CredentialSlot, type FetchRequest, type SlotDeps } from '../credentials/slot.js';
import { TokenReplacement } from '../credentials/token-replacement.js';
import { forceRefreshKey } from '../credentials/account.js';
import type { WarmTarget } from '../credentials/warm.js';

export interface AuthorizerDeps {
  shared: SharedCredentialDeps;
  /** The store key prefix of the authorizer's credentials: 'component:<platform>:<authorizer>'. */
  key: string;
  /** A new authorizer_access_token from WeChat (api_authorizer_token, with its 61023 and 61003 handling). */
  fetchToken: (request: FetchRequest) => Promise<StoredCredential>;
  slotDeps: (owner: FailureOwner) => SlotDeps;
}

export class Authorizer implements WarmTarget, FailureOwner {
  readonly name: string;
  readonly upstream = 'WeChat';
  readonly token: CredentialSlot;
  readonly ticket: CredentialSlot;
  readonly replacement: TokenReplacement;

  constructor(
    readonly appId: string,
    platformAppId: string,
    private readonly deps: AuthorizerDeps,
  ) {
    this.name = `${appId} (authorizer of ${platformAppId})`;
    const { config, counters, store } = deps.shared;
    const slotDeps = deps.slotDeps(this);
    const aheadMs = config.refreshAheadMs;
    this.token = new CredentialSlot({ key: `${deps.key}:authorizer_access_token`, label: 'authorizer_access_token', aheadMs, shared: true, fetch: deps.fetchToken }, slotDeps);
    this.ticket = new CredentialSlot(
      { key: `${deps.key}:jsapi_ticket`, label: 'jsapi_ticket', aheadMs, shared: true, fetch: (r) => this.#fetchTicket(r), onLoaded: () => void counters.refreshes++ },
      slotDeps,
    );
    this.replacement = new TokenReplacement({
      slot: this.token,
      name: this.name,
      recordKey: forceRefreshKey(deps.key),
      store,
      fleet: config.store !== undefined,
      logger: config.logger,
      now: config.now,
      minFetchIntervalMs: config.minFetchIntervalMs,
      secrets: slotDeps.secrets,
      onStoreHit: slotDeps.onStoreHit,
    });
  }

  get slots(): CredentialSlot[] {
    return [this.token, this.ticket];
  }

  get ticketSlots(): CredentialSlot[] {
    return [this.ticket];
  }

  tickets(): Promise<StoredCredential> {
    return this.ticket.get();
  }

  /** The ticket held; a due renewal is started within the warm timer's budget. */
  peek(): StoredCredential | undefined {
    const held = this.ticket.peek();
    if (held && this.ticket.due()) this.deps.shared.warmth.renew(this.ticket);
    return held;
  }

  close(): void {
    for (const slot of this.slots) slot.close();
  }

  /** getticket with the authorizer's token; a refused token (40001) is replaced once, within the limit, and the call retried. */
  async #fetchTicket(request: FetchRequest): Promise<StoredCredential> {
    const { api, retry, expiry, config } = this.deps.shared;
    const call = { deadline: request.deadline, signal: request.signal, authorizer: true };
    const getticket = (token: string) => retry(() => api.ticket(token, call), request).then(expiry);
    const token = (await this.token.get()).value;
    try {
      return await getticket(token);
    } catch (err) {
      if (!(err instanceof WechatCallError) || err.errorClass !== 'token_stale') throw err;
      config.logger.warn(`${this.name}: WeChat refused the authorizer_access_token (errcode ${err.errcode}); fetching a new one once`);
      const { credential } = await this.replacement.replace(token, { force: false, reported: false });
      return getticket(credential.value);
    }
  }
}
