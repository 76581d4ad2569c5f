import { defineConfig } from 'tsup';
import { clientFilesDefine } from './client-files.js';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  define: clientFilesDefine(),
});
