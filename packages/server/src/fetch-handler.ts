// createFetchHandler(): wxShare's routes as a Web-standard (request: Request) => Promise<Response>, for Next.js route
// handlers, Hono, Bun, Deno and other fetch-style servers.
import { analyticsPaths } from './analytics/routes.js';
import { clientOf, type ClientAsset } from './client-asset.js';
import { forwardedFor } from './forwarded.js';
import { createRequestHandler, notFound, type ShareAnswer, type ShareRequest } from './handle-request.js';
import { BodyTooLarge } from './token-service.js';
import { resolveOptions, type Options } from './options.js';
import { publicSigner } from './public-signer.js';
import { signerFromConfig, type Signer, type SignerCore } from './signer.js';

/**
 * What a fetch-style server may pass after the request. `remoteAddress` (Bun's server.requestIP, Hono's getConnInfo)
 * is the client's address for the per-address limits (the event route's rate, the key routes' failed checks); without
 * it they are counted together. With the `trustProxy` option the last X-Forwarded-For entry takes its place.
 * Anything else is ignored, so a framework's own second argument (Next.js's route context) can be passed as it is.
 */
export interface FetchConnection {
  remoteAddress?: string | undefined;
  [other: string]: unknown;
}

export interface FetchHandler {
  /** Answers the signature route and the client file; any other path gets a JSON 404. */
  (request: Request, connection?: FetchConnection): Promise<Response>;
  /** The signer behind the route: sign(), refresh(), stats(), close(). */
  readonly signer: Signer;
}

/** The same routes, answers and options as wxShare(); a request is matched on the end of its path, so any prefix works. */
export function createFetchHandler(options?: Options): FetchHandler {
  return fetchHandlerFromSigner(signerFromConfig(resolveOptions(options)));
}

export function fetchHandlerFromSigner(signer: SignerCore, client: ClientAsset | undefined = clientOf(signer.config)): FetchHandler {
  const handle = createRequestHandler(signer, client);
  const { trustProxy, tokenService: service } = signer.config;
  const routes = [signer.config.path, ...(client === undefined ? [] : [client.path, client.apps.path, client.debug.path]), ...(service === undefined ? [] : [`${service.path}/refresh`, service.path]), ...analyticsPaths(signer.config)];
  const handler = async (request: Request, connection?: FetchConnection): Promise<Response> => {
    const address = connection?.remoteAddress;
    const shareRequest = fetchRequest(request, routes, typeof address === 'string' ? address : undefined, trustProxy);
    const answer = shareRequest === undefined ? undefined : handle(shareRequest);
    return toResponse(request.method, (await answer) ?? notFound(signer.config.path, client));
  };
  return Object.defineProperty(handler, 'signer', { value: publicSigner(signer), enumerable: true }) as FetchHandler;
}

/**
 * A fetch Request as the request handling sees it: its url cut to the route it ends with ('/api/wx/signature?url=…'
 * → '/wx/signature?url=…'), the query left encoded. undefined when it ends with none of `routes`.
 */
export function fetchRequest(request: Request, routes: readonly string[], socketAddress = '', trustProxy = false): ShareRequest | undefined {
  const { pathname, search } = new URL(request.url);
  for (const route of routes) {
    const relative = routeSuffix(pathname, route);
    if (relative !== undefined) {
      const headers = request.headers;
      return {
        method: request.method,
        url: relative + search,
        header: (name) => headers.get(name) ?? undefined,
        // Read only by the routes that limit per address, not on every signature request.
        get remoteAddress() {
          return trustProxy ? (forwardedFor(headers.get('x-forwarded-for')) ?? socketAddress) : socketAddress;
        },
        body: (limit) => readBody(request, limit),
      };
    }
  }
  return undefined;
}

/** `route` (or `route/`) when `pathname` ends with it; routes start with '/', so that is a segment boundary. */
function routeSuffix(pathname: string, route: string): string | undefined {
  if (pathname.endsWith(route)) return route;
  if (route !== '/' && pathname.endsWith(`${route}/`)) return `${route}/`;
  return undefined;
}

/** The request's body, at most `limit` bytes, read chunk by chunk so a huge body is never buffered whole. */
async function readBody(request: Request, limit: number): Promise<Buffer> {
  if (Number(request.headers.get('content-length')) > limit) throw new BodyTooLarge();
  if (request.body === null) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
}

function toResponse(method: string, answer: ShareAnswer): Response {
  const headers: Record<string, string> = {};
  for (const name in answer.headers) headers[name] = String(answer.headers[name]);
  const body = method === 'HEAD' || answer.body === undefined ? null : answer.body;
  return new Response(body, { status: answer.status, headers });
}
