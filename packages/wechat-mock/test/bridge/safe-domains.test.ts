import { describe, expect, it } from 'vitest';
import { inSafeDomains } from '../../src/bridge/safe-domains.js';

const cases: Array<[string, string[], boolean]> = [
  ['https://example.com/', ['example.com'], true],
  ['https://www.example.com/a', ['example.com'], true],
  ['https://EXAMPLE.com/a', ['Example.COM'], true],
  ['https://example.com:8443/a', ['example.com'], true],
  ['https://example.com.evil.com/', ['example.com'], false],
  ['https://evil.com/?x=example.com', ['example.com'], false],
  ['https://example.com@evil.com/', ['example.com'], false],
  ['https://notexample.com/', ['example.com'], false],
  ['https://example.com/mp', ['example.com/mp'], true],
  ['https://example.com/mp/page?x=1', ['example.com/mp'], true],
  ['https://example.com/mpx', ['example.com/mp'], false],
  ['https://example.com/', ['example.com/mp'], false],
  ['http://localhost:3000/static.html', ['localhost'], true],
  ['http://127.0.0.1:3000/', ['localhost', '127.0.0.1'], true],
];

describe('inSafeDomains', () => {
  it.each(cases)('%s in %j -> %s', (url, domains, expected) => {
    expect(inSafeDomains(new URL(url), domains)).toBe(expected);
  });
});
