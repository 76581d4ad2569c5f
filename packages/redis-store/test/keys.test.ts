// Key layout: one hash tag per account, and the slot owner computed by Redis Cluster's rule.
import { describe, expect, it } from 'vitest';
import { dataKey, lockKey, slotOwnerOf } from '../src/keys.js';

describe('keys', () => {
  it('puts the account in braces: an account’s token, ticket and locks hash to one slot', () => {
    expect(dataKey('share:', 'wx1:access_token')).toBe('share:{wx1}:access_token');
    expect(lockKey('share:', 'wx1:jsapi_ticket')).toBe('share:lock:{wx1}:jsapi_ticket');
    const owners = ['wx1:access_token', 'wx1:jsapi_ticket'].flatMap((key) => [dataKey('share:', key), lockKey('share:', key)]).map(slotOwnerOf);
    expect(new Set(owners)).toEqual(new Set(['wx1']));
    expect(slotOwnerOf(dataKey('share:', 'wx2:access_token'))).toBe('wx2');
  });

  it("keeps a WeCom app's keys in one slot and apart from another app's and from an official account's", () => {
    const app = (agent: string) => ['access_token', 'jsapi_ticket', 'agent_config_ticket'].map((kind) => `wecom:ww1:${agent}:${kind}`);
    expect(dataKey('share:', 'wecom:ww1:1000002:agent_config_ticket')).toBe('share:{wecom:ww1:1000002}:agent_config_ticket');
    expect(new Set(app('1000002').flatMap((key) => [dataKey('share:', key), lockKey('share:', key)]).map(slotOwnerOf))).toEqual(new Set(['wecom:ww1:1000002']));
    expect(slotOwnerOf(dataKey('share:', app('1000003')[0]!))).toBe('wecom:ww1:1000003');
    expect(slotOwnerOf(dataKey('share:', 'ww1:access_token'))).toBe('ww1');
  });

  it('a key without a colon is its own account', () => {
    expect(dataKey('p:', 'solo')).toBe('p:{solo}');
  });

  it('follows Redis’ rule: the first {…} with something inside, else the whole key', () => {
    expect(slotOwnerOf('plain')).toBe('plain');
    expect(slotOwnerOf('a{}b{c}')).toBe('a{}b{c}');
    expect(slotOwnerOf('a{b}{c}')).toBe('b');
    expect(slotOwnerOf('a{b')).toBe('a{b');
    // A prefix with a tag of its own puts every key in one slot, which still keeps each account together.
    expect(slotOwnerOf(dataKey('{app}:', 'wx1:access_token'))).toBe('app');
  });
});
