// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { here, partUrl } from '../src/parts.js';

afterEach(() => {
  here.url = '';
});

describe('partUrl', () => {
  it('is absolute and next to the file that runs, on its own origin (a classic script cannot import() a relative url)', () => {
    here.url = 'https://cdn.example.net/wx/share.min.js';
    expect(partUrl('share-apps.js')).toBe('https://cdn.example.net/wx/share-apps.js');
    here.url = 'https://cdn.example.net/assets/share-debug.js?v=3';
    expect(partUrl('share-apps.js')).toBe('https://cdn.example.net/assets/share-apps.js');
  });

  it('without a file url (an inline script), next to the page', () => {
    expect(partUrl('share-debug.js')).toBe('https://example.com/share-debug.js');
  });
});
