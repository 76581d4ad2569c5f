// wxShare(): a plain (req, res, next) function for Express 4 and 5, Connect and node:http, answering GET {path}?url=…
// with a wx.config signature and GET {folder}/share.min.js with the client bundle.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientOf, type ClientAsset } from './client-asset.js';
import { composeShare, type Share } from './compose.js';
import { forwardedFor } from './forwarded.js';
import { notFound, type ShareAnswer, type ShareRequest } from './handle-request.js';
import { resolveOptions, type Options } from './options.js';
import { BodyTooLarge } from './respond.js';
import { signerFromConfig, type Signer, type SignerCore } from './signer.js';

export interface ShareMiddleware {
  /** Without `next` (a bare `http.createServer(wxShare())`), another path gets a JSON 404. */
  (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): void;
  /** The signer behind the route: sign(), refresh(), stats(), close() (which also writes pending analytics). */
  readonly signer: Signer;
}

/**
 * `app.use(wxShare())`: answers GET {path} (default /wx/signature), the client files and the other routes it is
 * configured with; every other path goes to next(). A route is matched on the whole path of `req.url` (relative to
 * an Express or Connect mount point: `app.use('/api', wxShare())` answers /api/wx/signature), else on the whole path
 * of `req.originalUrl` (NestJS's `forRoutes('wx/*path')` hands the middleware `req.url` '/').
 */
export function wxShare(options?: Options): ShareMiddleware {
  return middlewareFromShare(composeShare(signerFromConfig(resolveOptions(options))));
}

/** The middleware over a signer built elsewhere (tests: fake credentials). */
export function middlewareFromSigner(signer: SignerCore, client: ClientAsset | undefined = clientOf(signer.config)): ShareMiddleware {
  return middlewareFromShare(composeShare(signer, client));
}

export function middlewareFromShare(share: Share): ShareMiddleware {
  const { handle, config, client } = share;
  const { trustProxy, logger } = config;
  const middleware = (req: IncomingMessage & { originalUrl?: unknown }, res: ServerResponse, next?: (error?: unknown) => void): void => {
    const request = new NodeRequest(req, trustProxy);
    const url = req.url ?? '';
    const original = req.originalUrl;
    const answer = handle(request, url) ?? (typeof original === 'string' && original !== url ? handle(request, original) : undefined);
    if (answer === undefined) {
      if (next !== undefined) next();
      else writeAnswer(res, notFound(config.path, client));
    } else if (answer instanceof Promise) {
      // The table turns every failure into an answer; a failure of writing it is the last thing that could reject.
      answer.then((ready) => writeAnswer(res, ready)).catch((error: unknown) => {
        logger.error(`could not write an answer (${error instanceof Error ? error.name : typeof error})`);
        res.destroy();
      });
    } else {
      writeAnswer(res, answer);
    }
  };
  return Object.defineProperty(middleware, 'signer', { value: share.signer, enumerable: true }) as ShareMiddleware;
}

/** A node request as the request handling sees it. */
export class NodeRequest implements ShareRequest {
  constructor(
    private readonly req: IncomingMessage & { ip?: unknown },
    /** The `trustProxy` option: a request without its framework's `ip` takes its address from X-Forwarded-For. */
    private readonly trustProxy = false,
  ) {}

  get method(): string {
    return this.req.method ?? 'GET';
  }

  header(name: string): string | undefined {
    const value = this.req.headers[name];
    return typeof value === 'string' ? value : undefined;
  }

  /** The client's address as the per-client limits count it (see the `trustProxy` option). */
  get remoteAddress(): string {
    // Express's req.ip: the socket's address, or the client's when its `trust proxy` (Express's form of this very
    // setting, which pageUrl() follows there too) says the proxy in front is trusted.
    const { ip } = this.req;
    if (typeof ip === 'string' && ip !== '') return ip;
    const socket = this.req.socket?.remoteAddress ?? '';
    return this.trustProxy ? (forwardedFor(this.req.headers['x-forwarded-for']) ?? socket) : socket;
  }

  body(limit: number): Promise<Buffer> {
    return readBody(this.req, limit);
  }
}

/** The request's body, at most `limit` bytes; a body a parser (express.json()) already read is taken from req.body. */
function readBody(req: IncomingMessage & { body?: unknown }, limit: number): Promise<Buffer> {
  if (req.readableEnded && req.body !== undefined) {
    const parsed = Buffer.from(typeof req.body === 'string' || Buffer.isBuffer(req.body) ? req.body : JSON.stringify(req.body));
    return parsed.length > limit ? Promise.reject(new BodyTooLarge()) : Promise.resolve(parsed);
  }
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return Promise.reject(new BodyTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (error?: Error) => {
      req.off('data', onData).off('end', onEnd).off('error', done);
      if (error === undefined) resolve(Buffer.concat(chunks));
      else reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.resume(); // drain the rest so the answer can still be written
        done(new BodyTooLarge());
      } else {
        chunks.push(chunk);
      }
    };
    const onEnd = () => done();
    req.on('data', onData).on('end', onEnd).on('error', done);
  });
}

/** Writes an answer; a Vary set earlier by the app is kept. HEAD gets no body (node:http drops it). */
export function writeAnswer(res: ServerResponse, answer: ShareAnswer): void {
  if (res.headersSent) {
    res.destroy(); // something else answered meanwhile: this connection cannot carry a second answer
    return;
  }
  const { headers } = answer;
  // A shared cache keeps a public answer (the client files) for everyone: never with a cookie that a framework's
  // session or CSRF plugin (Egg's security plugin, koa-session) set on this response before share answered.
  if (String(headers['cache-control']).startsWith('public')) res.removeHeader('set-cookie');
  const earlier = headers.vary === undefined ? undefined : res.getHeader('vary');
  if (earlier !== undefined && earlier !== '') {
    if (/(^|,)\s*(origin|\*)\s*(,|$)/i.test(String(earlier))) delete headers.vary; // already there
    else headers.vary = `${String(earlier)}, ${headers.vary}`;
  }
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}
