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

describe("jsapiSignature against the peers' own test vectors", () => {
  it.each([
    [
      // binarywang/WxJava weixin-java-mp/src/test/java/me/chanjar/weixin/mp/api/WxMpJsAPITest.java
      'WxJava (url with port 23568)',
      {
        ticket: 'bxLdikRXVbTPdHSM05e5u4RbEYQn7pNQMPrfzl8lJNb1foLDa3HIwI3BRMkQmSO_5F64VFa75uURcq6Uz7QHgA',
        nonceStr: '82693e11-b9bc-448e-892f-f5289f46cd0f',
        timestamp: 1419835025,
        url: 'http://omstest.vmall.com:23568/thirdparty/wechat/vcode/gotoshare?quantity=1&batchName=MATE7',
      },
      'c6f04b64d6351d197b71bd23fb7dd2d44c0db486',
    ],
    [
      // w7corp/easywechat tests/OfficialAccount/JsApiTicketTest.php, test_config_signature
      'EasyWeChat (https://www.easywechat.com/)',
      { ticket: 'mock-ticket', nonceStr: 'mock-nonce', timestamp: 1601234567, url: 'https://www.easywechat.com/' },
      '22772d2fb393ab9f7f6a5a54168a566fbf1ab767',
    ],
    [
      // JeffreySu/WeiXinMPSDK src/Senparc.Weixin.MP/Senparc.Weixin.MP.Test/Helpers/JSSDK/JSSDKHelperTests.cs, GetSignatureTest
      'Senparc (https://www.baidu.com, no slash)',
      {
        ticket: 'kgt8ON7yVITDhtdwci0qefK1QvDlwsAPwMnZOO_J0MxaUpuHtIU_IltC7zs3kfNOYTHEqeIEvEXZHbS3xXNx3g',
        nonceStr: 'B7EE6F5F9AA5CD17CA1AEA43CE848496',
        timestamp: 1474350784,
        url: 'https://www.baidu.com',
      },
      '3b1b4171bcfa0f0661be9c5474002d3eb25a3368',
    ],
  ])('matches %s', (_name, input, expected) => {
    expect(jsapiSignature(input)).toBe(expected);
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
