// The signer as users see it on wxShare() and createFetchHandler(): its public methods only.
import type { Signer, SignerCore } from './signer.js';

export function publicSigner(core: SignerCore): Signer {
  return {
    sign: (url) => core.sign(url),
    refresh: (appId) => core.refresh(appId),
    ready: () => core.ready(),
    accessToken: (appId) => core.accessToken(appId),
    refreshAccessToken: (rejected, appId) => core.refreshAccessToken(rejected, appId),
    close: () => core.close(),
    stats: () => core.stats(),
  };
}
