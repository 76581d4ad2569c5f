// A fresh project for README snippets: a folder under packages/server/node_modules (ignored by git) whose own
// node_modules links the workspace's packages and the frameworks installed for examples/, as `npm install` would.
// With SHARE_SNIPPET_TARBALLS (a folder of `pnpm pack` tarballs, as .ci/pack makes them), the @share packages are the
// packed ones, unpacked in place of the links: what a user installs from the registry, files list and exports included.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = new URL('../../../../', import.meta.url);
const repo = (path: string) => fileURLToPath(new URL(path, REPO_ROOT));

/** What the snippets import, and where the workspace has it installed. */
const LINKS: Record<string, string> = {
  '@share/server': 'packages/server',
  '@share/client': 'packages/client',
  '@share/redis-store': 'packages/redis-store',
  '@share/analytics-sqlite': 'packages/analytics-sqlite',
  '@share/wechat-mock': 'packages/wechat-mock',
  express: 'packages/server/node_modules/express',
  '@types/express': 'packages/server/node_modules/@types/express',
  ioredis: 'packages/redis-store/node_modules/ioredis',
  redis: 'packages/redis-store/node_modules/redis',
  '@nestjs/common': 'examples/nestjs/node_modules/@nestjs/common',
  '@nestjs/core': 'examples/nestjs/node_modules/@nestjs/core',
  '@nestjs/platform-express': 'examples/nestjs/node_modules/@nestjs/platform-express',
  'reflect-metadata': 'examples/nestjs/node_modules/reflect-metadata',
  rxjs: 'examples/nestjs/node_modules/rxjs',
  koa: 'examples/koa/node_modules/koa',
  '@koa/router': 'examples/koa/node_modules/@koa/router',
  fastify: 'examples/fastify/node_modules/fastify',
  hono: 'examples/hono/node_modules/hono',
  '@hono/node-server': 'examples/hono/node_modules/@hono/node-server',
  // The SQLite package's driver on a Node without node:sqlite (20); the packed package finds it here.
  'better-sqlite3': 'packages/analytics-sqlite/node_modules/better-sqlite3',
};

/** The tarball of an @share package in `folder` (share-server-0.1.0.tgz for @share/server). */
function tarballOf(folder: string, name: string): string {
  const prefix = name.replace('@', '').replace('/', '-') + '-';
  const found = readdirSync(folder).filter((file) => file.startsWith(prefix) && /^\d/.test(file.slice(prefix.length)));
  if (found.length !== 1) throw new Error(`SHARE_SNIPPET_TARBALLS: expected one ${prefix}<version>.tgz in ${folder}, found ${found.length}`);
  return join(folder, found[0]!);
}

function typesNode(): string {
  const store = repo('node_modules/.pnpm');
  const entry = readdirSync(store).find((name) => name.startsWith('@types+node@'));
  if (!entry) throw new Error('@types/node is not installed in the workspace: run pnpm install');
  return join(store, entry, 'node_modules/@types/node');
}

export interface SnippetProject {
  dir: string;
  /** Writes a file of the project and answers its absolute path. */
  write(name: string, text: string): string;
  remove(): void;
}

export function snippetProject(): SnippetProject {
  const parent = repo('packages/server/node_modules');
  const dir = mkdtempSync(join(parent, '.readme-snippets-'));
  const link = (name: string, target: string) => {
    const path = join(dir, 'node_modules', name);
    mkdirSync(dirname(path), { recursive: true });
    symlinkSync(target, path, 'dir');
  };
  const tarballs = process.env.SHARE_SNIPPET_TARBALLS;
  for (const [name, target] of Object.entries(LINKS)) {
    if (tarballs && name.startsWith('@share/')) {
      const path = join(dir, 'node_modules', name);
      mkdirSync(path, { recursive: true });
      execFileSync('tar', ['-xzf', tarballOf(tarballs, name), '-C', path, '--strip-components=1']);
    } else link(name, repo(target));
  }
  link('@types/node', typesNode());
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'readme-snippets', private: true, type: 'module' }));
  return {
    dir,
    write(name, text) {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
