// wxShare(): the Express Router that answers GET {path}?url=… with a wx.config signature.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Router } from 'express';
import { ALLOWED_METHODS, answerOptions, createCors } from './cors.js';
import { resolveOptions, type Options } from './options.js';
import { sendBody, sendError, sendJson } from './respond.js';
import { signerFromConfig, type SignedEntry, type Signer, type SignerCore } from './signer.js';
import { MAX_URL_LENGTH, urlParam, withoutHash } from './url.js';

export interface ShareRouter extends Router {
  /** The signer behind the route: refresh(), stats(), close(). */
  readonly signer: Signer;
}

/** `app.use(wxShare())`: mounts GET {path} (default /wx/signature); every other path goes to next(). */
export function wxShare(options?: Options): ShareRouter {
  return routerFromSigner(signerFromConfig(resolveOptions(options)));
}

export function routerFromSigner(signer: SignerCore): ShareRouter {
  const { path, logger } = signer.config;
  const cors = createCors(signer.config);
  const secrets = signer.config.accounts.flatMap((account) => (account.appSecret ? [account.appSecret] : []));

  const handle = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void => {
    const raw = req.url ?? '';
    const queryStart = onPath(raw, path);
    if (queryStart === -1) {
      next();
      return;
    }
    const method = req.method;
    if (method === 'OPTIONS') {
      if (cors === undefined) answerOptions(res);
      else cors.preflight(req, res);
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      sendJson(res, 405, { error: { code: 'method_not_allowed', message: `use GET ${path}?url=…` } }, { allow: ALLOWED_METHODS });
      return;
    }
    if (cors !== undefined) cors.apply(req, res);
    let url: string;
    try {
      url = urlParam(queryStart < raw.length ? raw.slice(queryStart + 1) : '');
    } catch (error) {
      sendError(res, error, logger, secrets);
      return;
    }
    const hit = url.length <= MAX_URL_LENGTH ? signer.cached(withoutHash(url)) : undefined;
    if (hit !== undefined) {
      sendBody(res, hit.body ?? serialize(hit));
      return;
    }
    signer.signEntry(url).then(
      (entry) => sendBody(res, entry.body ?? serialize(entry)),
      (error: unknown) => sendError(res, error, logger, secrets),
    );
  };

  const router = Router() as ShareRouter;
  router.use(handle);
  Object.defineProperty(router, 'signer', { value: publicSigner(signer), enumerable: true });
  return router;
}

/**
 * Where the query starts in a request url that is on `path` (raw.length when there is no query), or -1 when
 * the request is for another path. A trailing slash is tolerated, like Express routes do.
 */
function onPath(raw: string, path: string): number {
  if (!raw.startsWith(path)) return -1;
  let end = path.length;
  if (raw.charCodeAt(end) === 47 && path !== '/') end++; // '/'
  if (end === raw.length) return end;
  return raw.charCodeAt(end) === 63 ? end : -1; // '?'
}

/** The JSON answer of a signature, serialized once and kept with it. */
function serialize(entry: SignedEntry): Buffer {
  entry.body = Buffer.from(JSON.stringify(entry.result));
  return entry.body;
}

function publicSigner(core: SignerCore): Signer {
  return {
    sign: (url) => core.sign(url),
    refresh: (appId) => core.refresh(appId),
    close: () => core.close(),
    stats: () => core.stats(),
  };
}
