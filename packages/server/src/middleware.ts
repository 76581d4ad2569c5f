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

  return fastRouter(handle, publicSigner(signer));
}

type Handle = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * A real express Router holding `handle`, whose call skips the Router's dispatch (layer matching, baseUrl
 * bookkeeping: about 7% of a warm request's CPU) while `handle` is all it holds. Anything added later with
 * use()/get() is honoured: the call then goes through the Router as usual.
 */
function fastRouter(handle: Handle, signer: Signer): ShareRouter {
  const router = Router();
  router.use(handle);
  const share = function wxShareRouter(req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) {
    if (router.stack.length === 1) handle(req, res, next);
    else (router as unknown as { handle: Handle }).handle(req, res, next);
  } as unknown as ShareRouter;
  Object.setPrototypeOf(share, Object.getPrototypeOf(router));
  for (const key of Object.keys(router)) (share as unknown as Record<string, unknown>)[key] = (router as unknown as Record<string, unknown>)[key];
  Object.defineProperty(share, 'signer', { value: signer, enumerable: true });
  return share;
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
