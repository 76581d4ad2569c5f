// Builds dist/share.js (ESM + types, for bundlers; WeCom and mini-program code in the chunk dist/share-containers.js),
// dist/share.min.js (IIFE `WxShare` for a <script> tag), and two ES modules share.min.js import()s from next to
// itself: dist/share-apps.js (WeCom and mini-program web-views only) and dist/share-debug.js (debug on only).
import { readFileSync, rmSync } from 'node:fs';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const banner = `/*! @share/client ${version} | MIT */`;

rmSync(new URL('./dist', import.meta.url), { recursive: true, force: true }); // no stale declarations

// dist/share.d.ts is the entry the package exports; the declarations themselves live in dist/types/.
// dist/share.min.d.ts types the script-tag file: it exports nothing and defines the global WxShare.
const scriptTypes = `// Loaded by a <script> tag, dist/share.min.js defines the global WxShare.
declare global {
  var WxShare: typeof import('./types/script.js');
}
export {};
`;
const typesEntry = {
  name: 'types-entry',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'share.d.ts', source: "export * from './types/index.js';\n" });
    this.emitFile({ type: 'asset', fileName: 'share.min.d.ts', source: scriptTypes });
    // dist/share-apps.js (what share.min.js import()s in WeCom and web-views) exports the containers' share().
    this.emitFile({ type: 'asset', fileName: 'share-apps.d.ts', source: "export * from './types/containers.js';\n" });
    // dist/share-debug.js (what share.min.js import()s with debug on) exports the run of share.ts.
    this.emitFile({ type: 'asset', fileName: 'share-debug.d.ts', source: "export * from './types/debug.js';\n" });
  },
};

/**
 * The build flags of src/flags.d.ts, one set per file. share.min.js, which every visitor downloads, has no hint texts
 * (one pointer to the README's Errors table instead, like React's production error codes: about 150 bytes gzip) and no
 * debug log (about 70 bytes gzip: with debug on it import()s share-debug.js, the same run with both).
 */
const flags = ({ hints, log, parts }) =>
  replace({
    preventAssignment: true,
    values: { __HINTS__: String(hints), __LOG__: String(log), __PARTS__: String(parts) },
  });

const minify = () =>
  terser({
    ecma: 2020,
    compress: { passes: 3, unsafe: true, unsafe_arrows: true, pure_getters: true, inline: 1 },
    format: { comments: /^!/ },
  });

// The script tag runs in a browser only: env.ts's guards for a server (globalThis.navigator?.) are dead weight there.
const browserOnly = {
  name: 'browser-only',
  transform: (code, id) => (id.endsWith('/src/env.ts') ? code.replace(/globalThis\.(\w+)\?\./g, '$1.') : null),
};

export default [
  {
    // For bundlers: everything a debug run needs is in; the WeCom and mini-program code is a chunk of its own.
    input: 'src/index.ts',
    output: { dir: 'dist', entryFileNames: 'share.js', chunkFileNames: 'share-[name].js', format: 'es', banner },
    plugins: [
      flags({ hints: true, log: true, parts: false }),
      typescript({ tsconfig: './tsconfig.build.json', declaration: true, declarationDir: 'dist/types' }),
      typesEntry,
    ],
  },
  {
    // A separate entry: importing the ESM build must not run anything, the script tag must.
    input: 'src/script.ts',
    output: { file: 'dist/share.min.js', format: 'iife', name: 'WxShare', banner, strict: false, inlineDynamicImports: true },
    plugins: [flags({ hints: false, log: false, parts: true }), browserOnly, typescript({ tsconfig: './tsconfig.build.json' }), minify()],
  },
  {
    // An ES module that share.min.js import()s with debug on: the full run (it import()s share-apps.js the same way).
    input: 'src/debug.ts',
    output: { file: 'dist/share-debug.js', format: 'es', banner, inlineDynamicImports: true },
    plugins: [flags({ hints: true, log: true, parts: true }), browserOnly, typescript({ tsconfig: './tsconfig.build.json' }), minify()],
  },
  {
    // An ES module that share.min.js import()s in WeCom and mini-program web-views (everything it needs is inside).
    input: 'src/containers.ts',
    output: { file: 'dist/share-apps.js', format: 'es', banner },
    plugins: [flags({ hints: false, log: true, parts: true }), browserOnly, typescript({ tsconfig: './tsconfig.build.json' }), minify()],
  },
];
