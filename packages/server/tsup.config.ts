import { defineConfig } from 'tsup';
import { clientFilesDefine } from './client-files.js';

export default defineConfig({
  // cli.ts: the `share-server` command (package.json bin); it bundles its HTML parser and image-size (devDependencies).
  entry: ['src/index.ts', 'src/cli.ts'],
  noExternal: ['htmlparser2', 'image-size'],
  splitting: false,
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  define: clientFilesDefine(),
});
