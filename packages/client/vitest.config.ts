// Tests run in Node; files that need a DOM opt into jsdom with a `@vitest-environment jsdom` docblock.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environmentOptions: { jsdom: { url: 'https://example.com/' } },
    // Generous: they only catch hangs. jsdom pages and a child node process are slow on a loaded shared machine.
    testTimeout: 30_000,
  },
});
