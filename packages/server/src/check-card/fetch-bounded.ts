// One GET for check-card, bounded: a deadline for the whole exchange, a cap on the decoded bytes, redirects followed
// by hand up to a small number. A hostile or broken server ends in a CheckCardError with a sentence, never a hang.

import { readCapped } from '../read-capped.js';

export interface FetchLimits {
  /** The whole exchange (redirects and body included) ends within this many ms. */
  timeoutMs: number;
  /** Bytes read at most, after decompression (a gzip bomb stops here); the rest is not downloaded. */
  maxBytes: number;
  /** Redirects followed at most. */
  maxRedirects: number;
}

export interface Fetched {
  /** The url that answered, after redirects. */
  url: string;
  status: number;
  contentType: string;
  body: Uint8Array;
  /** True when the body was longer than maxBytes and only its start was read. */
  truncated: boolean;
}

/** Why a page or image could not be checked, in a sentence for the command's output. */
export class CheckCardError extends Error {
  override name = 'CheckCardError';
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = 'share-server check-card (+https://github.com/share-wechat/share)';

export async function fetchBounded(url: string, limits: FetchLimits, accept: string): Promise<Fetched> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  const visited: string[] = [];
  let current = url;
  try {
    for (;;) {
      visited.push(current);
      const res = await fetch(current, { redirect: 'manual', signal, headers: { accept, 'user-agent': USER_AGENT } });
      if (!REDIRECTS.has(res.status)) {
        const { bytes: body, truncated } = await readCapped(res.body, limits.maxBytes);
        return { url: current, status: res.status, contentType: res.headers.get('content-type') ?? '', body, truncated };
      }
      void res.body?.cancel().catch(() => {});
      current = nextUrl(current, res.headers.get('location'), visited, limits.maxRedirects);
    }
  } catch (error) {
    if (error instanceof CheckCardError) throw error;
    if (signal.aborted) throw new CheckCardError(`no complete answer from ${current} within ${limits.timeoutMs} ms`);
    throw new CheckCardError(`cannot fetch ${current}: ${reason(error)}`);
  }
}

function nextUrl(from: string, location: string | null, visited: string[], maxRedirects: number): string {
  if (!location) throw new CheckCardError(`${from} redirects without a Location header`);
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new CheckCardError(`${from} redirects to an invalid url`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new CheckCardError(`${from} redirects to ${next.protocol} url, not http(s)`);
  }
  if (visited.includes(next.href)) throw new CheckCardError(`redirect loop: ${[...visited, next.href].join(' → ')}`);
  if (visited.length > maxRedirects) {
    throw new CheckCardError(`more than ${maxRedirects} redirects, stopped at ${next.href} (from ${visited[0]})`);
  }
  return next.href;
}



/** The most telling part of a fetch failure: undici puts the system error (ECONNREFUSED …) in `cause`. */
function reason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const text = cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
  return String(text).slice(0, 200);
}
