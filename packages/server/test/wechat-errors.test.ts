import { describe, expect, it } from 'vitest';
import { classifyErrcode, errcodeHint } from '../src/wechat-errors.js';

describe('classifyErrcode', () => {
  it('calls -1 transient from any endpoint', () => {
    for (const endpoint of ['token', 'stable_token', 'ticket'] as const) expect(classifyErrcode(-1, endpoint)).toBe('transient');
  });

  it.each([40001, 40014, 42001])('calls %i from getticket a stale token', (code) => {
    expect(classifyErrcode(code, 'ticket')).toBe('token_stale');
  });

  it('calls 40001 from the token calls configuration (a wrong secret)', () => {
    expect(classifyErrcode(40001, 'token')).toBe('configuration');
    expect(classifyErrcode(40001, 'stable_token')).toBe('configuration');
  });

  it.each([40002, 40013, 40125, 40164, 89501, 89503, 89506, 89507, 40243, 41001, 41002, 41004, 48001, 50002, 12345])(
    'calls %i configuration',
    (code) => {
      expect(classifyErrcode(code, 'stable_token')).toBe('configuration');
      expect(classifyErrcode(code, 'ticket')).toBe('configuration');
    },
  );

  it.each([45009, 45011])('calls %i quota', (code) => {
    expect(classifyErrcode(code, 'token')).toBe('quota');
    expect(classifyErrcode(code, 'ticket')).toBe('quota');
  });
});

describe('errcodeHint', () => {
  it('names the egress IP from the errmsg on 40164', () => {
    const hint = errcodeHint(40164, 'invalid ip 198.51.100.23 ipv6 ::ffff:198.51.100.23, not in whitelist rid: 1-2-3');
    expect(hint).toMatch(/^add this server's egress IP 198\.51\.100\.23 to the IP whitelist in the WeChat console/);
    expect(hint).toMatch(/Settings > Basic configuration/);
    expect(errcodeHint(40164, 'not in whitelist')).toMatch(/^add this server's egress IP to the IP whitelist/);
  });

  it.each([
    [40001, /AppSecret is wrong.*WX_APPSECRET/],
    [40125, /AppSecret is not valid/],
    [40013, /AppID is not valid.*WX_APPID/],
    [40243, /frozen/],
    [41002, /appId or WX_APPID/],
    [41004, /appSecret or WX_APPSECRET/],
    [45009, /daily quota/],
    [45011, /per-minute/],
    [48001, /verified official account/],
    [89503, /administrator/],
  ])('has a hint a person can act on for %i', (code, pattern) => {
    expect(errcodeHint(code)).toMatch(pattern);
  });

  it('explains a token refused twice on getticket differently from a wrong secret', () => {
    expect(errcodeHint(40001, '', 'ticket')).toMatch(/another service may be fetching classic tokens/);
  });

  it('falls back to a generic hint for unknown codes', () => {
    expect(errcodeHint(99999)).toMatch(/global return codes/);
  });
});
