// The composition root of wxShare() and createFetchHandler(): from one resolved config, the signer (which only signs),
// the analytics counter, the client files and the route table, and the one close() that ends them all.
import type { Analytics } from './analytics/analytics.js';
import { counterOf } from './analytics/counter.js';
import { clientOf, type ClientAsset } from './client-asset.js';
import type { ComponentCredentials } from './component/credentials.js';
import { createRequestHandler, type RequestHandler } from './handle-request.js';
import type { Config } from './options.js';
import { publicSigner } from './public-signer.js';
import type { Signer, SignerCore } from './signer.js';

export interface Share {
  readonly config: Config;
  /** The signer as users see it (`.signer`): its close() closes everything below. */
  readonly signer: Signer;
  /** The counter, when analytics is on. */
  readonly analytics: Analytics | undefined;
  readonly client: ClientAsset | undefined;
  /** The third-party platform's credentials, when `component` is configured. */
  readonly component: ComponentCredentials | undefined;
  /** The one request handling every adapter calls. */
  readonly handle: RequestHandler;
}

export function composeShare(core: SignerCore, client: ClientAsset | undefined = clientOf(core.config)): Share {
  const { config } = core;
  const analytics = counterOf(config);
  const { component } = core;
  const handle = createRequestHandler({ signer: core, client, analytics });
  const close = async () => {
    await Promise.all([core.close(), analytics?.close()]); // the counter writes what is pending (core closes the component)
  };
  return { config, signer: { ...publicSigner(core), close }, analytics, client, component, handle };
}
