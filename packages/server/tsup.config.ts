import { defineConfig } from 'tsup';
import { clientFilesDefine } from './client-files.js';

export default defineConfig({
  // The main entry and the subpath entries (package.json exports), each ESM and CJS with its types; cli.ts: the
  // `share-server` command (package.json bin), which bundles its HTML parser and image-size (devDependencies).
  entry: {
    index: 'src/index.ts',
    ssr: 'src/entries/ssr.ts',
    analytics: 'src/entries/analytics.ts',
    'token-service': 'src/entries/token-service.ts',
    cli: 'src/cli.ts',
  },
  noExternal: ['htmlparser2', 'image-size'],
  format: ['esm', 'cjs'],
  // Shared chunks in CJS too: one ShareError class whichever entry threw it (instanceof holds across entries).
  splitting: true,
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  define: clientFilesDefine(),
});
