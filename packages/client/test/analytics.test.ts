// @vitest-environment jsdom
// WeChat's `from` across the canonical redirect, and the beacons: never an exception, nothing without `events`.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { arrival, beacon } from '../src/analytics.js';

const KEY = 'share:from';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

describe('arrival', () => {
  it('reads `from` from the query, as written', () => {
    expect(arrival('https://a.com/p?id=1&from=singlemessage&isappinstalled=0')).toBe('singlemessage');
    expect(arrival('https://a.com/p?from=timeline#x')).toBe('timeline');
    expect(arrival('https://a.com/p?from=a%20b')).toBe('a%20b');
  });

  it('ignores a `from` in the hash, an empty one, one over 32 characters, and lookalike names', () => {
    expect(arrival('https://a.com/p#/route?from=timeline')).toBeUndefined();
    expect(arrival('https://a.com/p?from=&id=1')).toBeUndefined();
    expect(arrival('https://a.com/p?from')).toBeUndefined();
    expect(arrival('https://a.com/p?from=' + 'x'.repeat(33))).toBeUndefined();
    expect(arrival('https://a.com/p?from=' + 'x'.repeat(33) + '#h')).toBeUndefined();
    expect(arrival('https://a.com/p?from=' + 'x'.repeat(5000))).toBeUndefined(); // never sent on: the request stays short
    expect(arrival('https://a.com/p?from=' + 'x'.repeat(32) + '&b=1')).toBe('x'.repeat(32));
    expect(arrival('https://a.com/p?xfrom=timeline&fromage=1')).toBeUndefined();
  });

  it('leaving: keeps it in sessionStorage; the next page load reads it once and removes it', () => {
    expect(arrival('https://a.com/p?from=groupmessage&isappinstalled=0', true)).toBe('groupmessage');
    expect(sessionStorage.getItem(KEY)).toBe('groupmessage');
    expect(arrival('https://a.com/p')).toBe('groupmessage');
    expect(sessionStorage.getItem(KEY)).toBeNull();
    expect(arrival('https://a.com/p')).toBeUndefined(); // a reload of the page does not count the arrival again
  });

  it('leaving without `from` (only isappinstalled) keeps nothing; a url `from` wins over a kept one', () => {
    sessionStorage.setItem(KEY, 'timeline');
    expect(arrival('https://a.com/p?isappinstalled=0', true)).toBe('timeline'); // stale: read, not kept again
    expect(sessionStorage.getItem(KEY)).toBe('timeline');
    sessionStorage.setItem(KEY, 'timeline');
    expect(arrival('https://a.com/p?from=singlemessage')).toBe('singlemessage');
    expect(sessionStorage.getItem(KEY)).toBeNull();
  });

  it('no storage (access throws, as with storage disabled): the url value or nothing, never an exception', () => {
    vi.spyOn(window, 'sessionStorage', 'get').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    expect(arrival('https://a.com/p?from=timeline', true)).toBe('timeline');
    expect(arrival('https://a.com/p')).toBeUndefined();
  });

  it('a storage whose methods throw (quota, private mode): never an exception', () => {
    vi.spyOn(Object.getPrototypeOf(sessionStorage) as Storage, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    expect(arrival('https://a.com/p?from=timeline', true)).toBe('timeline');
    vi.spyOn(Object.getPrototypeOf(sessionStorage) as Storage, 'getItem').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    expect(arrival('https://a.com/p')).toBeUndefined();
  });
});

describe('beacon', () => {
  const EVENT = { kind: 'share', url: 'https://example.com/p', api: 'onMenuShareAppMessage' };

  it('posts the event as JSON text to `events`, resolved against the signature endpoint', () => {
    const sendBeacon = vi.fn((_url: string | URL, _body: string) => true);
    vi.stubGlobal('navigator', { sendBeacon });
    beacon('/wx/event', '/wx/signature', EVENT);
    beacon('/wx/event', 'https://api.example.net/wx/signature?site=a', EVENT);
    beacon('event', 'https://api.example.net/share/signature', EVENT);
    expect(sendBeacon.mock.calls.map(([url]) => String(url))).toEqual([
      'https://example.com/wx/event',
      'https://api.example.net/wx/event',
      'https://api.example.net/share/event',
    ]);
    for (const [, body] of sendBeacon.mock.calls) expect(JSON.parse(body)).toEqual(EVENT);
  });

  it('without `events` (analytics off): nothing', () => {
    const sendBeacon = vi.fn((_url: string | URL, _body: string) => true);
    vi.stubGlobal('navigator', { sendBeacon });
    beacon(undefined, '/wx/signature', EVENT);
    beacon('', '/wx/signature', EVENT);
    expect(sendBeacon).not.toHaveBeenCalled();
  });

  it('no sendBeacon, a throwing one, or `events` that is no url: no exception', () => {
    vi.stubGlobal('navigator', {});
    expect(() => beacon('/wx/event', '/wx/signature', EVENT)).not.toThrow();
    const sendBeacon = vi.fn((_url: string | URL, _body: string): boolean => {
      throw new TypeError('Illegal invocation');
    });
    vi.stubGlobal('navigator', { sendBeacon });
    expect(() => beacon('/wx/event', '/wx/signature', EVENT)).not.toThrow();
    expect(sendBeacon).toHaveBeenCalledOnce();
    expect(() => beacon('http://[::1', '/wx/signature', EVENT)).not.toThrow();
    expect(sendBeacon).toHaveBeenCalledOnce();
  });
});
