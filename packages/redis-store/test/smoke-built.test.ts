// The BUILT package, imported the way a user would: as ESM and as CommonJS.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const probe = (load: string) =>
  `${load}.then((m) => { const s = new m.RedisStore({ sendCommand: async () => null }); ` +
  `console.log(JSON.stringify([typeof m.createRedisStore, typeof m.RedisStoreError, typeof s.lock, typeof s.subscribe])); })`;
const expected = ['function', 'function', 'function', 'function'];

describe('the built package', () => {
  it('has been built (turbo runs build before test)', () => {
    expect(existsSync(`${root}dist/index.js`) && existsSync(`${root}dist/index.cjs`) && existsSync(`${root}dist/index.d.ts`)).toBe(true);
  });

  it('imports as ESM', () => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', probe("import('@share/redis-store')")], { cwd: root });
    expect(JSON.parse(String(out))).toEqual(expected);
  });

  it('requires as CommonJS', () => {
    const out = execFileSync(process.execPath, ['-e', probe("Promise.resolve(require('@share/redis-store'))")], { cwd: root });
    expect(JSON.parse(String(out))).toEqual(expected);
  });
});
