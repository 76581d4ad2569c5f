// Vitest settings: timeouts only catch hangs (nothing here is timed), so they are generous for loaded CI machines.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
