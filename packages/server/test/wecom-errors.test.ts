// WeCom errcodes: the class of each (retry, refetch the token once, configuration, quota) and the hint a person gets.
import { describe, expect, it } from 'vitest';
import { classifyErrcode, errcodeHint } from '../src/wechat-errors.js';
import { classifyWecomErrcode, wecomErrcodeHint } from '../src/wecom-errors.js';

const TICKET_CALLS = ['wecom_ticket', 'wecom_agent_ticket'] as const;

describe('classifyWecomErrcode', () => {
  it('calls -1 transient from every WeCom endpoint', () => {
    for (const endpoint of ['wecom_token', ...TICKET_CALLS] as const) expect(classifyWecomErrcode(-1, endpoint)).toBe('transient');
  });

  it.each([40014, 42001])('calls %i from a ticket call a stale token (refetch once)', (code) => {
    for (const endpoint of TICKET_CALLS) expect(classifyWecomErrcode(code, endpoint)).toBe('token_stale');
  });

  it('calls 40001 (invalid secret) from gettoken configuration, never a stale token', () => {
    expect(classifyWecomErrcode(40001, 'wecom_token')).toBe('configuration');
    expect(classifyWecomErrcode(40014, 'wecom_token')).toBe('configuration');
  });

  it.each([40001, 40013, 40056, 40091, 41001, 41002, 41004, 48002, 60020])('calls %i configuration', (code) => {
    expect(classifyWecomErrcode(code, 'wecom_token')).toBe('configuration');
  });

  it.each([45009, 45033])('calls %i quota', (code) => {
    expect(classifyWecomErrcode(code, 'wecom_ticket')).toBe('quota');
  });

  it('is what classifyErrcode answers for WeCom endpoints, whose 40001 differs from WeChat ticket calls', () => {
    expect(classifyErrcode(40001, 'ticket')).toBe('token_stale');
    expect(classifyErrcode(40001, 'wecom_ticket')).toBe('configuration');
    expect(classifyErrcode(42001, 'wecom_agent_ticket')).toBe('token_stale');
  });
});

describe('wecomErrcodeHint', () => {
  it.each([
    [40001, 'wecom_token', /corpSecret is wrong.*WECOM_CORP_SECRET/],
    [40013, 'wecom_token', /corpId is not valid.*WECOM_CORP_ID/],
    [42001, 'wecom_ticket', /refused a freshly fetched access_token/],
    [48002, 'wecom_agent_ticket', /API permissions/],
    [60020, 'wecom_ticket', /trusted IPs/],
    [99999, 'wecom_ticket', /document\/path\/90313/],
  ] as const)('explains %i', (code, endpoint, hint) => {
    expect(wecomErrcodeHint(code, '', endpoint)).toMatch(hint);
    expect(errcodeHint(code, '', endpoint)).toBe(wecomErrcodeHint(code, '', endpoint));
  });

  it("names the egress IP of a 60020 when WeCom's errmsg carries it", () => {
    const errmsg = 'not allow to access from your ip, hint: [1695], from ip: 203.0.113.7, more info at https://open.work.weixin.qq.com/devtool/query?e=60020';
    expect(wecomErrcodeHint(60020, errmsg, 'wecom_ticket')).toMatch(/add egress IP 203\.0\.113\.7 to the app's trusted IPs/);
  });
});
