// signRequest(): the signature of the page a server is rendering, in one call, for renderConfigScript().
import { pageUrl, type PageRequest, type PageUrlOptions } from './page-url.js';
import type { Signer, SignOptions, SignResult } from './signer.js';

export interface SignRequestOptions extends PageUrlOptions, SignOptions {}

/**
 * `signer.sign(pageUrl(req, options), { container })`: signs the url the browser has for the page this request
 * renders, with the same validation and allowedHosts as the signature route (`container: 'wecom'` for a page opened
 * in WeCom). Rejects with ShareError (e.g. 403 host_not_allowed).
 */
export async function signRequest(
  signer: Pick<Signer, 'sign'>,
  req: PageRequest,
  options?: SignRequestOptions,
): Promise<SignResult> {
  const url = pageUrl(req, options === undefined ? undefined : { trustProxy: options.trustProxy });
  return options?.container === undefined ? signer.sign(url) : signer.sign(url, { container: options.container });
}
