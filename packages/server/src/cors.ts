// CORS for the signing route: which origins may call it from a browser, and the preflight answer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LRUCache } from 'lru-cache';
import { hostServed } from './accounts.js';
import type { Config } from './options.js';

export const ALLOWED_METHODS = 'GET, HEAD, OPTIONS';
export const PREFLIGHT_MAX_AGE = '86400';

export interface Cors {
  /** Sets Vary: Origin, and Access-Control-Allow-Origin when the request's Origin is allowed. */
  apply(req: IncomingMessage, res: ServerResponse): void;
  /** Answers a preflight OPTIONS with 204 (CORS headers only for an allowed origin). */
  preflight(req: IncomingMessage, res: ServerResponse): void;
}

/** undefined when `cors` is false: no CORS headers at all. */
export function createCors(config: Pick<Config, 'cors' | 'accounts'>): Cors | undefined {
  const { cors } = config;
  if (cors === false) return undefined;
  const allowed = cors === true ? byHost(config.accounts) : byList(cors);

  const apply = (req: IncomingMessage, res: ServerResponse): boolean => {
    addVary(res, 'Origin');
    const origin = req.headers.origin;
    if (origin === undefined || !allowed(origin)) return false;
    res.setHeader('Access-Control-Allow-Origin', origin);
    return true;
  };

  return {
    apply,
    preflight(req, res) {
      if (apply(req, res)) {
        res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
        const requested = req.headers['access-control-request-headers'];
        if (requested) res.setHeader('Access-Control-Allow-Headers', requested);
        res.setHeader('Access-Control-Max-Age', PREFLIGHT_MAX_AGE);
      }
      answerOptions(res);
    },
  };
}

/** Adds `field` to the Vary header, keeping whatever the app set before. */
export function addVary(res: ServerResponse, field: string): void {
  const existing = res.getHeader('Vary');
  const fields = (Array.isArray(existing) ? existing.join(',') : String(existing ?? ''))
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  if (fields.includes('*') || fields.some((f) => f.toLowerCase() === field.toLowerCase())) return;
  res.setHeader('Vary', [...fields, field].join(', '));
}

/** OPTIONS without CORS: 204 with Allow. */
export function answerOptions(res: ServerResponse): void {
  res.setHeader('Allow', ALLOWED_METHODS);
  res.setHeader('Content-Length', '0');
  res.statusCode = 204;
  res.end();
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
