// signRequest(): the signature of the page a server is rendering, in one call, for renderConfigScript().
import { pageUrl, type PageRequest, type PageUrlOptions } from './page-url.js';
import type { Signer, SignResult } from './signer.js';

/**
 * `signer.sign(pageUrl(req, options))`: signs the url the browser has for the page this request renders, with the
 * same validation and allowedHosts as the signature route. Rejects with ShareError (e.g. 403 host_not_allowed).
 */
export async function signRequest(
  signer: Pick<Signer, 'sign'>,
  req: PageRequest,
  options?: PageUrlOptions,
): Promise<SignResult> {
  return signer.sign(pageUrl(req, options));
}
