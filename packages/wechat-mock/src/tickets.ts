// The jsapi_tickets the emulator has issued: a new one on every getticket call, each valid until its own expiry.
import { newTicket } from './secrets.js';

export interface IssuedTicket {
  value: string;
  appId: string;
  issuedAt: number;
  expiresAt: number;
}

export class TicketRegistry {
  private readonly tickets = new Map<string, IssuedTicket>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  issue(appId: string): IssuedTicket {
    const now = this.now();
    // Insertion order is expiry order (one lifetime for all), so the expired ones are at the front.
    for (const [value, ticket] of this.tickets) {
      if (ticket.expiresAt > now) break;
      this.tickets.delete(value);
    }
    const ticket: IssuedTicket = { value: newTicket(), appId, issuedAt: now, expiresAt: now + this.ttlMs };
    this.tickets.set(ticket.value, ticket);
    return ticket;
  }

  /** Values of the tickets a signature may be made with right now. */
  valid(appId?: string): string[] {
    const now = this.now();
    const result: string[] = [];
    for (const ticket of this.tickets.values()) {
      if ((appId === undefined || ticket.appId === appId) && now < ticket.expiresAt) result.push(ticket.value);
    }
    return result;
  }
}
