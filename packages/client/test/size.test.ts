// The size budget of the client files: share.min.js every visitor downloads; share-apps.js (WeCom, mini-program
// web-views) and share-debug.js (debug on) only where they are used.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const built = (file: string) => readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8');
const gzip = (text: string) => gzipSync(text, { level: 9 }).length;

// Bytes, gzip level 9. share.min.js: the figure now (2401, of which 27 for issue 22's appId) and a few bytes of slack. Issue 21 asks for at most 1,900:
// NOT met with one configuration owner, healing of every configuration, open tags, framework call orders and parts
// loaded by absolute url (the README's Size says what each costs). share-apps.js (2025) and share-debug.js (4641, with
// the card rules): their size after issue 21 plus 5%.
const LIMITS = { 'share.min.js': 2410, 'share-apps.js': Math.floor(2025 * 1.05), 'share-debug.js': Math.floor(4641 * 1.05) };

describe.each(Object.entries(LIMITS))('dist/%s', (file, limit) => {
  it(`is at most ${limit} bytes gzip (now ${gzip(built(file))})`, () => {
    expect(gzip(built(file))).toBeLessThanOrEqual(limit);
  });
});

describe('dist/share.min.js', () => {
  const code = built('share.min.js');

  it('starts with a one-line license banner and is one IIFE defining WxShare', () => {
    const [banner, body, ...rest] = code.split('\n');
    expect(banner).toMatch(/^\/\*! @share\/client \d+\.\d+\.\d+ \| MIT \*\/$/);
    expect(body).toMatch(/^var WxShare=function\(|^var WxShare=\(/);
    expect(rest.join('')).toBe('');
  });

  it('import()s its two other files by absolute url, from next to itself (never a relative specifier)', () => {
    expect(code).not.toMatch(/import\("\.\//);
    expect(code).toMatch(/import\(\w+\("share-apps\.js"\)\)/);
    expect(code).toMatch(/import\(\w+\("share-debug\.js"\)\)/);
    expect(code).toContain('document.currentScript');
  });
});

describe('the debug log', () => {
  const main = built('share.min.js');
  const debug = built('share-debug.js');

  it('is not in share.min.js, which import()s dist/share-debug.js with debug on; nor is the card check', () => {
    expect(main).not.toContain('[share]');
    expect(main).not.toContain('og-tags');
    expect(main).toMatch(/if\(.*\w+\.debug\)return \w+\(\w+,\w+\)/);
  });

  it('is in dist/share-debug.js, an ES module exporting run, with the hint texts and the same hook for WeCom', () => {
    expect(debug).toMatch(/^\/\*! @share\/client \d+\.\d+\.\d+ \| MIT \*\/\n/);
    expect(debug).toContain('[share]');
    expect(debug).toContain('JS safe domain'); // a hint text
    expect(debug).toContain('og-tags'); // the card rules (card-rules.ts), run with debug on
    expect(debug).toMatch(/export\{.*\bas run\b.*\}|export\{run\}/);
    expect(debug).toMatch(/import\(new URL\("share-apps\.js",/);
    expect(debug).toContain('import.meta.url'); // share-apps.js next to share-debug.js
    expect(debug).not.toContain('share-debug.js'); // it never loads itself
  });
});

describe('the WeCom and mini-program code', () => {
  const main = built('share.min.js');

  it('is not in share.min.js: it lives in dist/share-apps.js, an ES module exporting share', () => {
    const apps = built('share-apps.js');
    for (const word of ['agentConfig', 'miniProgram', 'container=wecom']) {
      expect(main).not.toContain(word);
      expect(apps).toContain(word);
    }
    expect(apps).toMatch(/^\/\*! @share\/client \d+\.\d+\.\d+ \| MIT \*\/\n/);
    expect(apps).toMatch(/export\{.*\bas share\b.*\}|export\{share\}/);
  });
});
