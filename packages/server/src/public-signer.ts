// The signer as users see it on wxShare() and createFetchHandler(): its public methods only.
import type { Signer, SignerCore } from './signer.js';

export function publicSigner(core: SignerCore): Signer {
  return {
    sign: (url, options) => core.sign(url, options),
    refresh: (appId) => core.refresh(appId),
    ready: () => core.ready(),
    accessToken: (appId, agentId) => core.accessToken(appId, agentId),
    refreshAccessToken: (rejected, appId, agentId) => core.refreshAccessToken(rejected, appId, agentId),
    close: () => core.close(),
    stats: () => core.stats(),
  };
}
