import { describe, expect, it } from 'vitest';
import { ShareError } from '../src/errors.js';
import { checkPageUrl, MAX_URL_LENGTH, urlParam, withoutHash } from '../src/url.js';

function invalid(fn: () => unknown): ShareError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ShareError);
    expect((error as ShareError).code).toBe('invalid_url');
    expect((error as ShareError).status).toBe(400);
    return error as ShareError;
  }
  throw new Error('expected invalid_url');
}

describe('urlParam', () => {
  it('decodes the url parameter exactly once', () => {
    const page = 'https://example.com/a?b=1&c=%E4%BD%A0';
    expect(urlParam(`url=${encodeURIComponent(page)}`)).toBe(page);
    // a double-encoded url stays encoded once: we never decode twice
    expect(urlParam(`url=${encodeURIComponent(encodeURIComponent(page))}`)).toBe(encodeURIComponent(page));
  });

  it('finds url among other parameters, first or last', () => {
    expect(urlParam('a=1&url=https%3A%2F%2Fexample.com%2F&b=2')).toBe('https://example.com/');
    expect(urlParam('url=https%3A%2F%2Fexample.com%2F&_=123')).toBe('https://example.com/');
    expect(urlParam('xurl=1&urlx=2&url=https://example.com/')).toBe('https://example.com/');
  });

  it('reads + as a space, like URLSearchParams', () => {
    expect(urlParam('url=a+b%2Bc')).toBe(new URLSearchParams('url=a+b%2Bc').get('url'));
  });

  it('accepts a percent-encoded key', () => {
    expect(urlParam('%75rl=https://example.com/')).toBe('https://example.com/');
  });

  it.each([
    ['missing', ''],
    ['missing among others', 'a=1&b=2'],
    ['empty', 'url='],
    ['without a value', 'url'],
    ['repeated', 'url=https://a.example/&url=https://b.example/'],
    ['repeated with an encoded key', 'url=https://a.example/&%75rl=https://b.example/'],
    ['malformed percent-encoding', 'url=%E0%A4%A'],
    ['a lone percent', 'url=https://example.com/%'],
    ['an invalid UTF-8 sequence', 'url=https://example.com/%FF'],
    ['absurdly long', `url=${'a'.repeat(MAX_URL_LENGTH * 9 + 1)}`],
  ])('refuses a url parameter that is %s', (_, query) => {
    invalid(() => urlParam(query));
  });
});

describe('checkPageUrl', () => {
  it.each([
    ['http://mp.weixin.qq.com?params=value', 'http://mp.weixin.qq.com?params=value'],
    ['https://example.com/a/b?x=1&y=2#/route?z=3', 'https://example.com/a/b?x=1&y=2'],
    ['https://example.com:8443/p?q#', 'https://example.com:8443/p?q'],
    ['https://example.com/你好?名=值', 'https://example.com/你好?名=值'],
    ['https://example.com/%E4%BD%A0%E5%A5%BD?q=%20', 'https://example.com/%E4%BD%A0%E5%A5%BD?q=%20'],
    ['HTTPS://EXAMPLE.COM/Path', 'HTTPS://EXAMPLE.COM/Path'],
    ['https://example.com', 'https://example.com'],
  ])('keeps %s exactly, minus the hash', (input, signed) => {
    expect(checkPageUrl(input).url).toBe(signed);
  });

  it('gives the WHATWG parse of the url', () => {
    expect(checkPageUrl('https://user@Evil.com:444/x#y').parsed.hostname).toBe('evil.com');
  });

  it.each([
    ['empty', ''],
    ['not a string', 42],
    ['relative', '/path?x=1'],
    ['protocol-relative', '//example.com/'],
    ['ftp', 'ftp://example.com/'],
    ['javascript', 'javascript:alert(1)'],
    ['a scheme without slashes', 'https:example.com'],
    ['unparsable', 'http://exa mple.com/'],
    ['a bad port', 'https://example.com:99999/'],
    ['a space', 'https://example.com/a b'],
    ['a leading space', ' https://example.com/'],
    ['a newline', 'https://example.com/\n'],
    ['only a hash', '#https://example.com/'],
    ['too long', `https://example.com/${'a'.repeat(MAX_URL_LENGTH)}`],
  ])('refuses a url that is %s', (_, input) => {
    invalid(() => checkPageUrl(input));
  });

  it('accepts a url of exactly the maximum length', () => {
    const url = `https://example.com/${'a'.repeat(MAX_URL_LENGTH - 20)}`;
    expect(url).toHaveLength(MAX_URL_LENGTH);
    expect(checkPageUrl(url).url).toBe(url);
  });

  it('tells how to send the url', () => {
    expect(invalid(() => urlParam('')).message).toContain('encodeURIComponent');
  });
});

describe('withoutHash', () => {
  it('cuts at the first #', () => {
    expect(withoutHash('https://a/b#c#d')).toBe('https://a/b');
    expect(withoutHash('https://a/b')).toBe('https://a/b');
  });
});

describe('characters location.href never holds', () => {
  it.each([
    ['U+0085', '\u0085'], ['U+009F', '\u009f'], ['U+00A0', '\u00a0'], ['U+1680', '\u1680'], ['U+2000', '\u2000'],
    ['U+200B', '\u200b'], ['U+200F', '\u200f'], ['U+2028', '\u2028'], ['U+2029', '\u2029'], ['U+202A', '\u202a'],
    ['U+202E', '\u202e'], ['U+3000', '\u3000'], ['U+FEFF', '\ufeff'], ['U+0020', ' '], ['U+0009', '\t'],
  ])('refuses %s with 400 invalid_url naming the character', (name, char) => {
    const error = invalid(() => checkPageUrl(`https://example.com/a${char}b`));
    expect(error.message).toContain(`${name} at position 21`);
  });

  it('still signs CJK, emoji and percent-encoded spaces', () => {
    for (const url of ['https://example.com/你好?名=值', 'https://example.com/😀', 'https://example.com/a%20b%C2%A0']) {
      expect(checkPageUrl(url).url).toBe(url);
    }
  });
});
