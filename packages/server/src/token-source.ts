// What the token service reads the single owner of the access token through, and the adapter that finds it on a signer.

export interface AccessToken {
  accessToken: string;
  /** ms since the epoch, already minus the safety margin. */
  expiresAt: number;
}

export interface RefreshedAccessToken extends AccessToken {
  refreshed: boolean;
  /** Why the token was not refetched although it was the current one (e.g. stable mode's force_refresh limit). */
  reason?: string | undefined;
}

/** The token part of the Signer (signer.ts); its errors are ShareErrors. */
export interface TokenSource {
  accessToken(appId?: string): Promise<AccessToken>;
  /** Drops and refetches once if `rejected` is the current token (coalesced); otherwise answers the current one. */
  refreshAccessToken(rejected: string, appId?: string): Promise<RefreshedAccessToken>;
  ready(): Promise<void>;
}

/** The signer itself when it has the token methods; undefined in a build whose signer does not offer them yet. */
export function tokenSourceOf(signer: object): TokenSource | undefined {
  const s = signer as Partial<TokenSource>;
  if (typeof s.accessToken !== 'function' || typeof s.refreshAccessToken !== 'function') return undefined;
  return {
    accessToken: (appId) => s.accessToken!.call(signer, appId),
    refreshAccessToken: (rejected, appId) => s.refreshAccessToken!.call(signer, rejected, appId),
    ready: () => (typeof s.ready === 'function' ? s.ready.call(signer) : Promise.resolve()),
  };
}
