// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkCardInDebug } from '../src/card-check.js';

const CARD = { title: 'Spring tea tasting', desc: 'Six green teas side by side.', link: 'https://example.com/page', imgUrl: 'https://example.com/card.jpg' };

afterEach(() => {
  vi.restoreAllMocks();
  document.head.innerHTML = '';
});

describe('checkCardInDebug', () => {
  it('with debug on, prints each failed rule of card-rules.ts with [share] card:', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await checkCardInDebug({ debug: true }, { ...CARD, imgUrl: 'http://example.com/card.jpg', desc: '' }, 'https://example.com/page#top');
    const lines = warn.mock.calls.map((args) => args.join(' '));
    expect(lines).toContainEqual(expect.stringMatching(/^\[share\] card: image-https an http: image on an https: page/));
    expect(lines).toContainEqual(expect.stringMatching(/^\[share\] card: desc /));
    expect(lines).toContainEqual(expect.stringMatching(/^\[share\] card: og-tags missing og:title/)); // the page has no og: tags
  });

  it('prints nothing for a good card on a page with its og: tags, and nothing at all with debug off', async () => {
    document.head.innerHTML = `<meta property="og:title" content="T"><meta property="og:description" content="D">
      <meta property="og:image" content="https://example.com/card.jpg">`;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await checkCardInDebug({ debug: true }, CARD, 'https://example.com/page');
    await checkCardInDebug({}, { ...CARD, imgUrl: 'data:image/png;base64,AAAA' }, 'https://example.com/page');
    expect(warn).not.toHaveBeenCalled();
  });
});
