// WeChat's message encryption (WXBizMsgCrypt) as the platform applies it to pushes: AES-256-CBC and msg_signature.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';

/** PKCS#7 block size of WeChat's scheme: 32 bytes (not AES's 16). */
const BLOCK = 32;

/** The 32-byte AES key of a 43-character EncodingAESKey (base64 without its trailing `=`). */
export function aesKeyBytes(aesKey: string): Buffer {
  if (!/^[A-Za-z0-9+/]{43}$/.test(aesKey)) {
    throw new TypeError('wechat-mock: a component `aesKey` is 43 characters of base64 (A-Z, a-z, 0-9, + and /)');
  }
  return Buffer.from(`${aesKey}=`, 'base64');
}

/**
 * base64(AES-256-CBC(key, iv = key[0..16), 16 random bytes + 4-byte big-endian length + xml + appId, PKCS#7 to 32)).
 * `random` is for known-answer tests; it defaults to 16 fresh random bytes.
 */
export function encryptMessage(aesKey: string, xml: string, appId: string, random: Buffer = randomBytes(16)): string {
  const key = aesKeyBytes(aesKey);
  const message = Buffer.from(xml, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(message.length, 0);
  const plain = Buffer.concat([random, length, message, Buffer.from(appId, 'utf8')]);
  const pad = BLOCK - (plain.length % BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

/** msg_signature: sha1 of token, timestamp, nonce and Encrypt sorted as strings and joined, lowercase hex. */
export function messageSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}
