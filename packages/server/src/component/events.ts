// What share does with each push of a third-party platform, once readPush() has verified and decrypted it.
import { ShareError } from '../errors.js';
import type { ComponentCredentials } from './credentials.js';
import type { ComponentEvent } from './push.js';

/** api_query_auth: the authorization code is unknown or was already used. */
const CODE_USED = 61009;

/** What a push did: for the log and for tests. */
export type PushOutcome = 'verify_ticket_kept' | 'verify_ticket_ignored' | 'authorized' | 'unauthorized' | 'ignored';

/**
 * Applies one push: a verify ticket is kept when later than the one held; `authorized` / `updateauthorized` exchange
 * their AuthorizationCode as the callback does; `unauthorized` forgets the account; any other InfoType is ignored.
 */
export async function applyComponentEvent(credentials: ComponentCredentials, event: ComponentEvent): Promise<PushOutcome> {
  switch (event.infoType) {
    case 'component_verify_ticket':
      return (await credentials.verifyTicket(event.ticket, event.createTime)) === 'kept' ? 'verify_ticket_kept' : 'verify_ticket_ignored';
    case 'authorized':
    case 'updateauthorized':
      try {
        await credentials.authorize(event.authorizationCode);
      } catch (err) {
        // The callback (here or on another instance) exchanged the same code first: nothing is left to do.
        if (!(err instanceof ShareError && err.errcode === CODE_USED && (await credentials.isAuthorizer(event.authorizerAppId)))) throw err;
      }
      return 'authorized';
    case 'unauthorized':
      await credentials.forget(event.authorizerAppId);
      return 'unauthorized';
    default:
      return 'ignored';
  }
}
