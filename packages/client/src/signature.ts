// Asks the signature endpoint (wxShare() of @share/server) to sign a page url; every failure becomes a ShareFailure.
import { failure } from './failure.js';
import type { Signature } from './types.js';

/** `view`: the parameters that report the page's view to the server's analytics ('&view=1&from=…'), or ''. */
export const fetchSignature = (endpoint: string, url: string, view: string): Promise<Signature> =>
  fetch(endpoint + (endpoint.includes('?') ? '&' : '?') + 'url=' + encodeURIComponent(url) + view).then(
    async (response) => {
      const body = await response.json().catch(() => 0);
      if (response.ok && body?.signature) return body;
      const detail = body?.error?.message;
      throw failure('endpoint: ' + (response.ok ? 'no signature' : 'HTTP ' + response.status + (detail ? ': ' + detail : '')));
    },
    () => {
      throw failure('endpoint unreachable');
    },
  );
