import { describe, expect, it } from 'vitest';
import { pageUrl, signaturePath, signaturePaths } from '../src/urls.js';

describe('urls', () => {
  it('encodes the page url the way a browser client sends it, so the server decodes it back once', () => {
    const path = signaturePath(pageUrl(7));
    expect(path).toBe('/wx/signature?url=https%3A%2F%2Fbench.example.com%2Farticles%2F7%3Futm_source%3Dbench');
    expect(new URL(path, 'http://127.0.0.1').searchParams.get('url')).toBe(pageUrl(7));
  });

  it('gives distinct paths', () => {
    const paths = signaturePaths(1000, 5);
    expect(new Set(paths).size).toBe(1000);
    expect(paths[0]).toBe(signaturePath(pageUrl(5)));
  });
});
