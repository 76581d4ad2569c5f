// Tests run in Node; files that need a DOM opt into jsdom with a `@vitest-environment jsdom` docblock.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environmentOptions: { jsdom: { url: 'https://example.com/' } },
  },
});
