// A ShareFailure: the message (WeChat's errMsg or ours) with the hint of the first HINTS key found in it.
import { HINTS } from './hints.js';
import type { ShareFailure } from './types.js';

export const failure = (message: string): ShareFailure => ({
  message,
  hint: HINTS.find(([key]) => message.includes(key))?.[1] || '',
});
