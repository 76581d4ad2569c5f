// The one route table of wxShare's routes (the signature, the client files, the token service and analytics when on)
// and the one dispatch every adapter (Express/Connect/node:http, fetch) calls: whole-path matching with one
// trailing-slash rule, preflights, 405s, key checks, and any failure of any route as a 500 JSON answer.
import { CLIENT_CACHE_CONTROL, CLIENT_TYPE, etagMatches, type ClientAsset, type ClientFile } from './client-asset.js';
import { createAnalyticsRoutes } from './analytics/routes.js';
import type { Analytics } from './analytics/analytics.js';
import { containerParam, type Container } from './container.js';
import { createCors, preflight } from './cors.js';
import { createKeyGate, type KeySet } from './key-check.js';
import { errorAnswer, errorJson, internalError, signatureAnswer, type ShareAnswer } from './respond.js';
import { routeOf } from './route-path.js';
import type { SignedEntry, SignerCore } from './signer.js';
import { createTokenRoutes } from './token-service.js';
import { createComponentRoutes } from './component/routes.js';
import { MAX_URL_LENGTH, urlParam, withoutHash } from './url.js';

export type { ShareAnswer } from './respond.js';

/** The parts of a request that wxShare's routes look at. */
export interface ShareRequest {
  readonly method: string;
  /** A request header by its lower-case name. */
  header(
    name: 'origin' | 'access-control-request-headers' | 'if-none-match' | 'authorization' | 'content-type' | 'host' | 'x-forwarded-host' | 'x-forwarded-proto',
  ): string | undefined;
  /** The client's address, which the per-client limits count; '' when unknown (a fetch handler given none). */
  readonly remoteAddress: string;
  /** The body, at most `limit` bytes; rejects with BodyTooLarge beyond. */
  body(limit: number): Promise<Buffer>;
}

/** One entry of the route table. */
export interface Route {
  /** The methods it answers; OPTIONS is a preflight when `cors`; another method gets 405 with Allow. */
  readonly methods: readonly string[];
  /** What a 405 advises: 'GET /wx/signature?url=…'. */
  readonly usage: string;
  /** Called from other origins: OPTIONS is a preflight and every answer carries the CORS headers. */
  readonly cors: boolean;
  /** A keyed route: the Bearer keys checked (one failure table for every keyed route) before it runs. */
  readonly keys?: KeySet | undefined;
  /** What it does, for the log line and the 500 answer of an unexpected failure: 'signing the url'. */
  readonly task: string;
  /** The answer; `query` is the raw (still encoded) query, `headers` the CORS headers of a cors route. */
  answer(request: ShareRequest, query: string, headers: Record<string, string> | undefined): ShareAnswer | Promise<ShareAnswer>;
}

/**
 * The answer (synchronous for a cached signature) of a request whose target (path and raw query, as the server
 * received it or relative to a mount point) is one of wxShare's routes; undefined for any other path.
 */
export type RequestHandler = (request: ShareRequest, target: string) => ShareAnswer | Promise<ShareAnswer> | undefined;

/** What the route table is built from: the composition root's parts. */
export interface RouteParts {
  signer: SignerCore;
  client: ClientAsset | undefined;
  analytics: Analytics | undefined;
}

export function createRequestHandler({ signer, client, analytics }: RouteParts): RequestHandler {
  const { component } = signer;
  const { config } = signer;
  const { logger } = config;
  const cors = createCors(config);
  // Every secret the routes know, removed from any error that reaches a log line.
  const secrets = [
    ...config.accounts.flatMap((account) => (account.appSecret ? [account.appSecret] : [])),
    ...(config.tokenService?.keys ?? []),
    ...(config.analytics?.keys ?? []),
    ...(config.component ? [config.component.appSecret, config.component.token, config.component.aesKey] : []),
  ];
  const keyGate = createKeyGate(config.now);
  const views = createAnalyticsRoutes(config, analytics);

  const table = new Map<string, Route>();
  const add = (path: string, route: Route) => {
    if (table.has(path)) throw new TypeError(`@share/server: two routes at ${path}; choose another path`);
    table.set(path, route);
  };
  add(config.path, signatureRoute(signer, views?.countSignature, secrets));
  if (client !== undefined) for (const file of [client, client.apps, client.debug]) add(file.path, clientFileRoute(file));
  for (const [path, route] of createTokenRoutes(config, signer, component)) add(path, route);
  for (const [path, route] of views?.routes ?? []) add(path, route);
  for (const [name, content] of Object.entries(config.verifyFiles)) add(`/${name}`, verifyFileRoute(name, content));
  if (config.component !== undefined && component !== undefined) {
    const deps = { component: config.component, credentials: component, apiBase: config.apiBase, trustProxy: config.trustProxy, logger };
    for (const [path, route] of createComponentRoutes(deps)) add(path, route);
  }

  const run = (route: Route, request: ShareRequest, query: string): ShareAnswer | Promise<ShareAnswer> => {
    const { method } = request;
    if (method === 'OPTIONS' && route.cors) return preflight(cors, request, allowOf(route));
    const headers = route.cors && cors !== undefined ? cors.headers(request.header('origin')) : undefined;
    if (!route.methods.includes(method)) {
      return errorJson(405, 'method_not_allowed', `use ${route.usage}`, { ...headers, allow: allowOf(route) });
    }
    if (route.keys !== undefined) {
      const refused = keyGate(route.keys, request.header('authorization'), request.remoteAddress);
      if (refused !== undefined) return refused;
    }
    return route.answer(request, query, headers);
  };

  return (request, target) => {
    const found = routeOf(table, target);
    if (found === undefined) return undefined;
    const { route, query } = found;
    const failed = (error: unknown) => internalError(error, logger, secrets, route.task);
    try {
      const answer = run(route, request, query);
      // Whatever a route's promise does, the request gets an answer: never a hang, never an unhandled rejection.
      return answer instanceof Promise ? answer.then(undefined, failed) : answer;
    } catch (error) {
      return failed(error); // a bug: still a JSON answer, never a crash of a bare node:http server
    }
  };
}

/** The Allow header of a route: its methods, and OPTIONS when it takes preflights. */
function allowOf(route: Route): string {
  return (route.cors ? [...route.methods, 'OPTIONS'] : route.methods).join(', ');
}

/** GET {path}?url=…: the signature of a page url, from the signer's cache when it holds it. */
function signatureRoute(signer: SignerCore, countView: CountView | undefined, secrets: readonly string[]): Route {
  const { logger, path } = signer.config;
  // The serialized answer of each signature, kept here rather than written into the signer's read-only entries;
  // an entry the signer's cache drops is dropped here with it.
  const bodies = new WeakMap<SignedEntry, Buffer>();
  const bodyOf = (entry: SignedEntry): Buffer => {
    let body = bodies.get(entry);
    if (body === undefined) bodies.set(entry, (body = Buffer.from(JSON.stringify(entry.result))));
    return body;
  };
  return {
    methods: ['GET', 'HEAD'],
    usage: `GET ${path}?url=…`,
    cors: true,
    task: 'signing the url',
    answer(request, query, headers) {
      let url: string;
      let container: Container;
      try {
        url = urlParam(query);
        container = containerParam(query);
      } catch (error) {
        return errorAnswer(error, logger, secrets, headers);
      }
      // ?appid= names an authorizer of the third-party platform (when one is configured).
      const appid = signer.component === undefined ? undefined : (new URLSearchParams(query).get('appid') ?? undefined);
      const hit = url.length <= MAX_URL_LENGTH ? signer.cached(withoutHash(url), container, appid) : undefined;
      if (hit !== undefined) {
        countView?.(query, hit.result.url, request);
        return signatureAnswer(bodyOf(hit), headers);
      }
      return signer.signEntry(url, container, appid).then(
        (entry) => {
          countView?.(query, entry.result.url, request);
          return signatureAnswer(bodyOf(entry), headers);
        },
        (error: unknown) => errorAnswer(error, logger, secrets, headers),
      );
    },
  };
}

type CountView = (rawQuery: string, signedUrl: string, request: ShareRequest) => void;

/** GET {folder}/share.min.js and its two neighbours: the file, with its ETag (304 when the browser has it). */
function clientFileRoute(asset: ClientFile): Route {
  return {
    methods: ['GET', 'HEAD'],
    usage: `GET ${asset.path}`,
    cors: true,
    task: `serving ${asset.path}`,
    answer(request, _query, cors) {
      // Embedded from other sites by design: Cross-Origin-Resource-Policy overrides a same-origin default (helmet's).
      const headers = { ...cors, etag: asset.etag, 'cache-control': CLIENT_CACHE_CONTROL, 'cross-origin-resource-policy': 'cross-origin' };
      if (etagMatches(request.header('if-none-match'), asset.etag)) return { status: 304, headers, body: undefined };
      return { status: 200, headers: { ...headers, 'content-type': CLIENT_TYPE, 'content-length': asset.body.length }, body: asset.body };
    },
  };
}

/** GET /MP_verify_….txt: a domain verification file, its exact bytes as text/plain. */
function verifyFileRoute(name: string, content: string): Route {
  const body = Buffer.from(content);
  return {
    methods: ['GET', 'HEAD'],
    usage: `GET /${name}`,
    cors: false,
    task: `serving /${name}`,
    answer: () => ({ status: 200, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache', 'content-length': body.length }, body }),
  };
}

/** The answer of a handler that has no next(): a request for another path. */
export function notFound(path: string, client: ClientAsset | undefined): ShareAnswer {
  const routes = `GET ${path}?url=…${client === undefined ? '' : ` and GET ${client.path}`}`;
  return errorJson(404, 'not_found', `no such route; this server answers ${routes}`);
}
