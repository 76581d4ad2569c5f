// Tests run in Node; files that need a DOM opt into jsdom with a `@vitest-environment jsdom` docblock.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The build flags of src/flags.d.ts as the bundlers' build sets them (the built files are tested from dist/).
  define: { __HINTS__: 'true', __LOG__: 'true', __PARTS__: 'false' },
  test: {
    environmentOptions: { jsdom: { url: 'https://example.com/' } },
    // Generous: they only catch hangs. jsdom pages and a child node process are slow on a loaded shared machine.
    testTimeout: 30_000,
  },
});
