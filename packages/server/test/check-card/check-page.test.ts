import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, type CheckReport } from '../../src/check-card/check-page.js';
import { CheckCardError } from '../../src/check-card/fetch-bounded.js';
import { startSite, type Site } from './site.js';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(() => site.close());

const failed = (report: CheckReport) => report.verdicts.filter((verdict) => !verdict.ok).map((verdict) => verdict.rule);
const check = (path: string, options = {}) => checkPage(`${site.base}${path}`, options);

describe('checkPage', () => {
  it('passes a good page, with the card the client would send', async () => {
    const report = await check('/good.html?from=singlemessage&isappinstalled=0');
    expect(failed(report)).toEqual([]);
    expect(report.card).toEqual({
      title: 'Spring tea tasting — Saturday 14:00',
      desc: 'Six spring green teas, brewed side by side.',
      link: `${site.base}/good.html`,
      imgUrl: `${site.base}/img/card.png`,
    });
    expect(report.verdicts.map((verdict) => verdict.rule).slice(0, 5)).toEqual([
      'image-url',
      'image-not-data',
      'image-https',
      'image-reachable',
      'image-type',
    ]);
    expect(report.verdicts.find((verdict) => verdict.rule === 'image-pixels')?.message).toMatch(/^300×300 px/);
    expect(report.notes).toEqual([]);
  });

  it('follows a redirect and checks the page it lands on', async () => {
    const report = await check('/to-good');
    expect(report.pageUrl).toBe(`${site.base}/good.html`);
    expect(failed(report)).toEqual([]);
  });

  it("takes the share.min.js tag's data-* over the meta tags, as the client does", async () => {
    const report = await check('/script-data.html');
    expect(report.card).toMatchObject({ title: 'From the tag', desc: 'Tag desc', imgUrl: `${site.base}/img/card.png` });
  });

  it.each([
    ['/no-image.html', ['image-url', 'og-tags']],
    ['/data-image.html', ['image-not-data']],
    ['/missing-image.html', ['image-reachable']],
    ['/bmp-image.html', ['image-type']],
    ['/small-image.html', ['image-pixels']],
    ['/wide-image.html', ['image-aspect']],
    ['/heavy-image.html', ['image-bytes']],
    ['/bad-image.html', ['image-type', 'image-pixels', 'image-aspect']],
    ['/no-title.html', ['title', 'og-tags']],
    ['/long-title.html', ['title-length']],
    ['/no-desc.html', ['desc', 'og-tags']],
    ['/long-desc.html', ['desc-length']],
    ['/other-link.html', ['link-host']],
    ['/no-og.html', ['image-url', 'og-tags']],
  ])('flags %s: %j', async (path, rules) => {
    expect(failed(await check(path))).toEqual(rules);
  });

  it('reads the <title> and the meta description when there are no og: tags', async () => {
    const report = await check('/no-og.html');
    expect(report.card).toMatchObject({ title: 'Spring tea', desc: 'Six teas.' });
  });

  it('reads only the start of an endless page, and says so', async () => {
    const report = await check('/endless.html', { maxPageBytes: 64 * 1024 });
    expect(report.notes).toEqual(['read the first 64 KB of the page only: it is larger']);
    expect(failed(report)).toEqual([]);
  });

  it('stops a gzip bomb page at the cap of decoded bytes', async () => {
    const report = await check('/bomb.html', { maxPageBytes: 256 * 1024 });
    expect(report.notes).toEqual(['read the first 256 KB of the page only: it is larger']);
    expect(report.card.title).toBe('Spring tea tasting — Saturday 14:00');
  });

  it('stops a gzip bomb image at the cap and flags its bytes', async () => {
    const report = await check('/bomb-image.html', { maxImageBytes: 512 * 1024 });
    expect(failed(report)).toEqual(['image-bytes']);
    expect(report.notes).toEqual(['read the first 512 KB of the image only: it is larger']);
  });

  it.each([
    ['/slow.html', { timeoutMs: 200 }, /^no complete answer from http:\/\/127\.0\.0\.1:\d+\/slow\.html within 200 ms$/],
    ['/loop-a', {}, /^redirect loop: .*\/loop-a → .*\/loop-b → .*\/loop-a$/],
    ['/hop/1', {}, /^more than 5 redirects, stopped at .*\/hop\/7 \(from .*\/hop\/1\)$/],
    ['/to-ftp', {}, /redirects to ftp: url, not http\(s\)$/],
    ['/json', {}, /answered Content-Type application\/json, not an HTML page$/],
    ['/img/card.png', {}, /answered Content-Type image\/png, not an HTML page$/],
    ['/error.html', {}, /answered HTTP 500$/],
  ])('ends %s with a clear CheckCardError', async (path, options, message) => {
    const error = await check(path, options).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CheckCardError);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses what is not an absolute http(s) url, and an unreachable host', async () => {
    await expect(checkPage('file:///etc/passwd')).rejects.toThrow('"file:///etc/passwd" is not an absolute http(s) url');
    await expect(checkPage('/good.html')).rejects.toThrow('is not an absolute http(s) url');
    const closed = await closedPort();
    await expect(checkPage(`http://127.0.0.1:${closed}/`)).rejects.toThrow(`cannot fetch http://127.0.0.1:${closed}/: ECONNREFUSED`);
  });
});

/** A loopback port nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
