import { describe, expect, it } from 'vitest';
import { checkCard, displayWidth, MAX_IMAGE_BYTES, type CardInput } from '../src/card-rules.js';

const good: CardInput = Object.freeze({
  title: 'Spring tea tasting — Saturday 14:00',
  desc: 'Six spring green teas, brewed side by side.',
  link: 'https://shop.example.com/tea?id=1',
  imgUrl: 'https://cdn.example.com/card.jpg',
  pageUrl: 'https://shop.example.com/tea?id=1&from=timeline',
  image: Object.freeze({ width: 300, height: 300, bytes: 7_399, type: 'jpg' }),
  og: Object.freeze({ 'og:title': 'Spring tea', 'og:description': 'Six teas', 'og:image': 'https://cdn.example.com/card.jpg' }),
});

const failed = (input: CardInput) => checkCard(input).filter((verdict) => !verdict.ok).map((verdict) => verdict.rule);
const verdictOf = (input: CardInput, rule: string) => checkCard(input).find((verdict) => verdict.rule === rule);

describe('checkCard', () => {
  it('passes a good card, every rule reported once', () => {
    const verdicts = checkCard(good);
    expect(verdicts.map((verdict) => verdict.rule)).toEqual([
      'image-url',
      'image-not-data',
      'image-https',
      'image-type',
      'image-pixels',
      'image-aspect',
      'image-bytes',
      'title',
      'title-length',
      'desc',
      'desc-length',
      'link-host',
      'og-tags',
    ]);
    expect(verdicts.every((verdict) => verdict.ok)).toBe(true);
  });

  it('leaves out the image rules without an image and the og: rule without og tags (the client has neither at first)', () => {
    const rules = checkCard({ ...good, image: undefined, og: undefined }).map((verdict) => verdict.rule);
    expect(rules).not.toContain('image-type');
    expect(rules).not.toContain('og-tags');
    expect(rules).toContain('image-https');
  });

  it.each<[string, Partial<CardInput>, string[]]>([
    ['no image', { imgUrl: '' }, ['image-url']],
    ['a relative image', { imgUrl: '/img/card.jpg' }, ['image-url']],
    ['an ftp image', { imgUrl: 'ftp://a.com/card.jpg' }, ['image-url']],
    ['a data: URI', { imgUrl: 'data:image/png;base64,iVBORw0KGgo=' }, ['image-not-data']],
    ['an http: image on an https: page', { imgUrl: 'http://cdn.example.com/card.jpg' }, ['image-https']],
    ['a WebP image', { image: { width: 300, height: 300, bytes: 5_000, type: 'webp' } }, ['image-type']],
    ['a BMP by MIME type', { image: { width: 300, height: 300, bytes: 5_000, type: 'image/bmp' } }, ['image-type']],
    ['a small image', { image: { width: 120, height: 120, bytes: 5_000, type: 'png' } }, ['image-pixels']],
    ['a very wide image', { image: { width: 1200, height: 400, bytes: 50_000, type: 'png' } }, ['image-aspect']],
    ['a very tall image', { image: { width: 400, height: 1200, bytes: 50_000, type: 'png' } }, ['image-aspect']],
    ['an image of unknown size', { image: { width: 0, height: 0, bytes: 50, type: 'unknown' } }, ['image-type', 'image-pixels', 'image-aspect']],
    ['a heavy image', { image: { width: 300, height: 300, bytes: MAX_IMAGE_BYTES + 1, type: 'jpg' } }, ['image-bytes']],
    ['an empty title', { title: '  ' }, ['title']],
    ['a title of three lines', { title: '春'.repeat(27) }, ['title-length']],
    ['an empty description', { desc: '' }, ['desc']],
    ['a long description', { desc: 'a'.repeat(61) }, ['desc-length']],
    ['a link on another host', { link: 'https://other.example.com/tea' }, ['link-host']],
    ['a relative link', { link: '/tea' }, ['link-host']],
    ['no og: tags', { og: {} }, ['og-tags']],
  ])('flags %s', (_name, change, rules) => {
    expect(failed({ ...good, ...change })).toEqual(rules);
  });

  it('says what to do in each failing message', () => {
    expect(verdictOf({ ...good, desc: '' }, 'desc')?.message).toBe('empty: the chat card shows the link url in its place');
    expect(verdictOf({ ...good, og: { 'og:title': 'x' } }, 'og-tags')?.message).toBe(
      'missing og:description, og:image: WeCom and other apps build their card from them',
    );
    expect(verdictOf({ ...good, link: 'https://b.com/' }, 'link-host')?.message).toContain('outside the JS safe domain');
    expect(verdictOf({ ...good, image: { width: 1200, height: 400, bytes: 1, type: 'png' } }, 'image-aspect')?.message).toBe(
      '3.00:1 (the card crops a centred square; keep it within 2:1)',
    );
  });

  it('accepts the limits themselves: 200 px, 2:1, 300 KB, 52 and 60 units', () => {
    const edge = {
      ...good,
      title: '春'.repeat(26),
      desc: 'a'.repeat(60),
      image: { width: 400, height: 200, bytes: MAX_IMAGE_BYTES, type: 'image/png' },
    };
    expect(failed(edge)).toEqual([]);
  });

  it('allows an http: image on an http: page', () => {
    expect(failed({ ...good, pageUrl: 'http://shop.example.com/tea', imgUrl: 'http://shop.example.com/card.jpg' })).toEqual([]);
  });

  it('cuts what it quotes from a hostile page', () => {
    const message = verdictOf({ ...good, title: 'x'.repeat(10_000) }, 'title')?.message ?? '';
    expect(message.length).toBeLessThan(100);
  });
});

describe('displayWidth', () => {
  it.each([
    ['abc', 3],
    ['春茶', 4],
    ['Ｔｅａ', 6],
    ['茶 tea', 6],
    ['🍵', 2],
    ['한글', 4],
    ['', 0],
  ])('%s is %d half-width units', (text, width) => {
    expect(displayWidth(text)).toBe(width);
  });
});
