// The bench's network: every request to the share-ready pages' server waits a fixed time before it is handled.
import type { NextFunction, Request, Response } from 'express';

/**
 * Express middleware that holds every request for `latencyMs` before passing it on, so that each response reaches
 * the browser one round trip of that network later than on loopback. Connection set-up and bandwidth are not modelled.
 */
export function delayEveryRequest(latencyMs: number): (req: Request, res: Response, next: NextFunction) => void {
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new RangeError(`latencyMs must be a number >= 0, got ${latencyMs}`);
  return (_req, res, next) => {
    const timer = setTimeout(next, latencyMs);
    // A browser that gave up (a closed tab) is not answered later.
    res.once('close', () => clearTimeout(timer));
  };
}
