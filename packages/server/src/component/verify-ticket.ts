// The pushed component_verify_ticket as a slot. It is never fetched: a load reads the store's record, else asks
// WeChat to push one (api_start_push_ticket, once per process) and waits for the push until the load's deadline. A
// push is kept only when its CreateTime is later than the one held or stored. Not kept warm: WeChat pushes it.
import { ShareError } from '../errors.js';
import type { StoredCredential } from '../stores/store.js';
import type { SharedCredentialDeps } from '../credentials/shared.js';
import { CredentialSlot, type FetchRequest, type SlotDeps } from '../credentials/slot.js';
import type { ComponentConfig } from './options.js';

/** WeChat's verify ticket is valid 12 h from its push (CreateTime). */
export const VERIFY_TICKET_MS = 12 * 3600_000;

export class VerifyTicket {
  readonly slot: CredentialSlot;
  #pushAsked = false;
  readonly #waiters = new Set<(ticket: StoredCredential) => void>();

  constructor(
    private readonly component: ComponentConfig,
    private readonly shared: SharedCredentialDeps,
    private readonly slotDeps: SlotDeps,
  ) {
    const key = `component:${component.appId}:verify_ticket`;
    this.slot = new CredentialSlot({ key, label: 'component_verify_ticket', aheadMs: 0, shared: false, fetch: (r) => this.#load(r) }, slotDeps);
  }

  /** A pushed ticket: kept when later than the one held (or stored), then stored; 'ignored' otherwise. */
  async receive(ticket: string, createTime: number): Promise<'kept' | 'ignored'> {
    const { slot } = this;
    const record = { value: ticket, expiresAt: createTime * 1000 + VERIFY_TICKET_MS };
    if (!slot.usable(record)) return 'ignored';
    const held = slot.held ?? (await this.#stored());
    if (held !== undefined && held.expiresAt >= record.expiresAt) {
      slot.adopt(held);
      return 'ignored';
    }
    slot.adopt(record);
    for (const resolve of this.#waiters) resolve(record);
    this.#waiters.clear();
    await this.shared.store.set(slot.key, record, this.slotDeps.secrets());
    return 'kept';
  }

  /** WeChat refused the ticket (expired or unknown): forgotten here and in the store; the next load waits for a push. */
  async refused(value: string): Promise<void> {
    this.slot.drop(value);
    await this.shared.store.delete(this.slot.key, value, this.slotDeps.secrets());
  }

  #stored(): Promise<StoredCredential | undefined> {
    return this.shared.store.get(this.slot.key, this.slotDeps.secrets(), VERIFY_TICKET_MS);
  }

  async #load(request: FetchRequest): Promise<StoredCredential> {
    const { api, retry } = this.shared;
    const stored = await this.#stored();
    if (this.slot.usable(stored)) return stored;
    const arrived = new Promise<StoredCredential>((resolve) => this.#waiters.add(resolve));
    if (!this.#pushAsked) {
      const call = { deadline: request.deadline, signal: request.signal };
      await retry(() => api.startPushTicket(this.component.appId, this.component.appSecret, call), request);
      this.#pushAsked = true;
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ShareError('wechat_unavailable', 503, 'no component_verify_ticket yet: WeChat pushes one to POST /wx/component/events every 10 minutes; try again shortly')),
        Math.max(0, request.deadline - performance.now() - 50),
      );
    });
    try {
      return await Promise.race([arrived, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
