// pageUrl(): the url of the page a request is for, as the browser's location.href has it (minus the hash), to sign it.
import type { IncomingMessage } from 'node:http';
import { ShareError } from './errors.js';
import { firstValue } from './forwarded.js';
import { withoutHash } from './url.js';

export interface PageUrlOptions {
  /**
   * For a node:http request or a Web `Request`: take the scheme and host from the first value of
   * `X-Forwarded-Proto` and `X-Forwarded-Host`, which a proxy in front (nginx, a load balancer) sets. Only turn it
   * on when such a proxy always sets or overwrites them: otherwise anyone can choose them. Not for Express
   * requests, which follow `app.set('trust proxy', …)`. Defaults to false.
   */
  trustProxy?: boolean | undefined;
}

/** The parts of an Express 4 or 5 request that are read; they honour `trust proxy`. */
interface ExpressRequest extends IncomingMessage {
  readonly protocol: string;
  readonly hostname: string | undefined;
  readonly host?: string | undefined;
  readonly originalUrl: string;
  readonly param?: unknown;
}

/** The parts of a Web `Request` that are read. */
export interface WebRequest {
  readonly url: string;
  readonly headers: { get(name: string): string | null };
}

/** What pageUrl() reads: a node:http request (Express's, Connect's or a bare one) or a Web `Request`. */
export type PageRequest = IncomingMessage | WebRequest;

/**
 * The absolute url of the page a request is for, without its hash: scheme, host (with its port) and the original
 * path and query. Express requests: `req.protocol`, the host as `trust proxy` says, `req.originalUrl` (so a router
 * mounted on a path sees the whole url). node:http requests: the socket's scheme, the `Host` header and `req.url`
 * (Connect's `req.originalUrl`).
 * Web `Request`s: `request.url`. Throws ShareError `invalid_url` (400) when the scheme or host is not usable.
 */
export function pageUrl(req: PageRequest, options?: PageUrlOptions): string {
  const trustProxy = options?.trustProxy ?? false;
  if (isExpress(req)) {
    if (trustProxy) {
      throw new TypeError("pageUrl(): trustProxy is for node:http and Request; an Express app sets app.set('trust proxy', …) instead");
    }
    return build(req.protocol, 'the scheme', expressHost(req), 'the host', req.originalUrl);
  }
  if (isWebRequest(req)) return fromWebRequest(req, trustProxy);
  return fromNodeRequest(req, trustProxy);
}

function isExpress(req: PageRequest): req is ExpressRequest {
  return typeof (req as Partial<ExpressRequest>).originalUrl === 'string' && 'protocol' in req && 'hostname' in req;
}

function isWebRequest(req: PageRequest): req is WebRequest {
  return typeof (req.headers as Partial<WebRequest['headers']>).get === 'function';
}

function expressHost(req: ExpressRequest): string | undefined {
  // Express 5's req.host keeps the port. Express 4's is a deprecated alias of req.hostname, which drops the port;
  // Express 4 still has req.param() (Express 5 removed it), so there the port is taken from the header that
  // req.hostname was read from.
  if (typeof req.param !== 'function') return req.host;
  const hostname = req.hostname;
  if (hostname === undefined) return undefined;
  const headers = [firstValue(req.headers['x-forwarded-host']), req.headers.host];
  return headers.find((header) => header !== undefined && hostnameOf(header) === hostname) ?? hostname;
}

function fromNodeRequest(req: IncomingMessage, trustProxy: boolean): string {
  const encrypted = (req.socket as { encrypted?: boolean } | null)?.encrypted === true;
  const host = req.headers.host ?? (req.headers[':authority'] as string | undefined); // HTTP/2 compatibility API
  const proto = trustProxy ? firstValue(req.headers['x-forwarded-proto']) : undefined;
  const forwardedHost = trustProxy ? firstValue(req.headers['x-forwarded-host']) : undefined;
  return build(
    proto ?? (encrypted ? 'https' : 'http'),
    proto === undefined ? 'the scheme' : 'X-Forwarded-Proto',
    forwardedHost ?? host,
    forwardedHost === undefined ? 'the Host header' : 'X-Forwarded-Host',
    (req as { originalUrl?: string }).originalUrl ?? req.url ?? '', // Connect keeps the url before mounting there
  );
}

function fromWebRequest(request: WebRequest, trustProxy: boolean): string {
  const url = new URL(request.url);
  const proto = trustProxy ? firstValue(request.headers.get('x-forwarded-proto') ?? undefined) : undefined;
  const forwardedHost = trustProxy ? firstValue(request.headers.get('x-forwarded-host') ?? undefined) : undefined;
  return build(
    proto ?? url.protocol.slice(0, -1),
    proto === undefined ? 'the scheme' : 'X-Forwarded-Proto',
    forwardedHost ?? url.host,
    forwardedHost === undefined ? 'the host' : 'X-Forwarded-Host',
    url.pathname + url.search,
  );
}

// A DNS name, IPv4 or a bracketed IPv6 address, with an optional port: nothing that could add a user, a path or a query.
const HOST = /^(?:[A-Za-z0-9_.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;
const MAX_HOST_LENGTH = 261; // 255 for the name, 6 for the port

function build(scheme: string, schemeSource: string, host: string | undefined, hostSource: string, path: string): string {
  if (!/^https?$/i.test(scheme)) {
    throw invalid(`${schemeSource} of the request (${JSON.stringify(scheme.slice(0, 20))}) is not http or https`);
  }
  if (host === undefined || host === '') throw invalid(`the request has no host (${hostSource} is missing)`);
  if (host.length > MAX_HOST_LENGTH || !HOST.test(host)) throw invalid(`${hostSource} of the request is not a host name`);
  if (!path.startsWith('/')) throw invalid('the request target is not a path');
  return withoutHash(`${scheme.toLowerCase()}://${host}${path}`);
}

function hostnameOf(host: string): string {
  const end = host.startsWith('[') ? host.indexOf(']') + 1 : 0;
  const colon = host.indexOf(':', end);
  return colon === -1 ? host : host.slice(0, colon);
}

function invalid(message: string): ShareError {
  return new ShareError('invalid_url', 400, `cannot tell the page url: ${message}`);
}
