// Builds dist/share.js (ESM + types, for bundlers; WeCom and mini-program code in the chunk dist/share-containers.js),
// dist/share.min.js (IIFE `WxShare` for a <script> tag), and two ES modules share.min.js import()s from next to
// itself: dist/share-apps.js (WeCom and mini-program web-views only) and dist/share-debug.js (debug on only).
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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

// dist/share.min.js ships one pointer to the README instead of the hint texts (like React's production error
// codes): about 150 bytes gzip that every visitor would download for the developer's benefit.
const liteHints = {
  name: 'lite-hints',
  resolveId: (source) =>
    source === './hints.js' ? fileURLToPath(new URL('./src/hints-lite.ts', import.meta.url)) : null,
};

// dist/share.min.js has no debug log either (about 70 bytes gzip): with debug on, share.ts import()s
// dist/share-debug.js, the same code with the log and the hint texts, from next to its own file.
const liteLog = {
  name: 'lite-log',
  resolveId: (source, importer) => {
    if (!importer?.endsWith('/src/share.ts')) return null;
    if (source === './log.js') return fileURLToPath(new URL('./src/log-lite.ts', import.meta.url));
    return source === './debug.js' ? { id: './share-debug.js', external: true } : null;
  },
};

// The script tag's build does not bundle the container code: share.ts import()s the second file instead, which a
// classic script resolves against its own url (the directory share.min.js came from). Bundlers get a chunk.
const containersFile = {
  name: 'containers-file',
  resolveId: (source, importer) =>
    source === './containers.js' && importer?.endsWith('/src/share.ts') ? { id: './share-apps.js', external: true } : null,
};

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
    input: 'src/index.ts',
    output: { dir: 'dist', entryFileNames: 'share.js', chunkFileNames: 'share-[name].js', format: 'es', banner },
    plugins: [
      typescript({ tsconfig: './tsconfig.build.json', declaration: true, declarationDir: 'dist/types' }),
      typesEntry,
    ],
  },
  {
    // A separate entry: importing the ESM build must not run anything, the script tag must.
    input: 'src/script.ts',
    output: { file: 'dist/share.min.js', format: "iife", name: "WxShare", banner, strict: false },
    plugins: [liteHints, liteLog, containersFile, browserOnly, typescript({ tsconfig: './tsconfig.build.json' }), minify()],
  },
  {
    // An ES module that share.min.js import()s with debug on: the full run (it loads share-apps.js the same way).
    input: 'src/debug.ts',
    output: { file: 'dist/share-debug.js', format: 'es', banner },
    plugins: [containersFile, browserOnly, typescript({ tsconfig: './tsconfig.build.json' }), minify()],
  },
  {
    // An ES module that share.min.js import()s (standalone: everything it needs is inside).
    input: 'src/containers.ts',
    output: { file: 'dist/share-apps.js', format: 'es', banner },
    plugins: [liteHints, browserOnly, typescript({ tsconfig: './tsconfig.build.json' }), minify()],
  },
];
