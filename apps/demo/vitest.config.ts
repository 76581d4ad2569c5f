import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The end-to-end files each drive a real Chromium: one file at a time on a 2-core machine.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
