// The third-party platform's own credentials: the pushed component_verify_ticket and the component_access_token made
// from it (kept warm once an authorizer is known), with the bounded replacement of a token WeChat refuses.
import type { StoredCredential } from '../stores/store.js';
import { WechatCallError } from '../wechat-api.js';
import type { FailureOwner } from '../credentials/failure-log.js';
import type { SharedCredentialDeps } from '../credentials/shared.js';
import { CredentialSlot, type FetchRequest, type SlotDeps } from '../credentials/slot.js';
import { TokenReplacement } from '../credentials/token-replacement.js';
import type { WarmTarget } from '../credentials/warm.js';
import type { ComponentConfig } from './options.js';
import { VerifyTicket } from './verify-ticket.js';

/** The verify ticket was refused: expired (61005) or unknown (61006). */
const VERIFY_TICKET_REFUSED = new Set([61005, 61006]);

export class PlatformToken implements WarmTarget, FailureOwner {
  readonly name: string;
  readonly upstream = 'WeChat';
  readonly verify: VerifyTicket;
  readonly token: CredentialSlot;
  /** Every slot of the platform: the verify ticket's, then the token's. */
  readonly allSlots: readonly CredentialSlot[];
  readonly #replacement: TokenReplacement;

  constructor(
    private readonly component: ComponentConfig,
    private readonly shared: SharedCredentialDeps,
    slotDeps: (owner: FailureOwner) => SlotDeps,
  ) {
    const { config, store } = shared;
    const prefix = `component:${component.appId}`;
    this.name = `component ${component.appId}`;
    const deps = slotDeps(this);
    this.verify = new VerifyTicket(component, shared, deps);
    this.token = new CredentialSlot(
      { key: `${prefix}:component_access_token`, label: 'component_access_token', aheadMs: config.refreshAheadMs, shared: true, fetch: (r) => this.#fetch(r) },
      deps,
    );
    this.allSlots = [this.verify.slot, this.token];
    this.#replacement = new TokenReplacement({
      slot: this.token,
      name: this.name,
      recordKey: `${prefix}:force_refresh`,
      store,
      fleet: config.store !== undefined,
      logger: config.logger,
      now: config.now,
      minFetchIntervalMs: config.minFetchIntervalMs,
      secrets: deps.secrets,
      onStoreHit: deps.onStoreHit,
    });
  }

  get slots(): CredentialSlot[] {
    return [this.token];
  }

  get ticketSlots(): CredentialSlot[] {
    return [this.token];
  }

  tickets(): Promise<StoredCredential> {
    return this.token.get();
  }

  /** Runs `work` with the component token; a refused one is replaced once (bounded like any token) and `work` retried once. */
  async withToken<T>(work: (token: string) => Promise<T>): Promise<T> {
    const token = (await this.token.get()).value;
    try {
      return await work(token);
    } catch (err) {
      if (!(err instanceof WechatCallError) || err.errorClass !== 'token_stale') throw err;
      this.shared.config.logger.warn(`${this.name}: WeChat refused the component_access_token (errcode ${err.errcode}); fetching a new one once`);
      return work((await this.#replacement.replace(token, { force: false, reported: false })).credential.value);
    }
  }

  close(): void {
    for (const slot of this.allSlots) slot.close();
  }

  /** api_component_token with the verify ticket held; a refused ticket is forgotten, so the next load waits for a push. */
  async #fetch(request: FetchRequest): Promise<StoredCredential> {
    const { api, retry, expiry } = this.shared;
    const { appId, appSecret } = this.component;
    const ticket = await this.verify.slot.get();
    try {
      return expiry(await retry(() => api.componentToken(appId, appSecret, ticket.value, { deadline: request.deadline, signal: request.signal }), request));
    } catch (err) {
      if (err instanceof WechatCallError && VERIFY_TICKET_REFUSED.has(err.errcode ?? 0)) await this.verify.refused(ticket.value);
      throw err;
    }
  }
}
