// The platform's push crypto: known answers from Tencent's samples, every decryption check, constant-time signatures.
import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ComponentPushError, decrypt, encrypt, messageSignature, verifySignature } from '../../src/component/crypto.js';

// Tencent's WXBizMsgCrypt samples (the Python Sample.py and the Java WXBizMsgCryptTest published with them).
const SAMPLE_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const SAMPLE_ENCRYPT = 'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=';
const SAMPLE = { token: 'spamtest', timestamp: '1409735669', nonce: '1320562132', encrypt: SAMPLE_ENCRYPT };
const APPID = 'wxc000000000000000';

/** Raw AES-256-CBC of already padded bytes with WeChat's key and iv, to forge malformed plaintexts. */
function rawEncrypt(aesKey: string, plain: Buffer): string {
  const key = Buffer.from(`${aesKey}=`, 'base64');
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

function frame(message: string, appId: string, length = Buffer.byteLength(message)): Buffer {
  const header = Buffer.alloc(20);
  header.writeUInt32BE(length, 16);
  return Buffer.concat([header, Buffer.from(message), Buffer.from(appId)]);
}

const pkcs7 = (plain: Buffer) => {
  const pad = 32 - (plain.length % 32);
  return Buffer.concat([plain, Buffer.alloc(pad, pad)]);
};

function errorOf(run: () => unknown): ComponentPushError {
  try {
    run();
  } catch (error) {
    if (error instanceof ComponentPushError) return error;
    throw error;
  }
  throw new Error('expected a ComponentPushError');
}

describe('known answers', () => {
  it('decrypts Tencent\'s sample message for wx2c2769f8efd9abc2 and verifies its msg_signature', () => {
    const xml = decrypt(SAMPLE_KEY, SAMPLE_ENCRYPT, 'wx2c2769f8efd9abc2');
    expect(xml).toContain('<Content><![CDATA[abcdteT]]></Content>');
    expect(xml).toMatch(/^<xml>[\s\S]*<\/xml>$/);
    expect(verifySignature({ ...SAMPLE, signature: '5d197aaffba7e9b25a30732f161a50dee96bd5fa' })).toBe(true);
    expect(messageSignature(SAMPLE.token, SAMPLE.timestamp, SAMPLE.nonce, SAMPLE.encrypt)).toBe('5d197aaffba7e9b25a30732f161a50dee96bd5fa');
  });

  it('encrypts Tencent\'s Java sample exactly (random aaaabbbbccccdddd)', () => {
    const encrypted = encrypt(SAMPLE_KEY, '我是中文abcd123', 'wxb11529c136998cb6', Buffer.from('aaaabbbbccccdddd'));
    expect(encrypted).toBe('jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==');
    expect(decrypt(SAMPLE_KEY, encrypted, 'wxb11529c136998cb6')).toBe('我是中文abcd123');
  });
});

describe('verifySignature', () => {
  it('refuses a tampered signature, a tampered field, another length, uppercase hex and non-strings', () => {
    const good = '5d197aaffba7e9b25a30732f161a50dee96bd5fa';
    expect(verifySignature({ ...SAMPLE, signature: `${good.slice(0, 39)}b` })).toBe(false);
    expect(verifySignature({ ...SAMPLE, nonce: '1320562133', signature: good })).toBe(false);
    expect(verifySignature({ ...SAMPLE, encrypt: `${SAMPLE_ENCRYPT.slice(1)}`, signature: good })).toBe(false);
    expect(verifySignature({ ...SAMPLE, signature: good.slice(0, 20) })).toBe(false);
    expect(verifySignature({ ...SAMPLE, signature: `${good}00` })).toBe(false);
    expect(verifySignature({ ...SAMPLE, signature: good.toUpperCase() })).toBe(false);
    expect(verifySignature({ ...SAMPLE, signature: undefined as unknown as string })).toBe(false);
  });
});

describe('decrypt', () => {
  it('round trip, for any message length around the 32-byte block boundary', () => {
    for (const size of [0, 1, 11, 12, 13, 31, 32, 33, 500]) {
      const message = 'x'.repeat(size);
      expect(decrypt(SAMPLE_KEY, encrypt(SAMPLE_KEY, message, APPID), APPID)).toBe(message);
    }
  });

  it('wrong_appid when the trailing appid differs, without naming either', () => {
    const error = errorOf(() => decrypt(SAMPLE_KEY, encrypt(SAMPLE_KEY, '<xml/>', 'wxother'), APPID));
    expect(error).toMatchObject({ code: 'wrong_appid', status: 400 });
    expect(error.message).not.toContain('wxother');
  });

  it('invalid_aes_key for a key that is not 43 base64 characters; the key is never in the message', () => {
    for (const key of ['short', `${SAMPLE_KEY}A`, `${SAMPLE_KEY.slice(0, 42)}-`, 42 as unknown as string]) {
      const error = errorOf(() => decrypt(key, SAMPLE_ENCRYPT, APPID));
      expect(error.code).toBe('invalid_aes_key');
      expect(error.message).not.toContain(String(key));
    }
  });

  it('invalid_ciphertext: not base64, empty, not whole 32-byte blocks', () => {
    expect(errorOf(() => decrypt(SAMPLE_KEY, 'not base64!', APPID)).code).toBe('invalid_ciphertext');
    expect(errorOf(() => decrypt(SAMPLE_KEY, '', APPID)).code).toBe('invalid_ciphertext');
    const sixteen = Buffer.alloc(16).toString('base64');
    expect(errorOf(() => decrypt(SAMPLE_KEY, sixteen, APPID)).message).toMatch(/32-byte blocks/);
  });

  it('invalid_ciphertext for bad padding: 0, over 32, or bytes that disagree; the plaintext is never in the message', () => {
    const body = frame('<xml>secret-plaintext</xml>', APPID);
    const padded = pkcs7(body);
    const zero = Buffer.from(padded);
    zero[zero.length - 1] = 0;
    const big = Buffer.from(padded);
    big[big.length - 1] = 33;
    const disagree = Buffer.from(padded);
    const pad = disagree[disagree.length - 1]!;
    disagree[disagree.length - 2] = pad === 1 ? 1 : pad + 1;
    for (const plain of [zero, big, ...(pad > 1 ? [disagree] : [])]) {
      const error = errorOf(() => decrypt(SAMPLE_KEY, rawEncrypt(SAMPLE_KEY, plain), APPID));
      expect(error.code).toBe('invalid_ciphertext');
      expect(error.message).toMatch(/padding/);
      expect(error.message).not.toContain('secret-plaintext');
    }
    // The wrong key decrypts to garbage: refused the same way, not thrown as a crypto exception.
    const otherKey = 'A'.repeat(43);
    expect(errorOf(() => decrypt(otherKey, encrypt(SAMPLE_KEY, '<xml/>', APPID), APPID)).code).toMatch(/invalid_ciphertext|wrong_appid/);
  });

  it('invalid_ciphertext when the length field points past the end, or the frame is shorter than its header', () => {
    const tooLong = pkcs7(frame('<xml/>', APPID, 10_000));
    expect(errorOf(() => decrypt(SAMPLE_KEY, rawEncrypt(SAMPLE_KEY, tooLong), APPID)).message).toMatch(/length field/);
    const short = Buffer.concat([Buffer.alloc(10), Buffer.alloc(22, 22)]);
    expect(errorOf(() => decrypt(SAMPLE_KEY, rawEncrypt(SAMPLE_KEY, short), APPID)).message).toMatch(/too short/);
  });
});
