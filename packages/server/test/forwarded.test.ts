// The X-Forwarded-* values: the first of Proto/Host (what pageUrl() takes), the last of For (the client's address).
import { describe, expect, it } from 'vitest';
import { clientKey, firstValue, forwardedFor } from '../src/forwarded.js';

describe('firstValue', () => {
  it('takes the first comma-separated value, trimmed; none for an empty one', () => {
    expect(firstValue(' https , http')).toBe('https');
    expect(firstValue(['a.example', 'b.example'])).toBe('a.example');
    expect(firstValue(' ,x')).toBeUndefined();
    expect(firstValue(undefined)).toBeUndefined();
    expect(firstValue(null)).toBeUndefined();
  });
});

describe('forwardedFor', () => {
  it('takes the last entry, the one the proxy in front added', () => {
    expect(forwardedFor('198.51.100.7, 203.0.113.1')).toBe('203.0.113.1');
    expect(forwardedFor('203.0.113.1')).toBe('203.0.113.1');
    expect(forwardedFor(' 2001:db8::1 ')).toBe('2001:db8::1');
    expect(forwardedFor(['198.51.100.7', '203.0.113.1'])).toBe('203.0.113.1');
  });

  it('is undefined unless that entry is a bare IP address', () => {
    for (const value of ['', 'unknown', '203.0.113.1:8080', '[2001:db8::1]', '203.0.113.1, ', 'x'.repeat(10_000), undefined, null]) {
      expect(forwardedFor(value)).toBeUndefined();
    }
  });
});

describe('clientKey', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:0:7::1', '2001:db8:0:7::/64'],
    ['2001:0db8:0000:0007:ffff:ffff:ffff:ffff', '2001:db8:0:7::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['', ''],
  ])('%j counts as %j', (address, key) => {
    expect(clientKey(address)).toBe(key);
  });
});
