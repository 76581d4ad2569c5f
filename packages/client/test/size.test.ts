// The size budget of dist/share.min.js: every visitor downloads it.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const LIMIT = 1536; // bytes, gzip level 9; the benchmark target is 1024

describe('dist/share.min.js', () => {
  const code = readFileSync(new URL('../dist/share.min.js', import.meta.url));
  const gzipped = gzipSync(code, { level: 9 }).length;

  it(`is at most ${LIMIT} bytes gzip (now ${gzipped})`, () => {
    expect(gzipped).toBeLessThanOrEqual(LIMIT);
  });

  it('starts with a one-line license banner and is one IIFE defining WxShare', () => {
    const [banner, body, ...rest] = code.toString().split('\n');
    expect(banner).toMatch(/^\/\*! @share\/client \d+\.\d+\.\d+ \| MIT \*\/$/);
    expect(body).toMatch(/^var WxShare=function\(|^var WxShare=\(/);
    expect(rest.join('')).toBe('');
  });
});
