// WeCom's checks: wx.config against the corp jsapi ticket, wx.agentConfig against the app ticket of its agentid.
import { describe, expect, it } from 'vitest';
import { bridgeSignature, verifyAgentConfig, verifyPreVerify, type WecomTickets } from '../../src/bridge/verify.js';

const CORP = 'ww0000000000000000';
const page = 'https://corp.example.com/share?x=1';
const TICKETS = { corp: 'corp-ticket', app2: 'app-ticket-1000002', app3: 'app-ticket-1000003' };
const wecomTickets: WecomTickets = (kind, corpId, agentId) => {
  if (corpId !== CORP) return [];
  if (kind === 'corp') return [TICKETS.corp];
  if (agentId === '1000002') return [TICKETS.app2];
  if (agentId === '1000003') return [TICKETS.app3];
  return agentId === undefined ? [TICKETS.app2, TICKETS.app3] : [];
};
const options = { tickets: () => [], wecomTickets };
const sign = (ticket: string, url = page) => bridgeSignature(ticket, 'nonce', '1700000000', url);

const config = (ticket: string, overrides = {}) => ({
  container: 'wecom',
  appId: CORP,
  verifyTimestamp: '1700000000',
  verifyNonceStr: 'nonce',
  verifySignature: sign(ticket),
  url: page,
  ...overrides,
});
const agentConfig = (ticket: string, agentid: string | number = '1000002', overrides = {}) => ({
  corpid: CORP,
  agentid,
  timestamp: '1700000000',
  nonceStr: 'nonce',
  signature: sign(ticket),
  url: page,
  ...overrides,
});

describe('WeCom wx.config', () => {
  it('is verified against the corp jsapi ticket', () => {
    expect(verifyPreVerify(config(TICKETS.corp), options)).toEqual({ err_msg: 'preVerifyJSAPI:ok', reason: `signature valid for ${page}` });
  });

  it('names the mistake when it is signed with an app (agent_config) ticket', () => {
    const answer = verifyPreVerify(config(TICKETS.app2), options);
    expect(answer.err_msg).toBe('preVerifyJSAPI:fail_invalid signature');
    expect(answer.reason).toMatch(/app \(agent_config\) ticket: wx\.config needs the corp ticket/);
  });

  it('refuses a corp the emulator does not know, and a WeChat page with the corp signature', () => {
    expect(verifyPreVerify(config(TICKETS.corp, { appId: 'ww9999' }), options).reason).toMatch(/corpId ww9999 is not a corp/);
    // Without container 'wecom' the appId is looked up among official accounts.
    expect(verifyPreVerify(config(TICKETS.corp, { container: undefined }), options).err_msg).toBe('preVerifyJSAPI:fail_invalid signature');
  });
});

describe('WeCom wx.agentConfig', () => {
  it('is verified against the app ticket of its agentid (a number is taken as its digits)', () => {
    expect(verifyAgentConfig(agentConfig(TICKETS.app2), options)).toEqual({ err_msg: 'agentConfig:ok', reason: `signature valid for ${page}` });
    expect(verifyAgentConfig(agentConfig(TICKETS.app3, 1000003), options).err_msg).toBe('agentConfig:ok');
  });

  it.each([
    ['the corp ticket', TICKETS.corp],
    ["another app's ticket", TICKETS.app3],
  ])('names the mistake when it is signed with %s', (_, ticket) => {
    const answer = verifyAgentConfig(agentConfig(ticket), options);
    expect(answer.err_msg).toBe('agentConfig:fail_invalid signature');
    expect(answer.reason).toMatch(/needs the agent_config ticket of app 1000002/);
  });

  it('explains a signature for another url the page had, and an unknown app', () => {
    const other = 'https://corp.example.com/share';
    const answer = verifyAgentConfig(agentConfig(TICKETS.app2, '1000002', { signature: sign(TICKETS.app2, other), otherUrls: [other] }), options);
    expect(answer).toEqual({ err_msg: 'agentConfig:fail_invalid signature', reason: `the signature is valid for ${other}, but WeCom verifies ${page}` });
    expect(verifyAgentConfig(agentConfig('no-such-ticket', '1000009'), options).reason).toMatch(/agentid 1000009 of corp .* is not an app/);
  });

  it('answers agentConfig:fail when a field is missing, and checks the trusted domains first', () => {
    expect(verifyAgentConfig(agentConfig(TICKETS.app2, '', { signature: '' }), options)).toEqual({
      err_msg: 'agentConfig:fail',
      reason: 'wx.agentConfig is missing agentid, signature',
    });
    expect(verifyAgentConfig(agentConfig(TICKETS.app2), { ...options, safeDomains: ['other.example.com'] }).err_msg).toBe(
      'agentConfig:fail_invalid url domain',
    );
  });

  it('never puts a ticket in its answer', () => {
    for (const ticket of Object.values(TICKETS)) {
      const text = JSON.stringify([verifyAgentConfig(agentConfig(ticket), options), verifyPreVerify(config(ticket), options)]);
      for (const secret of Object.values(TICKETS)) expect(text).not.toContain(secret);
    }
  });
});
