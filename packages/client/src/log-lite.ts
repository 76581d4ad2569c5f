// The log of dist/share.min.js: none (every byte ships to every visitor). With debug on, share.ts import()s
// dist/share-debug.js, the same code built with log.ts and the hint texts, and lets it run instead.
import type { ShareOptions } from './types.js';

export const logging = false;

export const log = (_o: ShareOptions, ..._args: unknown[]) => {};
