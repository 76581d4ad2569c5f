import { describe, expect, it } from 'vitest';
import { requestsInARow, type TimedRequest } from '../../src/share-ready/critical-path.js';

const request = (path: string, start: number, end: number, cached = false): TimedRequest => ({ path, start, end, cached });

describe('requestsInARow', () => {
  it('counts requests that waited for each other, and those that ran at the same time once', () => {
    // The static page: the page, share.min.js, then jweixin and the signature at once, then WeChat's check.
    const view = [
      request('page', 0, 150),
      request('/wx/share.min.js', 160, 310),
      request('/jweixin-1.6.0.js', 320, 470),
      request('/wx/signature', 321, 480),
      request('/bridge/verify', 490, 640),
    ];
    expect(requestsInARow(view, 650)).toBe(4);
    // Scripts fetched side by side from the page: one round trip for both.
    expect(requestsInARow([request('page', 0, 150), request('/a.js', 160, 400), request('/b.js', 161, 300), request('/verify', 410, 560)], 600)).toBe(3);
  });

  it('follows the longest chain, not the order the requests were sent in', () => {
    const view = [request('page', 0, 100), request('/slow.js', 110, 900), request('/x', 120, 200), request('/y', 210, 300), request('/z', 310, 400)];
    expect(requestsInARow(view, 1000)).toBe(4);
  });

  it('leaves out what the HTTP cache answered and what arrived after share-ready', () => {
    const view = [request('page', 0, 150), request('/wx/share.min.js', 155, 156, true), request('/bridge/verify', 160, 310), request('/sdk/report', 320, 330)];
    expect(requestsInARow(view, 311)).toBe(2);
    expect(requestsInARow([], 100)).toBe(0);
  });
});
