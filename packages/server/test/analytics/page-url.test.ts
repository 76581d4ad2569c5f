import { describe, expect, it } from 'vitest';
import { canonicalPageUrl, WECHAT_PARAMETERS } from '../../src/analytics/page-url.js';

describe('canonicalPageUrl', () => {
  it('drops every WeChat parameter and the hash, keeping the page own query in order', () => {
    const raw = 'https://shop.example.com/item?id=7&from=timeline&isappinstalled=0&scene=1&subscene=2&clicktime=9&enterid=3&ascene=1&color=red#top';
    expect(canonicalPageUrl(raw)).toBe('https://shop.example.com/item?id=7&color=red');
  });

  it('leaves no "?" when only WeChat parameters were there', () => {
    expect(canonicalPageUrl(`https://a.example/p?${WECHAT_PARAMETERS.map((name) => `${name}=1`).join('&')}`)).toBe('https://a.example/p');
  });

  it('accepts only absolute http(s) urls without credentials, of a sane length', () => {
    expect(canonicalPageUrl('/relative')).toBeUndefined();
    expect(canonicalPageUrl('javascript:alert(1)')).toBeUndefined();
    expect(canonicalPageUrl('ftp://a.example/')).toBeUndefined();
    expect(canonicalPageUrl('https://user:pw@a.example/')).toBeUndefined();
    expect(canonicalPageUrl(`https://a.example/${'x'.repeat(600)}`)).toBeUndefined();
    expect(canonicalPageUrl('HTTP://A.EXAMPLE')).toBe('http://a.example/');
  });
});
