import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT, resolveConfig, type MockOptions } from '../src/options.js';

const DEFAULTS = {
  accounts: [{ appId: 'wx0000000000000000', appSecret: 'mock-secret' }],
  now: Date.now,
  tokenTtlSeconds: 7200,
  ticketTtlSeconds: 7200,
  dailyTokenQuota: 2000,
  dailyTicketQuota: 1000,
  dailyStableTokenQuota: 500_000,
  dailyForceRefreshQuota: 20,
  forceRefreshIntervalSeconds: 30,
  allowedIps: undefined,
  wecom: {},
  component: {},
};

describe('resolveConfig', () => {
  it.each([
    ['()', undefined],
    ['{}', {}],
    ['{ x: undefined }', { tokenTtlSeconds: undefined, accounts: undefined, now: undefined }],
  ])('defaults for %s', (_name, options) => {
    expect(resolveConfig(options as MockOptions | undefined)).toEqual(DEFAULTS);
  });

  it('the default account is frozen', () => {
    expect(Object.isFrozen(DEFAULT_ACCOUNT)).toBe(true);
  });

  it('spreads given options over the defaults and does not mutate or keep them', () => {
    const account = Object.freeze({ appId: 'wxa', appSecret: 's' });
    const ips = Object.freeze(['10.0.0.1']);
    const options = Object.freeze({ accounts: Object.freeze([account]), allowedIps: ips, dailyTokenQuota: 5 });
    const config = resolveConfig(options as unknown as MockOptions);
    expect(config.accounts).toEqual([account]);
    expect(config.accounts[0]).not.toBe(account);
    expect(config.allowedIps).toEqual(['10.0.0.1']);
    expect(config.allowedIps).not.toBe(ips);
    expect(config.dailyTokenQuota).toBe(5);
    expect(config.tokenTtlSeconds).toBe(7200);
  });

  it('unknown keys throw, suggesting the right spelling', () => {
    expect(() => resolveConfig({ tokenTTLSeconds: 1 } as MockOptions)).toThrow(/did you mean `tokenTtlSeconds`/);
    expect(() => resolveConfig({ secret: 'x' } as MockOptions)).toThrow(/unknown option `secret`/);
  });

  it.each([
    [{ tokenTtlSeconds: -1 }, /tokenTtlSeconds/],
    [{ dailyTokenQuota: Number.NaN }, /dailyTokenQuota/],
    [{ ticketTtlSeconds: '7200' }, /ticketTtlSeconds/],
    [{ now: 5 }, /now/],
    [{ accounts: {} }, /accounts/],
    [{ accounts: [{ appId: 'wx' }] }, /appSecret/],
    [{ accounts: [{ appId: '', appSecret: 's' }] }, /appId/],
    [{ allowedIps: '127.0.0.1' }, /allowedIps/],
  ])('refuses %j', (options, message) => {
    expect(() => resolveConfig(options as unknown as MockOptions)).toThrow(message);
  });

  it('accepts Infinity as a quota', () => {
    expect(resolveConfig({ dailyTicketQuota: Infinity }).dailyTicketQuota).toBe(Infinity);
  });
});
