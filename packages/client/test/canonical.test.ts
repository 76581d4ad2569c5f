import { describe, expect, it } from 'vitest';
import { canonical } from '../src/canonical.js';

describe('canonical', () => {
  it.each([
    // [page url, canonical url]
    ['https://a.com/p?from=singlemessage&isappinstalled=0', 'https://a.com/p'],
    ['https://a.com/p?id=1&from=groupmessage&isappinstalled=0', 'https://a.com/p?id=1'],
    ['https://a.com/p?from=timeline&id=1', 'https://a.com/p?id=1'],
    ['https://a.com/p?a=1&from=timeline&b=2', 'https://a.com/p?a=1&b=2'],
    ['https://a.com/p?from=timeline&isappinstalled=0#/route?x=1', 'https://a.com/p#/route?x=1'],
    ['https://a.com/p?id=1&from=timeline#top', 'https://a.com/p?id=1#top'],
    ['https://a.com/p?from=a&id=1&from=b', 'https://a.com/p?id=1'],
    ['https://a.com/p?scene=1&subscene=2&clicktime=3&enterid=4&ascene=5&k=v', 'https://a.com/p?k=v'],
    ['https://a.com/p?from', 'https://a.com/p'],
    ['https://a.com/p?from=', 'https://a.com/p'],
    ['https://a.com/p?q=%E4%BD%A0%20x&from=timeline', 'https://a.com/p?q=%E4%BD%A0%20x'],
    ['https://a.com/p?from=timeline&next=https%3A%2F%2Fb.com%2F%3Ffrom%3Dx', 'https://a.com/p?next=https%3A%2F%2Fb.com%2F%3Ffrom%3Dx'],
    ['https://a.com/p/from=1?x=1&from=1', 'https://a.com/p/from=1?x=1'],
  ])('%s -> %s', (url, expected) => {
    expect(canonical(url)).toBe(expected);
  });

  it.each([
    'https://a.com/',
    'https://a.com/p?id=1',
    'https://a.com/p?fromage=1&xfrom=2&scenery=3',
    'https://a.com/p?id=1#from=timeline',
    'https://a.com/p#/x?from=timeline',
    'https://a.com/p?a=1&&b=2',
    'https://a.com/p?',
    'https://a.com/p?q=a+b%20c&x=%zz',
    'https://a.com/p?Q=%E4%BD%A0',
    'https://a.com/p?fr%6Fm=x',
  ])('leaves %s exactly as it is', (url) => {
    expect(canonical(url)).toBe(url);
  });

  it('is idempotent: the canonical url of a canonical url is itself (no redirect loop)', () => {
    for (const url of ['https://a.com/p?from=x&isappinstalled=0&id=1#h', 'https://a.com/?from=x', 'https://a.com/p?&from=x']) {
      const once = canonical(url);
      expect(once).not.toBe(url);
      expect(canonical(once)).toBe(once);
    }
  });
});
