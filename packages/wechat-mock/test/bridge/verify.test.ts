import { describe, expect, it } from 'vitest';
import { bridgeSignature, verifyPreVerify, type PreVerifyRequest } from '../../src/bridge/verify.js';

const APP = 'wx0000000000000000';
const TICKET = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';
const tickets = (appId: string) => (appId === APP ? ['old-ticket', TICKET] : []);
const page = 'https://example.com/a?x=1';

function request(overrides: Partial<PreVerifyRequest> = {}): PreVerifyRequest {
  return {
    appId: APP,
    verifyTimestamp: '1414587457',
    verifyNonceStr: 'Wm3WZYTPz0wzccnW',
    verifySignature: bridgeSignature(TICKET, 'Wm3WZYTPz0wzccnW', '1414587457', page),
    url: page,
    ...overrides,
  };
}

describe('bridgeSignature', () => {
  it('matches the official vector of JS-SDK appendix 1', () => {
    expect(bridgeSignature(TICKET, 'Wm3WZYTPz0wzccnW', '1414587457', 'http://mp.weixin.qq.com?params=value')).toBe(
      '0f9de62fce790f9a083d5c99e95740ceb90c27ed',
    );
  });
});

describe('verifyPreVerify', () => {
  it('accepts a signature over any current ticket', () => {
    expect(verifyPreVerify(request(), { tickets }).err_msg).toBe('preVerifyJSAPI:ok');
    const old = bridgeSignature('old-ticket', 'n', '1', page);
    expect(
      verifyPreVerify(request({ verifyNonceStr: 'n', verifyTimestamp: 1, verifySignature: old }), { tickets }).err_msg,
    ).toBe('preVerifyJSAPI:ok');
  });

  it.each<[string, Partial<PreVerifyRequest>]>([
    ['another url', { url: 'https://example.com/a?x=2' }],
    ['another nonceStr', { verifyNonceStr: 'other' }],
    ['another timestamp', { verifyTimestamp: '1414587458' }],
    ['another account', { appId: 'wx1111111111111111' }],
    ['a stale ticket', { verifySignature: bridgeSignature('expired', 'Wm3WZYTPz0wzccnW', '1414587457', page) }],
  ])('refuses %s with invalid signature', (_name, overrides) => {
    expect(verifyPreVerify(request(overrides), { tickets }).err_msg).toBe('preVerifyJSAPI:fail_invalid signature');
  });

  it('explains a signature made for another url the page had (iOS landing url vs current url)', () => {
    const landing = 'https://example.com/app/';
    const current = 'https://example.com/app/item/2';
    const answer = verifyPreVerify(
      request({ url: landing, otherUrls: [current], verifySignature: bridgeSignature(TICKET, 'Wm3WZYTPz0wzccnW', '1414587457', current) }),
      { tickets },
    );
    expect(answer.err_msg).toBe('preVerifyJSAPI:fail_invalid signature');
    expect(answer.reason).toContain(`valid for ${current}, but WeChat verifies ${landing}`);
  });

  it('explains a signature over the url-encoded form', () => {
    const encoded = encodeURIComponent(page);
    const answer = verifyPreVerify(
      request({ verifySignature: bridgeSignature(TICKET, 'Wm3WZYTPz0wzccnW', '1414587457', encoded) }),
      { tickets },
    );
    expect(answer.reason).toContain(`valid for ${encoded}`);
  });

  it('checks the JS safe domains before the signature', () => {
    const answer = verifyPreVerify(request({ url: 'https://example.com.evil.com/a' }), { tickets, safeDomains: ['example.com'] });
    expect(answer.err_msg).toBe('preVerifyJSAPI:fail_invalid url domain');
    expect(verifyPreVerify(request(), { tickets, safeDomains: ['example.com'] }).err_msg).toBe('preVerifyJSAPI:ok');
    expect(verifyPreVerify(request(), { tickets, safeDomains: ['example.com/mp'] }).err_msg).toBe(
      'preVerifyJSAPI:fail_invalid url domain',
    );
  });

  it('refuses ports other than 80/443 only with strictPorts', () => {
    const url = 'https://example.com:8443/a';
    const signed = request({ url, verifySignature: bridgeSignature(TICKET, 'Wm3WZYTPz0wzccnW', '1414587457', url) });
    expect(verifyPreVerify(signed, { tickets }).err_msg).toBe('preVerifyJSAPI:ok');
    expect(verifyPreVerify(signed, { tickets, strictPorts: true }).err_msg).toBe('preVerifyJSAPI:fail_invalid url domain');
  });

  it('answers a bare fail (config:fail) when parameters are missing', () => {
    const answer = verifyPreVerify(request({ verifySignature: undefined, verifyNonceStr: '' }), { tickets });
    expect(answer.err_msg).toBe('preVerifyJSAPI:fail');
    expect(answer.reason).toBe('wx.config is missing nonceStr, signature');
  });

  it('never puts a ticket in its answer', () => {
    const answers = [
      verifyPreVerify(request(), { tickets }),
      verifyPreVerify(request({ url: 'https://example.com/b' }), { tickets }),
      verifyPreVerify(request({ appId: 'wx1' }), { tickets }),
    ];
    for (const answer of answers) expect(JSON.stringify(answer)).not.toMatch(/old-ticket|sM4AOVdWfPE4/);
  });
});
