// Type-level test, compiled by tsconfig.exact.json: a FetchHandler is a valid route handler where the framework
// passes its own second argument (Next.js's route context), as well as with a connection's remoteAddress.
import type { FetchHandler } from '../../src/index.js';

type NextRouteHandler = (request: Request, context: { params: Promise<{ file: string }> }) => Promise<Response>;
type BunLikeHandler = (request: Request, connection: { remoteAddress: string }) => Promise<Response>;

export const asNextRoute = (share: FetchHandler): NextRouteHandler => share;
export const asBunLike = (share: FetchHandler): BunLikeHandler => share;
