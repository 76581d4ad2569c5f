import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // Node: the emulated WeChat API, and the Node side of the bridge emulation ('@share/wechat-mock/bridge').
    entry: { index: 'src/index.ts', 'bridge-node': 'src/bridge/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    // Keep the browser bundle below: both configs build at the same time into dist/.
    clean: ['!bridge.js', '!bridge.js.map', '!cli.js', '!cli.js.map'],
    sourcemap: true,
    target: 'node20',
  },
  {
    // Browser: dist/bridge.js, a classic script that installs window.WeixinJSBridge ('@share/wechat-mock/bridge.js').
    entry: { bridge: 'src/bridge/browser.ts' },
    format: ['iife'],
    platform: 'browser',
    target: 'es2019',
    minify: false,
    sourcemap: true,
    clean: false,
    outExtension: () => ({ js: '.js' }),
  },
  {
    // The `wechat-mock` command (package.json bin), ESM only.
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    sourcemap: true,
    clean: false,
    target: 'node20',
  },
]);
