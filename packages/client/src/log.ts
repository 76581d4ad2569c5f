// The debug log (`debug: true` / data-debug): each step as a console.info line starting with [share].
// Builds without __LOG__ (share.min.js) have none: share.ts hands a debug run over to share-debug.js instead.
import type { ShareOptions } from './types.js';

export const log = (o: ShareOptions, ...args: unknown[]) => {
  if (__LOG__ && o.debug) console.info('[share]', ...args);
};
