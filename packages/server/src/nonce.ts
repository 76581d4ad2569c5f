// Random nonceStr values for wx.config: 16 alphanumeric characters from crypto.randomBytes, without modulo bias.
import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LIMIT = 256 - (256 % ALPHABET.length); // bytes at or above it would favour the first characters
export const NONCE_LENGTH = 16;

export function nonceStr(): string {
  let nonce = '';
  while (nonce.length < NONCE_LENGTH) {
    for (const byte of randomBytes(NONCE_LENGTH * 2)) {
      if (byte < LIMIT) nonce += ALPHABET[byte % ALPHABET.length];
      if (nonce.length === NONCE_LENGTH) break;
    }
  }
  return nonce;
}
