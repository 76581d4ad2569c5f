// createFetchHandler(): wxShare's routes as a Web-standard (request: Request) => Promise<Response>, for Next.js route
// handlers, Hono, Bun, Deno and other fetch-style servers.
import { clientOf, type ClientAsset } from './client-asset.js';
import { composeShare, type Share } from './compose.js';
import { forwardedFor } from './forwarded.js';
import { notFound, type ShareAnswer, type ShareRequest } from './handle-request.js';
import { resolveOptions, type Options } from './options.js';
import { BodyTooLarge } from './respond.js';
import { signerFromConfig, type Signer, type SignerCore } from './signer.js';

/**
 * What a fetch-style server may pass after the request. `remoteAddress` (Bun's `server.requestIP(request)`, Hono's
 * `c.env.incoming.socket.remoteAddress` on @hono/node-server) is the client's address for the per-client limits (the
 * event route's rate, the keyed routes' failed checks). Without it the client is unknown: failed key checks then lock
 * nobody out, and events are capped for all unknown clients together (100 times `eventsPerMinute`), so that one client
 * can never stop the others; a warning says so once. With the `trustProxy` option the last X-Forwarded-For entry takes
 * its place. Anything else is ignored, so a framework's own second argument (Next.js's route context) can be passed as it is.
 */
export interface FetchConnection {
  remoteAddress?: string | undefined;
  [other: string]: unknown;
}

export interface FetchHandler {
  /** Answers wxShare's routes; any other path gets a JSON 404. */
  (request: Request, connection?: FetchConnection): Promise<Response>;
  /** The signer behind the route: sign(), refresh(), stats(), close() (which also writes pending analytics). */
  readonly signer: Signer;
}

/**
 * The same routes, answers and options as wxShare(). A request is matched on the whole path of its url: under a
 * prefix (a Next.js route at app/api/wx/[file], Hono's app.route('/api', …)) set `path` to the full route
 * ('/api/wx/signature').
 */
export function createFetchHandler(options?: Options): FetchHandler {
  return fetchHandlerFromShare(composeShare(signerFromConfig(resolveOptions(options))));
}

/** The handler over a signer built elsewhere (tests: fake credentials). */
export function fetchHandlerFromSigner(signer: SignerCore, client: ClientAsset | undefined = clientOf(signer.config)): FetchHandler {
  return fetchHandlerFromShare(composeShare(signer, client));
}

export function fetchHandlerFromShare(share: Share): FetchHandler {
  const { handle, config, client } = share;
  const { trustProxy, logger } = config;
  // Only the keyed routes and the event route limit per client: without them an unknown client changes nothing.
  const limitsPerClient = config.tokenService !== undefined || config.analytics !== undefined;
  let warned = false;
  const handler = async (request: Request, connection?: FetchConnection): Promise<Response> => {
    const given = connection?.remoteAddress;
    const address = typeof given === 'string' ? given : '';
    if (address === '' && !trustProxy && limitsPerClient && !warned) {
      warned = true;
      logger.warn(
        'createFetchHandler() was given no client address (handler(request, { remoteAddress })): failed key checks lock nobody out and events are capped for all such clients together; see the README\'s per-client limits',
      );
    }
    const { pathname, search } = new URL(request.url);
    const answer = handle(fetchRequest(request, address, trustProxy), pathname + search);
    return toResponse(request.method, (await answer) ?? notFound(config.path, client));
  };
  return Object.defineProperty(handler, 'signer', { value: share.signer, enumerable: true }) as FetchHandler;
}

/** A fetch Request as the request handling sees it. */
function fetchRequest(request: Request, socketAddress: string, trustProxy: boolean): ShareRequest {
  const headers = request.headers;
  return {
    method: request.method,
    header: (name) => headers.get(name) ?? undefined,
    // Read only by the routes that limit per client, not on every signature request.
    get remoteAddress() {
      return trustProxy ? (forwardedFor(headers.get('x-forwarded-for')) ?? socketAddress) : socketAddress;
    },
    body: (limit) => readBody(request, limit),
  };
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
