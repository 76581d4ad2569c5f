// The README's "defaults are equivalent to" block says what DEFAULTS (src/defaults.ts) says, option by option.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ANALYTICS_DEFAULTS } from '../src/analytics/defaults.js';
import { DEFAULTS } from '../src/defaults.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The `key: literal,` lines of the block, as values (numbers with `_`, strings, booleans). */
function defaultsBlock(): Record<string, unknown> {
  const start = readme.indexOf('The defaults are equivalent to:');
  expect(start).toBeGreaterThan(-1);
  const block = readme.slice(start, readme.indexOf('```\n', readme.indexOf('```js', start) + 5));
  const entries: Record<string, unknown> = {};
  for (const [, key, raw] of block.matchAll(/^\s+(\w+): ([^,]+),/gm)) {
    const value = raw!.trim();
    if (/^[\d_]+$/.test(value)) entries[key!] = Number(value.replaceAll('_', ''));
    else if (value === 'true' || value === 'false') entries[key!] = value === 'true';
    else if (/^'[^']*'$/.test(value)) entries[key!] = value.slice(1, -1);
  }
  return entries;
}

describe('README defaults block', () => {
  const block = defaultsBlock();
  const options = ['path', 'client', 'tokenMode', 'cors', 'trustProxy', 'upstreamTimeoutMs', 'retries', 'refreshAheadMs', 'errorCooldownMs', 'maxSignatures', 'minFetchIntervalMs', 'warm'] as const;

  it.each(options)('%s matches DEFAULTS', (key) => {
    expect(block[key]).toEqual(DEFAULTS[key]);
  });

  it('apiBase falls back to the DEFAULTS value', () => {
    expect(readme).toContain(`apiBase: process.env.WX_API_BASE || '${DEFAULTS.apiBase}'`);
  });

  it('wecomApiBase falls back to the DEFAULTS value', () => {
    expect(readme).toContain(`wecomApiBase: process.env.WECOM_API_BASE || '${DEFAULTS.wecomApiBase}'`);
  });

  it('lists no literal default that DEFAULTS does not have', () => {
    expect(Object.keys(block).filter((key) => !(key in DEFAULTS))).toEqual([]);
  });
});

describe('README analytics defaults block', () => {
  const start = readme.indexOf('The analytics defaults are equivalent to:');
  const block = readme.slice(start, readme.indexOf('```\n', readme.indexOf('```js', start) + 5));

  it.each(['timeZone', 'maxPages', 'retentionDays', 'flushIntervalMs', 'eventsPerMinute'] as const)('%s matches ANALYTICS_DEFAULTS', (key) => {
    expect(start).toBeGreaterThan(-1);
    const match = new RegExp(`^\\s+${key}: ([^,]+),`, 'm').exec(block);
    const raw = match?.[1]?.trim() ?? '';
    const value = /^'.*'$/.test(raw) ? raw.slice(1, -1) : Number(raw.replaceAll('_', ''));
    expect(value).toEqual(ANALYTICS_DEFAULTS[key]);
  });
});
