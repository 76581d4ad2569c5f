// @share/client for bundlers: share(), update() and their types. Importing it has no side effect.
export { share, update } from './share.js';
export type { ShareData, ShareFailure, ShareOptions, ShareResult } from './types.js';
