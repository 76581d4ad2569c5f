import { describe, expect, it } from 'vitest';
import { chooseAccount, hostServed, unrestrictedAccounts } from '../src/accounts.js';
import { resolveOptions } from '../src/options.js';

const { accounts } = resolveOptions(
  {
    accounts: [
      { appId: 'wxmp', appSecret: 'a', allowedHosts: ['example.com/mp'] },
      { appId: 'wxsite', appSecret: 'b', allowedHosts: ['example.com', 'example.org'] },
      { appId: 'wxrest', appSecret: 'c' },
    ],
  },
  {},
);

describe('chooseAccount', () => {
  it.each([
    ['https://example.com/mp/article', 'wxmp'],
    ['https://m.example.com/mp', 'wxmp'],
    ['https://example.com/mpx', 'wxsite'],
    ['https://example.com/', 'wxsite'],
    ['https://shop.example.org/', 'wxsite'],
    ['https://other.net/', 'wxrest'],
  ])('%s → %s (first match wins)', (url, appId) => {
    expect(chooseAccount(accounts, new URL(url))?.appId).toBe(appId);
  });

  it('finds none when no account covers the url', () => {
    expect(chooseAccount(accounts.slice(0, 2), new URL('https://other.net/'))).toBeUndefined();
  });
});

describe('hostServed and unrestrictedAccounts', () => {
  it('looks at hosts only', () => {
    expect(hostServed(accounts.slice(0, 1), 'example.com')).toBe(true);
    expect(hostServed(accounts.slice(0, 2), 'other.net')).toBe(false);
    expect(hostServed(accounts, 'other.net')).toBe(true);
  });

  it('lists the accounts that take any host', () => {
    expect(unrestrictedAccounts(accounts).map((a) => a.appId)).toEqual(['wxrest']);
  });
});
