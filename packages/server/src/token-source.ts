// What the token service reads the single owner of the access token through: the Signer's token part.

import type { AccessToken, RefreshedAccessToken } from './credentials.js';

export type { AccessToken, RefreshedAccessToken };

/** The token part of the Signer (signer.ts); its errors are ShareErrors. */
export interface TokenSource {
  /** agentId: which WeCom app of the corp `appId`, when it has several. */
  accessToken(appId?: string, agentId?: string): Promise<AccessToken>;
  /** Drops and refetches once if `rejected` is the current token (coalesced); otherwise answers the current one. */
  refreshAccessToken(rejected: string, appId?: string, agentId?: string): Promise<RefreshedAccessToken>;
  ready(): Promise<void>;
}

