// The built ESM package, imported the way a bundler user or a server-side renderer would.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dist = (file: string) => new URL(`../dist/${file}`, import.meta.url);

describe('dist/share.js', () => {
  it('imports on a server (no window, no document) without side effects and exports share and update', () => {
    const script = `
      const client = await import(${JSON.stringify(dist('share.js').href)});
      const error = await client.share().catch((e) => e);
      console.log(JSON.stringify({ exports: Object.keys(client).sort(), error }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      exports: ['share', 'update'],
      error: { message: 'not in WeChat', hint: expect.stringContaining('force') },
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
