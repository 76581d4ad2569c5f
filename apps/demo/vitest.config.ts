import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The end-to-end files each drive a real Chromium: one file at a time on a 2-core machine.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Every createServer() of a run keeps its analytics database in a fresh folder, not in apps/demo/data.
    env: { SHARE_DATA_DIR: mkdtempSync(join(tmpdir(), 'share-demo-test-')) },
  },
});
