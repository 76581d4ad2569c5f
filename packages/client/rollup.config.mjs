// Builds dist/share.js (ESM + types, for bundlers) and dist/share.min.js (IIFE `WxShare` for a <script> tag).
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
  },
};

// dist/share.min.js ships one pointer to the README instead of the hint texts (like React's production error
// codes): about 150 bytes gzip that every visitor would download for the developer's benefit.
const liteHints = {
  name: 'lite-hints',
  resolveId: (source) =>
    source === './hints.js' ? fileURLToPath(new URL('./src/hints-lite.ts', import.meta.url)) : null,
};

// The script tag runs in a browser only: env.ts's guards for a server (globalThis.navigator?.) are dead weight there.
const browserOnly = {
  name: 'browser-only',
  transform: (code, id) => (id.endsWith('/src/env.ts') ? code.replace(/globalThis\.(\w+)\?\./g, '$1.') : null),
};

export default [
  {
    input: 'src/index.ts',
    output: { file: 'dist/share.js', format: 'es', banner },
    plugins: [
      typescript({ tsconfig: './tsconfig.build.json', declaration: true, declarationDir: 'dist/types' }),
      typesEntry,
    ],
  },
  {
    // A separate entry: importing the ESM build must not run anything, the script tag must.
    input: 'src/script.ts',
    output: { file: 'dist/share.min.js', format: "iife", name: "WxShare", banner, strict: false },
    plugins: [
      liteHints,
      browserOnly,
      typescript({ tsconfig: './tsconfig.build.json' }),
      terser({
        ecma: 2020,
        compress: { passes: 3, unsafe: true, unsafe_arrows: true, pure_getters: true, inline: 1 },
        format: { comments: /^!/ },
      }),
    ],
  },
];
