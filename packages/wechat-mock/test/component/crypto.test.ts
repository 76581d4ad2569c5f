// The platform's message encryption against known answers from Tencent's WXBizMsgCrypt samples.
import { describe, expect, it } from 'vitest';
import { aesKeyBytes, encryptMessage, messageSignature } from '../../src/component/crypto.js';

// Tencent's sample key and vectors, as published with WXBizMsgCrypt (the Java sample's WXBizMsgCryptTest and the
// Python Sample.py): key "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", random "aaaabbbbccccdddd".
const SAMPLE_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

describe('encryptMessage', () => {
  it('matches the Java sample: "我是中文abcd123" for wxb11529c136998cb6 with random aaaabbbbccccdddd', () => {
    const encrypted = encryptMessage(SAMPLE_KEY, '我是中文abcd123', 'wxb11529c136998cb6', Buffer.from('aaaabbbbccccdddd'));
    expect(encrypted).toBe('jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==');
  });

  it('a fresh random prefix each time: two encryptions of one message differ', () => {
    expect(encryptMessage(SAMPLE_KEY, '<xml/>', 'wx1')).not.toBe(encryptMessage(SAMPLE_KEY, '<xml/>', 'wx1'));
  });

  it('pads to 32-byte blocks (PKCS#7 with WeChat\'s block size)', () => {
    // 16 + 4 + 12 = 32 bytes of plaintext: a whole block of padding follows, so 64 bytes of ciphertext.
    expect(Buffer.from(encryptMessage(SAMPLE_KEY, '123456789012', '', Buffer.alloc(16)), 'base64')).toHaveLength(64);
  });

  it('rejects a key that is not 43 base64 characters, without echoing it', () => {
    expect(() => aesKeyBytes('short-key')).toThrow(/43 characters/);
    expect(() => aesKeyBytes(`${SAMPLE_KEY.slice(0, 42)}!`)).toThrow(/43 characters/);
    try {
      aesKeyBytes('short-key');
    } catch (error) {
      expect(String(error)).not.toContain('short-key');
    }
  });
});

describe('messageSignature', () => {
  it('matches the Python sample: token spamtest, timestamp 1409735669, nonce 1320562132', () => {
    const encrypt = 'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=';
    expect(messageSignature('spamtest', '1409735669', '1320562132', encrypt)).toBe('5d197aaffba7e9b25a30732f161a50dee96bd5fa');
  });
});
