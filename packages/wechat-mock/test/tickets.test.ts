import { describe, expect, it } from 'vitest';
import { TicketRegistry } from '../src/tickets.js';
import { fakeClock } from './helpers.js';

describe('TicketRegistry', () => {
  it('a new ticket per issue, each valid until its own expiry, listed per account', () => {
    const clock = fakeClock();
    const tickets = new TicketRegistry(1000, clock.now);
    const a = tickets.issue('wxa');
    clock.advance(500);
    const b = tickets.issue('wxb');
    expect(a.value).not.toBe(b.value);
    expect(tickets.valid().sort()).toEqual([a.value, b.value].sort());
    expect(tickets.valid('wxa')).toEqual([a.value]);
    clock.advance(500);
    expect(tickets.valid()).toEqual([b.value]);
  });
});
