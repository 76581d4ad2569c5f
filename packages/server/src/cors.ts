// CORS for wxShare's routes: which origins may call them from a browser, and the headers of answers and preflights.
import { LRUCache } from 'lru-cache';
import { hostServed } from './accounts.js';
import type { Config } from './options.js';
import type { ShareAnswer } from './respond.js';

export const ALLOWED_METHODS = 'GET, HEAD, OPTIONS';
export const PREFLIGHT_MAX_AGE = '86400';

export interface Cors {
  /** Vary: Origin, and Access-Control-Allow-Origin when the request's Origin is allowed. */
  headers(origin: string | undefined): Record<string, string>;
  /** The CORS headers of a preflight answer: methods, requested headers and max-age only for an allowed origin. */
  preflightHeaders(origin: string | undefined, requestedHeaders: string | undefined, methods?: string): Record<string, string>;
}

/** The one preflight answer of every route: 204 with Allow (`allow`), plus the CORS headers of a preflight when cors is on. */
export function preflight(
  cors: Cors | undefined,
  request: { header(name: 'origin' | 'access-control-request-headers'): string | undefined },
  allow: string,
): ShareAnswer {
  const headers = cors === undefined ? {} : cors.preflightHeaders(request.header('origin'), request.header('access-control-request-headers'), allow);
  return { status: 204, headers: { ...headers, allow, 'content-length': 0 }, body: undefined };
}

/** undefined when `cors` is false: no CORS headers at all. */
export function createCors(config: Pick<Config, 'cors' | 'accounts'>): Cors | undefined {
  const { cors } = config;
  if (cors === false) return undefined;
  const allowed = cors === true ? byHost(config.accounts) : byList(cors);

  const headers = (origin: string | undefined): Record<string, string> =>
    origin !== undefined && allowed(origin) ? { vary: 'Origin', 'access-control-allow-origin': origin } : { vary: 'Origin' };

  return {
    headers,
    preflightHeaders(origin, requestedHeaders, methods = ALLOWED_METHODS) {
      const answer = headers(origin);
      if (answer['access-control-allow-origin'] !== undefined) {
        answer['access-control-allow-methods'] = methods;
        if (requestedHeaders) answer['access-control-allow-headers'] = requestedHeaders;
        answer['access-control-max-age'] = PREFLIGHT_MAX_AGE;
      }
      return answer;
    },
  };
}

function byList(origins: readonly string[]): (origin: string) => boolean {
  const set = new Set(origins);
  return (origin) => set.has(origin) || set.has(origin.toLowerCase());
}

/** cors: true → an origin is allowed when its host passes some account's allowedHosts (decisions cached). */
function byHost(accounts: Config['accounts']): (origin: string) => boolean {
  const decisions = new LRUCache<string, boolean>({ max: 1000 });
  return (origin) => {
    const known = decisions.get(origin);
    if (known !== undefined) return known;
    let ok = false;
    try {
      const parsed = new URL(origin);
      ok = (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.origin === origin.toLowerCase() && hostServed(accounts, parsed.hostname);
    } catch {
      ok = false;
    }
    decisions.set(origin, ok);
    return ok;
  };
}
