import { describe, expect, it } from 'vitest';
import { isWellFormedToken, newAccessToken, newTicket } from '../src/secrets.js';

describe('secrets', () => {
  it('tokens are >= 100 url-safe characters, below 512, and unique', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i += 1) {
      const token = newAccessToken();
      expect(token.length).toBeGreaterThanOrEqual(100);
      expect(token.length).toBeLessThan(512);
      expect(isWellFormedToken(token)).toBe(true);
      seen.add(token);
    }
    expect(seen.size).toBe(200);
  });

  it('tickets are 86 url-safe characters', () => {
    expect(newTicket()).toMatch(/^[A-Za-z0-9_-]{86}$/);
  });

  it.each(['', ' ', 'a b', 'a%20', 'x'.repeat(513)])('%j is malformed', (value) => {
    expect(isWellFormedToken(value)).toBe(false);
  });
});
