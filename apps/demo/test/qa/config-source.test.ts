import { describe, expect, it } from 'vitest';
import { configSource, isSignatureRequest } from '../../public/qa/config-source.js';

const resolved: { url: string; source?: unknown } = { url: 'https://example.com/ssr/' };

describe('configSource', () => {
  it('believes a client that says where its signature came from', () => {
    expect(configSource({ ...resolved, source: 'page' }, { requested: true, element: true })).toBe('page');
    expect(configSource({ ...resolved, source: 'request' }, { requested: false, element: true })).toBe('request');
  });

  it('is "request" once the page asked /wx/signature, even with the element present', () => {
    expect(configSource(resolved, { requested: true, element: true })).toBe('request');
    expect(configSource(null, { requested: true, element: false })).toBe('request');
  });

  it('is "page" when the client configured with the element present and no request', () => {
    expect(configSource(resolved, { requested: false, element: true })).toBe('page');
  });

  it('is "none" before the client is done, or with neither', () => {
    expect(configSource(null, { requested: false, element: true })).toBe('none');
    expect(configSource(resolved, { requested: false, element: false })).toBe('none');
    expect(configSource({ ...resolved, source: 'elsewhere' }, { requested: false, element: false })).toBe('none');
  });
});

describe('isSignatureRequest', () => {
  it.each([
    ['http://127.0.0.1:3000/wx/signature?url=x', true],
    ['https://api.example.com/wx/signature', true],
    ['http://127.0.0.1:3000/wx/signature.js', false],
    ['http://127.0.0.1:3000/__demo/mode.json', false],
    ['not a url', false],
  ])('%s: %s', (url, expected) => {
    expect(isSignatureRequest(url)).toBe(expected);
  });
});
