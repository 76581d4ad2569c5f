// Build time: @share/client's browser files as one JSON constant, which tsup (and vitest, for the tests on src/)
// write into @share/server's code. Served from memory, they need no file lookup at run time, which bundlers (Next.js's
// Turbopack, serverless packagers) break.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const resolve = createRequire(import.meta.url).resolve;
/** share.min.js, and the files it import()s from its own folder: WeCom and mini-program code, the debug run. */
const FILES = ['share.min.js', 'share-apps.js', 'share-debug.js'];
const read = (name: string) => readFileSync(resolve(`@share/client/${name}`), 'utf8');

/** `define` for tsup and vitest: __SHARE_CLIENT_FILES__ -> { 'share.min.js': '…', … }. */
export const clientFilesDefine = (): Record<string, string> => ({
  __SHARE_CLIENT_FILES__: JSON.stringify(Object.fromEntries(FILES.map((name) => [name, read(name)]))),
});
