// WeChat's push encryption for a third-party platform (WXBizMsgCrypt): msg_signature in constant time, AES-256-CBC.
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type ComponentPushErrorCode =
  | 'invalid_signature'
  | 'invalid_aes_key'
  | 'invalid_ciphertext'
  | 'wrong_appid'
  | 'malformed_xml'
  | 'missing_parameter'
  | 'body_too_large';

/** The answer to a refused push: 401 for a wrong msg_signature, 413 for a body over the cap, 400 for the rest. */
const STATUS: Readonly<Record<ComponentPushErrorCode, number>> = {
  invalid_signature: 401,
  body_too_large: 413,
  invalid_aes_key: 400,
  invalid_ciphertext: 400,
  wrong_appid: 400,
  malformed_xml: 400,
  missing_parameter: 400,
};

/** Why a push was refused: a stable code, the HTTP status to answer, and a message with no key, ticket or plaintext. */
export class ComponentPushError extends Error {
  readonly code: ComponentPushErrorCode;
  readonly status: number;

  constructor(code: ComponentPushErrorCode, message: string) {
    super(message);
    this.name = 'ComponentPushError';
    this.code = code;
    this.status = STATUS[code];
  }
}

/** WeChat pads to 32-byte blocks (PKCS#7 with k = 32), not AES's 16. */
const BLOCK = 32;
/** 16 random bytes, then the 4-byte big-endian length of the message. */
const HEADER = 20;
const AES_KEY = /^[A-Za-z0-9+/]{43}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const SIGNATURE = /^[0-9a-f]{40}$/;

export interface SignedPush {
  token: string;
  timestamp: string;
  nonce: string;
  /** The Encrypt element's text. */
  encrypt: string;
  /** The query's msg_signature. */
  signature: string;
}

/** sha1 of token, timestamp, nonce and encrypt sorted as strings and joined: WeChat's msg_signature, lowercase hex. */
export function messageSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}

/** True when `signature` is the msg_signature of the push; compared in constant time on equal-length buffers. */
export function verifySignature({ token, timestamp, nonce, encrypt, signature }: SignedPush): boolean {
  if (typeof signature !== 'string' || !SIGNATURE.test(signature)) return false;
  const expected = Buffer.from(messageSignature(token, timestamp, nonce, encrypt), 'utf8');
  return timingSafeEqual(expected, Buffer.from(signature, 'utf8'));
}

/** The 32-byte key of a 43-character EncodingAESKey; throws `invalid_aes_key` (without the key) otherwise. */
export function aesKeyBytes(aesKey: string): Buffer {
  if (typeof aesKey !== 'string' || !AES_KEY.test(aesKey)) {
    throw new ComponentPushError('invalid_aes_key', 'the component aesKey must be 43 characters of base64 (A-Z, a-z, 0-9, +, /)');
  }
  return Buffer.from(`${aesKey}=`, 'base64');
}

/**
 * The message inside `encrypt`, checked all the way: base64, whole 32-byte blocks, PKCS#7 padding of 1..32 bytes,
 * a length field that fits, valid UTF-8, and a trailing appid equal to `expectedAppId`. Errors never carry the key,
 * the ciphertext or the plaintext.
 */
export function decrypt(aesKey: string, encrypt: string, expectedAppId: string): string {
  const key = aesKeyBytes(aesKey);
  if (typeof encrypt !== 'string' || encrypt.length === 0 || encrypt.length % 4 !== 0 || !BASE64.test(encrypt)) {
    throw new ComponentPushError('invalid_ciphertext', 'Encrypt is not base64');
  }
  const cipherText = Buffer.from(encrypt, 'base64');
  if (cipherText.length === 0 || cipherText.length % BLOCK !== 0) {
    throw new ComponentPushError('invalid_ciphertext', `Encrypt is not a whole number of ${BLOCK}-byte blocks`);
  }
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(cipherText), decipher.final()]);
  const pad = plain[plain.length - 1]!;
  if (pad < 1 || pad > BLOCK || !plain.subarray(plain.length - pad).every((byte) => byte === pad)) {
    throw new ComponentPushError('invalid_ciphertext', 'the decrypted push has no valid PKCS#7 padding (wrong aesKey?)');
  }
  const unpadded = plain.subarray(0, plain.length - pad);
  if (unpadded.length < HEADER) throw new ComponentPushError('invalid_ciphertext', 'the decrypted push is too short');
  const length = unpadded.readUInt32BE(16);
  if (length > unpadded.length - HEADER) {
    throw new ComponentPushError('invalid_ciphertext', 'the decrypted push\'s length field exceeds its size');
  }
  const appId = unpadded.subarray(HEADER + length);
  if (!appId.equals(Buffer.from(expectedAppId, 'utf8'))) {
    throw new ComponentPushError('wrong_appid', 'the push was encrypted for another appid than the component appId');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(unpadded.subarray(HEADER, HEADER + length));
  } catch {
    throw new ComponentPushError('invalid_ciphertext', 'the decrypted push is not UTF-8');
  }
}

/** The inverse of `decrypt`, for tests and replies: `random` defaults to 16 fresh random bytes. */
export function encrypt(aesKey: string, message: string, appId: string, random: Buffer = randomBytes(16)): string {
  const key = aesKeyBytes(aesKey);
  if (random.length !== 16) throw new TypeError('encrypt: `random` must be 16 bytes');
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length, 0);
  const plain = Buffer.concat([random, length, body, Buffer.from(appId, 'utf8')]);
  const pad = BLOCK - (plain.length % BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}
