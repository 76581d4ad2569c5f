// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { shareData } from '../src/data.js';

const CANONICAL = 'https://example.com/page?id=1#top';
const page = (head: string, url = '/page?id=1#top', title = 'Document title') => {
  document.head.innerHTML = head;
  document.title = title;
  history.replaceState(null, '', url);
};

afterEach(() => page('', '/'));

describe('shareData', () => {
  it('reads og:title, og:description and og:image, and links to the canonical url', () => {
    page(`<meta property="og:title" content="OG T"><meta property="og:description" content="OG D">
      <meta name="description" content="Plain"><meta property="og:image" content="https://cdn.example.net/c.jpg">`);
    expect(shareData({}, CANONICAL)).toEqual({
      title: 'OG T',
      desc: 'OG D',
      link: 'https://example.com/page?id=1#top',
      imgUrl: 'https://cdn.example.net/c.jpg',
    });
  });

  it('falls back to document.title and <meta name="description">; imgUrl empty without og:image', () => {
    page('<meta name="description" content="Plain">');
    expect(shareData({}, CANONICAL)).toEqual({ title: 'Document title', desc: 'Plain', link: 'https://example.com/page?id=1#top', imgUrl: '' });
  });

  it('accepts og tags written with name= too, and has an empty desc without any description', () => {
    page('<meta name="og:title" content="Named">');
    expect(shareData({}, CANONICAL)).toMatchObject({ title: 'Named', desc: '' });
  });

  it('makes a relative og:image and given link and imgUrl absolute', () => {
    page('<meta property="og:image" content="../img/c.png">', '/a/b/page');
    expect(shareData({}, CANONICAL).imgUrl).toBe('https://example.com/a/img/c.png');
    expect(shareData({ link: '?x=1', imgUrl: '//cdn.example.net/i.png' }, CANONICAL)).toMatchObject({
      link: 'https://example.com/a/b/page?x=1',
      imgUrl: 'https://cdn.example.net/i.png',
    });
  });

  it('uses given values, and treats undefined and empty strings as absent', () => {
    page('<meta property="og:title" content="OG T">');
    expect(shareData({ title: 'Mine', desc: 'My desc' }, CANONICAL)).toMatchObject({ title: 'Mine', desc: 'My desc' });
    expect(shareData({ title: undefined, desc: '' }, CANONICAL)).toMatchObject({ title: 'OG T', desc: '' });
  });
});
