import { describe, expect, it } from 'vitest';
import { decodePage, readPage } from '../../src/check-card/read-page.js';

describe('readPage', () => {
  it('reads the first <title>, description and og: tags, decoding entities and collapsing white space', () => {
    const facts = readPage(`<html><head><TITLE>  Tea &amp;\n cups </TITLE><title>second</title>
      <meta name="Description" content="Six &quot;teas&quot;"><META PROPERTY="og:title" content="OG">
      <meta property="og:title" content="later one"><meta property="twitter:card" content="x"></head>`);
    expect(facts).toEqual({
      title: 'Tea & cups',
      metas: { description: 'Six "teas"', 'og:title': 'OG' },
      script: {},
    });
  });

  it("reads the share.min.js tag's data-* only, not another script's", () => {
    const facts = readPage(`<script src="/other.js" data-title="no"></script>
      <script src="https://cdn.example/share.min.js?v=2" data-title="T" data-desc="D" data-link="/l" data-img-url="/i.png"></script>`);
    expect(facts.script).toEqual({ title: 'T', desc: 'D', link: '/l', imgUrl: '/i.png' });
  });

  it('tolerates broken markup and cuts huge values', () => {
    const facts = readPage(`<head><title>Open title<meta property="og:description" content="${'x'.repeat(50_000)}`);
    expect(facts.title.length).toBeLessThanOrEqual(2000);
    expect(readPage('<meta property="og:image" content="a.png"><<<>>></title></head').metas['og:image']).toBe('a.png');
    expect(readPage('').title).toBe('');
  });
});

describe('decodePage', () => {
  const gbk = Buffer.from([0x3c, 0x74, 0x69, 0x74, 0x6c, 0x65, 0x3e, 0xb2, 0xe8]); // "<title>" and 茶 in GBK

  it("uses the Content-Type's charset, else a <meta charset>, else UTF-8", () => {
    expect(decodePage(gbk, 'text/html; charset=GBK')).toBe('<title>茶');
    expect(decodePage(Buffer.concat([Buffer.from('<meta charset="gbk">'), gbk]), 'text/html')).toBe('<meta charset="gbk"><title>茶');
    expect(decodePage(Buffer.from('<title>茶'), 'text/html')).toBe('<title>茶');
  });

  it('reads an unknown charset as UTF-8 and bad bytes as U+FFFD, without throwing', () => {
    expect(decodePage(Buffer.from('<p>ok'), 'text/html; charset=x-nonsense')).toBe('<p>ok');
    expect(decodePage(Buffer.from([0xff, 0x41]), 'text/html')).toBe('\ufffdA');
  });
});
