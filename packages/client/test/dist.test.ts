// The built ESM package, imported the way a bundler user or a server-side renderer would.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dist = (file: string) => new URL(`../dist/${file}`, import.meta.url);

describe('dist/share.js', () => {
  it('imports on a server (no window, no document) without side effects and exports share and update', () => {
    // Plain node, as a server-side renderer imports it: nothing runs, nothing is defined, share() and update() say
    // sharing is not available here.
    const script = `
      const before = Object.getOwnPropertyNames(globalThis);
      const client = await import(${JSON.stringify(dist('share.js').href)});
      const added = Object.getOwnPropertyNames(globalThis).filter((name) => !before.includes(name));
      const errors = [await client.share(), await client.update({ title: 'x' })];
      console.log(JSON.stringify({ browser: typeof window + typeof document, exports: Object.keys(client).sort(), added, errors }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const notInWeChat = { available: false, reason: 'not in WeChat' };
    expect(JSON.parse(run.stdout)).toEqual({
      browser: 'undefinedundefined',
      exports: ['share', 'update'],
      added: [],
      errors: [notInWeChat, notInWeChat],
    });
  });

  it('has the license banner and types for every export', () => {
    expect(readFileSync(dist('share.js'), 'utf8')).toMatch(/^\/\*! @share\/client /);
    const entry = readFileSync(dist('share.d.ts'), 'utf8');
    const types = readFileSync(dist('types/index.d.ts'), 'utf8');
    expect(entry).toContain("from './types/index.js'");
    for (const name of ['share', 'update', 'ShareData', 'ShareOptions', 'ShareFailure', 'ShareResult'])
      expect(types).toContain(name);
  });
});
