// The debug log (`debug: true` / data-debug): each step as a console.info line starting with [share].
// dist/share.min.js is built with log-lite.ts instead and hands a debug run over to dist/share-debug.js (share.ts).
import type { ShareOptions } from './types.js';

/** This build logs: share.ts runs debug calls itself. */
export const logging = true;

export const log = (o: ShareOptions, ...args: unknown[]) => o.debug && console.info('[share]', ...args);
