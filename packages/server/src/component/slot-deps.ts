// How the platform's slots and each authorizer's reach the credentials owner: its store, clock, counters and failure
// log, each failure described for the appid concerned with every secret of the platform blanked out.
import type { ShareError } from '../errors.js';
import type { FailureOwner } from '../credentials/failure-log.js';
import type { SharedCredentialDeps } from '../credentials/shared.js';
import { toShareError } from '../credentials/share-error.js';
import type { SlotDeps } from '../credentials/slot.js';

export interface ComponentSlotDeps {
  /** The ShareError a request answers for `cause`, about `appId` (no secret in it). */
  describe(cause: unknown, appId: string): ShareError;
  /** The deps of a slot of `owner` (the platform or one authorizer), its failures described for `appId`. */
  slotDeps(owner: FailureOwner, appId: string): SlotDeps;
}

export function componentSlotDeps(shared: SharedCredentialDeps, secrets: () => string[]): ComponentSlotDeps {
  const { config: c, store, counters, closing } = shared;
  const describe = (cause: unknown, appId: string) =>
    toShareError(cause, { account: { appId }, secrets: secrets(), closing: closing.aborted, requestTimeoutMs: c.requestTimeoutMs });
  return {
    describe,
    slotDeps: (owner, appId) => ({
      store,
      now: c.now,
      timings: c,
      retries: c.retries,
      secrets,
      onStoreHit: () => void counters.storeHits++,
      describe: (cause) => describe(cause, appId),
      onFailure: (error, cause, memory, background) => shared.logFailure(owner, { error, cause, memory, background }),
    }),
  };
}
