// Random nonceStr values for wx.config: 16 alphanumeric characters from crypto random bytes, without modulo bias.
import { randomFillSync } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LIMIT = 256 - (256 % ALPHABET.length); // bytes at or above it would favour the first characters
export const NONCE_LENGTH = 16;

// One randomFillSync per 4 KB instead of one randomBytes per nonce: it was the most expensive step of a signature.
const pool = Buffer.alloc(4096);
let offset = pool.length;

function randomByte(): number {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  return pool[offset++]!;
}

export function nonceStr(): string {
  let nonce = '';
  while (nonce.length < NONCE_LENGTH) {
    const byte = randomByte();
    if (byte < LIMIT) nonce += ALPHABET[byte % ALPHABET.length];
  }
  return nonce;
}
