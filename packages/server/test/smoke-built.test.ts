// Imports the BUILT package (dist/) the way a user would: ESM import and CJS require, by its package name.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = (file: string) => fileURLToPath(new URL(`../dist/${file}`, import.meta.url));
// Spawning node and loading dist can take seconds on a busy machine.
const SLOW = 60_000;
/** The main entry: the signing core only. */
const EXPORTS = ['MemoryStore', 'ShareError', 'createFetchHandler', 'createSigner', 'jsapiSignature', 'wxShare'];
/** The subpath entries, each its own file in both formats. */
const SUBPATHS: Record<string, string[]> = {
  ssr: ['pageUrl', 'renderConfigScript', 'signRequest'],
  analytics: ['MemoryAnalyticsStore', 'OTHER_PAGE', 'createAnalytics'],
  'token-service': ['TokenServiceError', 'tokenServiceClient'],
};

/** Runs a snippet in a fresh node inside the package, so `@share/server` resolves through package.json "exports". */
function node(args: string[], env: Record<string, string> = {}): string {
  return execFileSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  });
}

const PROBE = `
  const keys = Object.keys(m).sort();
  const vector = m.jsapiSignature({ ticket: 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg', nonceStr: 'Wm3WZYTPz0wzccnW', timestamp: 1414587457, url: 'http://mp.weixin.qq.com?params=value' });
  let missing = '';
  try { m.wxShare(); } catch (e) { missing = e.message; }
  const error = new m.ShareError('invalid_url', 400, 'x');
  console.log(JSON.stringify({ keys, vector, missing, isError: error instanceof Error, json: error.toJSON() }));
`;

beforeAll(() => {
  if (!existsSync(dist('index.js')) || !existsSync(dist('index.cjs'))) {
    throw new Error('dist/ is missing: run `pnpm --filter @share/server build` (turbo runs it before test)');
  }
});

describe.each([
  ['ESM import', ['--input-type=module', '-e', `import * as m from '@share/server';${PROBE}`]],
  ['CJS require', ['-e', `const m = require('@share/server');${PROBE}`]],
])('the built package via %s', (_, args) => {
  it('exports the public API, and it works', () => {
    const out = JSON.parse(node(args));
    expect(out.keys).toEqual(EXPORTS);
    expect(out.vector).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
    expect(out.missing).toContain('set WX_APPID or pass appId');
    expect(out.missing).toContain('set WX_APPSECRET or pass appSecret');
    expect(out.isError).toBe(true);
    expect(out.json).toEqual({ error: { code: 'invalid_url', message: 'x' } });
  }, SLOW);
});

describe.each(Object.entries(SUBPATHS))('@share/server/%s', (subpath, names) => {
  it('exports its part of the API as ESM and as CJS, and nothing of the main entry', () => {
    const probe = 'console.log(JSON.stringify(Object.keys(m).sort()))';
    expect(JSON.parse(node(['--input-type=module', '-e', `import * as m from '@share/server/${subpath}';${probe}`]))).toEqual(names);
    expect(JSON.parse(node(['-e', `const m = require('@share/server/${subpath}');${probe}`]))).toEqual(names);
  }, SLOW);

  it('ships type declarations for both formats', () => {
    for (const file of [`${subpath}.d.ts`, `${subpath}.d.cts`]) {
      const types = readFileSync(dist(file), 'utf8');
      for (const name of names) expect(types).toContain(name);
    }
  });
});

describe('the entries together', () => {
  const check = "try { pageUrl({ url: 'ftp://x/', headers: { get: () => null } }); } catch (e) { console.log(e instanceof ShareError, e.code); }";
  it.each([
    ['ESM', ['--input-type=module', '-e', `import { ShareError } from '@share/server'; import { pageUrl } from '@share/server/ssr'; ${check}`]],
    ['CJS', ['-e', `const { ShareError } = require('@share/server'); const { pageUrl } = require('@share/server/ssr'); ${check}`]],
  ])("share one ShareError class in %s: an error of /ssr is instanceof the main entry's", (_, args) => {
    expect(node(args).trim()).toBe('true invalid_url');
  }, SLOW);
});

describe('the built files', () => {
  it('resolve to dist/ through package.json exports', () => {
    expect(node(['-p', "require.resolve('@share/server')"]).trim()).toBe(dist('index.cjs'));
    expect(node(['--input-type=module', '-e', "console.log(import.meta.resolve('@share/server'))"]).trim()).toBe(pathToFileURL(dist('index.js')).href);
  }, SLOW);

  it('import nothing of express at run time (an optional peer, for types only)', () => {
    for (const file of ['index.js', 'index.cjs', ...Object.keys(SUBPATHS).flatMap((name) => [`${name}.js`, `${name}.cjs`])]) {
      expect(readFileSync(dist(file), 'utf8')).not.toMatch(/(from|require\()\s*["']express["']/);
    }
  });

  it('ship type declarations for both formats', () => {
    for (const file of ['index.d.ts', 'index.d.cts']) {
      const types = readFileSync(dist(file), 'utf8');
      for (const name of [...EXPORTS, 'Options', 'SignResult', 'CredentialStore', 'StoredCredential', 'Logger']) {
        expect(types).toContain(name);
      }
    }
  });

  it('load in this process as ESM', async () => {
    const m = await import(pathToFileURL(dist('index.js')).href);
    expect(typeof m.wxShare).toBe('function');
    expect(typeof m.createSigner).toBe('function');
  }, SLOW);
});
