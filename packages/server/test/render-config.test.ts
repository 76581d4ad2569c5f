// renderConfigScript(): the element's JSON round-trips, and no string in a signature can break out of the element.
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { htmlSafeJson, renderConfigScript } from '../src/render-config.js';
import type { SignResult } from '../src/signer.js';

const signed: SignResult = {
  appId: 'wxtestappid000001',
  timestamp: 1_700_000_000,
  nonceStr: 'AbCdEfGh12345678',
  signature: '0123456789abcdef0123456789abcdef01234567',
  url: 'https://example.com/article?id=7',
};

const HOSTILE = [
  '</script><script>window.pwned = 1</script>',
  '</SCRIPT ><img src=x onerror="window.pwned = 1">',
  '<!--<script>',
  '<!-- -->',
  ']]>&amp;&lt;&#x3c;',
  'line\u2028separator\u2029paragraph',
  '"quotes" \\backslash\\ \'single\'',
  '\u{1F375} 龙井 \ud800 lone surrogate',
];

/** Parses `html` as a page, the way a browser would, and returns its document. */
function parse(html: string) {
  const { window } = new JSDOM(`<!doctype html><html><head>${html}</head><body><p id="after">after</p></body></html>`);
  return window.document;
}

/** The only script element of the page and what JSON.parse makes of its text. */
function configOf(document: ReturnType<typeof parse>) {
  const scripts = document.querySelectorAll('script');
  expect(scripts).toHaveLength(1);
  const element = scripts[0]!;
  expect(element.id).toBe('wx-share-config');
  expect(element.getAttribute('type')).toBe('application/json');
  return JSON.parse(element.textContent ?? '') as unknown;
}

describe('renderConfigScript', () => {
  it('writes the signature as JSON in <script type="application/json" id="wx-share-config">', () => {
    const html = renderConfigScript(signed);
    expect(html).toBe(`<script type="application/json" id="wx-share-config">${JSON.stringify(signed)}</script>`);
    expect(configOf(parse(html))).toEqual(signed);
  });

  it.each(HOSTILE)('keeps %j inside the element, round-tripping through JSON.parse', (text) => {
    const url = `https://example.com/?q=${text}`;
    const result = { ...signed, url, nonceStr: text, appId: text, signature: text };
    const html = renderConfigScript(result);
    const document = parse(html);
    expect(configOf(document)).toEqual(result);
    // Nothing else got into the page: the head holds the element only, the body is as written.
    expect(document.head.children).toHaveLength(1);
    expect(document.body.innerHTML).toBe('<p id="after">after</p>');
    expect(document.querySelectorAll('img')).toHaveLength(0);
  });

  it('leaves no <, >, &, U+2028 or U+2029 in the element text', () => {
    const text = HOSTILE.join('');
    const html = renderConfigScript({ ...signed, url: `https://example.com/?q=${text}` });
    const json = html.slice(html.indexOf('>') + 1, html.lastIndexOf('</script>'));
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(json).toContain('\\u003c/script\\u003e');
    expect(json).toContain('\\u003c!--');
    expect(json).toContain('\\u0026amp;');
    expect(json).toContain('\\u2028');
    expect(json).toContain('\\u2029');
  });

  it('is just as safe in the body and between other elements', () => {
    const result = { ...signed, url: 'https://example.com/?q=</script><p id="injected">x</p>' };
    const { window } = new JSDOM(`<body><div>${renderConfigScript(result)}</div><p id="after">after</p></body>`);
    const document = window.document;
    expect(configOf(document)).toEqual(result);
    expect(document.getElementById('injected')).toBeNull();
    expect(document.body.children).toHaveLength(2);
  });

  it('writes only the five fields of a SignResult, whatever else the object carries', () => {
    const withMore = { ...signed, ticket: 'must-not-appear', jsapi_ticket: 'nor-this' } as SignResult;
    const html = renderConfigScript(withMore);
    expect(html).not.toContain('must-not-appear');
    expect(html).not.toContain('nor-this');
    expect(Object.keys(configOf(parse(html)) as object)).toEqual(['appId', 'timestamp', 'nonceStr', 'signature', 'url']);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'https://example.com/'],
    ['a result without signature', { ...signed, signature: undefined }],
    ['a result with an empty url', { ...signed, url: '' }],
    ['a result with a string timestamp', { ...signed, timestamp: '1700000000' }],
    ['a result with a fractional timestamp', { ...signed, timestamp: 1.5 }],
  ])('throws a TypeError naming signer.sign() for %s', (_name, value) => {
    expect(() => renderConfigScript(value as unknown as SignResult)).toThrow(
      new TypeError('renderConfigScript(result): result must be what signer.sign() resolved to ({ appId, timestamp, nonceStr, signature, url })'),
    );
  });
});

describe('htmlSafeJson', () => {
  it('parses back to the same value, e.g. share data with a hostile title', () => {
    const value = { title: HOSTILE.join(' '), desc: 'a & b < c > d', n: [1, 2.5, null, true] };
    const json = htmlSafeJson(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});
