import { describe, expect, it } from 'vitest';
import { jsapiSignature } from '../src/signature.js';

describe('jsapiSignature', () => {
  it('matches the official vector from JS-SDK appendix 1', () => {
    expect(
      jsapiSignature({
        ticket: 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg',
        nonceStr: 'Wm3WZYTPz0wzccnW',
        timestamp: 1414587457,
        url: 'http://mp.weixin.qq.com?params=value',
      }),
    ).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
  });
});

describe('jsapiSignature on any input', () => {
  it('is the sha1 of the fields in order, whichever hash function Node offers', async () => {
    const { createHash } = await import('node:crypto');
    const input = { ticket: 't'.repeat(86), nonceStr: 'abcDEF0123456789', timestamp: 1700000000, url: 'https://例子.com/p?q=你好&x=%20' };
    const plain = `jsapi_ticket=${input.ticket}&noncestr=${input.nonceStr}&timestamp=${input.timestamp}&url=${input.url}`;
    expect(jsapiSignature(input)).toBe(createHash('sha1').update(plain).digest('hex'));
  });
});
