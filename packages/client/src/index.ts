// @share/client for bundlers: share(), update() and their types. Importing it has no side effect.
export { share, update } from './share.js';
export type { NotAvailable, ShareData, ShareFailure, ShareOptions, ShareOutcome, ShareResult } from './types.js';
