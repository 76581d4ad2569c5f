import { describe, expect, it } from 'vitest';
import { hostAllowed, parseAllowedHosts, urlAllowed } from '../src/allowed-hosts.js';

const allowed = (hosts: string[], url: string) => urlAllowed(parseAllowedHosts(hosts, 'allowedHosts'), new URL(url));

describe('allowedHosts matching', () => {
  it.each([
    ['example.com', 'https://example.com/', true],
    ['example.com', 'http://example.com/any/path?q=1', true],
    ['example.com', 'https://www.example.com/', true],
    ['example.com', 'https://a.b.example.com/', true],
    ['example.com', 'https://EXAMPLE.COM/', true],
    ['EXAMPLE.com', 'https://www.Example.Com/', true],
    ['example.com', 'https://example.com:8443/', true], // hostname only: ports are not compared
    ['example.com', 'https://example.com.evil.com/', false],
    ['example.com', 'https://evil.com/?x=example.com', false],
    ['example.com', 'https://evil.com/example.com', false],
    ['example.com', 'https://example.com@evil.com/', false],
    ['example.com', 'https://user:pass@example.com/', true],
    ['example.com', 'https://notexample.com/', false],
    ['example.com', 'https://evil-example.com/', false],
    ['example.com', 'https://com/', false],
    ['example.com/mp', 'https://example.com/mp', true],
    ['example.com/mp', 'https://example.com/mp/', true],
    ['example.com/mp', 'https://example.com/mp/page?x=1', true],
    ['example.com/mp', 'https://example.com/mp?x=1', true],
    ['example.com/mp', 'https://example.com/mpx', false],
    ['example.com/mp', 'https://example.com/', false],
    ['example.com/mp', 'https://example.com/other/mp', false],
    ['example.com/mp/', 'https://example.com/mp/page', true],
    ['example.com/mp', 'https://sub.example.com/mp/page', true],
    ['例子.com', 'https://xn--fsqu00a.com/', true],
    ['127.0.0.1', 'http://127.0.0.1:3000/', true],
  ])('%s vs %s → %s', (host, url, expected) => {
    expect(allowed([host], url)).toBe(expected);
  });

  it('matches when any entry matches', () => {
    expect(allowed(['a.example', 'b.example/mp'], 'https://b.example/mp/x')).toBe(true);
    expect(allowed(['a.example', 'b.example/mp'], 'https://b.example/x')).toBe(false);
  });

  it('compares only hosts for origins', () => {
    const rules = parseAllowedHosts(['example.com/mp'], 'allowedHosts');
    expect(hostAllowed(rules, 'www.example.com')).toBe(true);
    expect(hostAllowed(rules, 'example.com.evil.com')).toBe(false);
  });
});

describe('parseAllowedHosts', () => {
  it('normalises case and trailing slashes', () => {
    expect(parseAllowedHosts(['Example.COM', 'example.org/mp/'], 'allowedHosts')).toEqual([
      { host: 'example.com', pathPrefix: undefined },
      { host: 'example.org', pathPrefix: '/mp' },
    ]);
  });

  it.each([
    ['not an array', 'example.com', /array/],
    ['empty', [], /empty/],
    ['a number', [42], /not a host name/],
    ['blank', [' '], /not a host name/],
    ['with a scheme', ['https://example.com'], /scheme/],
    ['a wildcard', ['*.example.com'], /subdomains/],
    ['with a port', ['example.com:8080'], /port/],
    ['with userinfo', ['me@example.com'], /user/],
    ['with a query', ['example.com/?a=1'], /query/],
  ])('refuses an entry %s', (_, entries, message) => {
    expect(() => parseAllowedHosts(entries, 'allowedHosts')).toThrow(message);
  });
});
