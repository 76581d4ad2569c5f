// Asks the signature endpoint (wxShare() of @share/server) to sign a page url; every failure becomes a ShareFailure.
import { failure } from './failure.js';
import type { Signature } from './types.js';

/** `params`: added after the url: the account that signs ('&appid=…') and the page's view report ('&view=1&from=…'). */
export const fetchSignature = (endpoint: string, url: string, params: string): Promise<Signature> =>
  fetch(endpoint + (endpoint.includes('?') ? '&' : '?') + 'url=' + encodeURIComponent(url) + params).then(
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
