import { describe, expect, it } from 'vitest';
import { NONCE_LENGTH, nonceStr } from '../src/nonce.js';

describe('nonceStr', () => {
  it('is 16 alphanumeric characters', () => {
    expect(NONCE_LENGTH).toBe(16);
    for (let i = 0; i < 100; i++) expect(nonceStr()).toMatch(/^[A-Za-z0-9]{16}$/);
  });

  it('does not repeat and uses the whole alphabet', () => {
    const nonces = new Set(Array.from({ length: 2000 }, nonceStr));
    expect(nonces.size).toBe(2000);
    const chars = new Set([...nonces].join(''));
    expect(chars.size).toBe(62);
  });
});
