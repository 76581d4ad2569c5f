// A ShareFailure: the message (WeChat's errMsg or ours) with the hint for it.
import { hint } from './hints.js';
import type { ShareFailure } from './types.js';

export const failure = (message: string): ShareFailure => ({ message, hint: hint(message) });
