// The one request handling of wxShare's routes (the signature, the client file, the token service and analytics when on): every adapter (Express/Connect/
// node:http, fetch) translates its request into a ShareRequest and writes the ShareAnswer back, so all answer alike.
import { CLIENT_CACHE_CONTROL, CLIENT_TYPE, etagMatches, type ClientAsset, type ClientFile } from './client-asset.js';
import { createAnalyticsRoutes } from './analytics/routes.js';
import { containerParam, type Container } from './container.js';
import { ALLOWED_METHODS, createCors } from './cors.js';
import { errorAnswer, jsonAnswer, signatureAnswer, type ShareAnswer } from './respond.js';
import { onPath } from './route-path.js';
import type { SignedEntry, SignerCore } from './signer.js';
import { createTokenService, tokenRoute, type TokenRequest } from './token-service.js';
import { MAX_URL_LENGTH, urlParam, withoutHash } from './url.js';

export type { ShareAnswer } from './respond.js';

/** The parts of a request that wxShare's routes look at. */
export interface ShareRequest extends TokenRequest {
  readonly method: string;
  /** The path and the raw (still encoded) query, relative to where the handler is mounted: '/wx/signature?url=…'. */
  readonly url: string;
  /** A request header by its lower-case name. */
  header(name: 'origin' | 'access-control-request-headers' | 'if-none-match' | 'authorization' | 'content-type'): string | undefined;
}

/** The answer (synchronous for a cached signature), or undefined when the url is none of wxShare's routes. */
export type RequestHandler = (request: ShareRequest) => ShareAnswer | Promise<ShareAnswer> | undefined;

export function createRequestHandler(signer: SignerCore, client: ClientAsset | undefined): RequestHandler {
  const { path, logger } = signer.config;
  const cors = createCors(signer.config);
  const secrets = signer.config.accounts.flatMap((account) => (account.appSecret ? [account.appSecret] : []));
  const service = signer.config.tokenService;
  const tokens = service === undefined ? undefined : createTokenService(signer.config, service, signer);
  const analytics = createAnalyticsRoutes(signer, cors);
  const corsHeaders = (request: ShareRequest) => (cors === undefined ? undefined : cors.headers(request.header('origin')));

  /** 204 with Allow; the CORS headers of a preflight when cors is on. */
  const options = (request: ShareRequest): ShareAnswer => {
    const headers = cors === undefined ? {} : cors.preflightHeaders(request.header('origin'), request.header('access-control-request-headers'));
    return { status: 204, headers: { ...headers, allow: ALLOWED_METHODS, 'content-length': 0 }, body: undefined };
  };
  const notAllowed = (usage: string) =>
    jsonAnswer(405, { error: { code: 'method_not_allowed', message: `use ${usage}` } }, { allow: ALLOWED_METHODS });

  const signature = (request: ShareRequest, queryStart: number): ShareAnswer | Promise<ShareAnswer> => {
    const { method, url: raw } = request;
    if (method === 'OPTIONS') return options(request);
    if (method !== 'GET' && method !== 'HEAD') return notAllowed(`GET ${path}?url=…`);
    const headers = corsHeaders(request);
    const query = queryStart < raw.length ? raw.slice(queryStart + 1) : '';
    let url: string;
    let container: Container;
    try {
      url = urlParam(query);
      container = containerParam(query);
    } catch (error) {
      return errorAnswer(error, logger, secrets, headers);
    }
    const hit = url.length <= MAX_URL_LENGTH ? signer.cached(withoutHash(url), container) : undefined;
    if (hit !== undefined) {
      analytics?.countSignature(query, hit.result.url);
      return signatureAnswer(hit.body ?? serialize(hit), headers);
    }
    return signer.signEntry(url, container).then(
      (entry) => {
        analytics?.countSignature(query, entry.result.url);
        return signatureAnswer(entry.body ?? serialize(entry), headers);
      },
      (error: unknown) => errorAnswer(error, logger, secrets, headers),
    );
  };

  const clientFile = (request: ShareRequest, asset: ClientFile): ShareAnswer => {
    const { method } = request;
    if (method === 'OPTIONS') return options(request);
    if (method !== 'GET' && method !== 'HEAD') return notAllowed(`GET ${asset.path}`);
    // Embedded from other sites by design: Cross-Origin-Resource-Policy overrides a same-origin default (helmet's).
    const headers = { ...corsHeaders(request), etag: asset.etag, 'cache-control': CLIENT_CACHE_CONTROL, 'cross-origin-resource-policy': 'cross-origin' };
    if (etagMatches(request.header('if-none-match'), asset.etag)) return { status: 304, headers, body: undefined };
    return { status: 200, headers: { ...headers, 'content-type': CLIENT_TYPE, 'content-length': asset.body.length }, body: asset.body };
  };

  return (request) => {
    try {
      const raw = request.url;
      const queryStart = onPath(raw, path);
      if (queryStart !== -1) return signature(request, queryStart);
      if (client !== undefined && onFile(raw, client.path)) return clientFile(request, client);
      if (client !== undefined && onFile(raw, client.apps.path)) return clientFile(request, client.apps);
      if (client !== undefined && onFile(raw, client.debug.path)) return clientFile(request, client.debug);
      const token = tokens === undefined ? undefined : tokenRoute(raw, service!.path);
      if (token !== undefined) return tokens!(request, token.route, raw.slice(token.queryStart + 1));
      return analytics?.answer(request, raw);
    } catch (error) {
      return errorAnswer(error, logger, secrets); // a bug: still a JSON answer, never a crash of a bare node:http server
    }
  };
}

/** The answer of a handler that has no next(): a request for another path. */
export function notFound(path: string, client: ClientAsset | undefined): ShareAnswer {
  const routes = `GET ${path}?url=…${client === undefined ? '' : ` and GET ${client.path}`}`;
  return jsonAnswer(404, { error: { code: 'not_found', message: `no such route; this server answers ${routes}` } });
}

/** Whether a request url is the file at `file`, with or without a query (a cache-busting '?v=2'). */
function onFile(raw: string, file: string): boolean {
  return raw.startsWith(file) && (raw.length === file.length || raw.charCodeAt(file.length) === 63); // '?'
}

/** The JSON answer of a signature, serialized once and kept with it. */
function serialize(entry: SignedEntry): Buffer {
  entry.body = Buffer.from(JSON.stringify(entry.result));
  return entry.body;
}
