// Asks a server once whether it answers like a signing endpoint before its throughput is measured: a handler shape
// that this build does not provide shows up as a reason, not as a fast row of errors.
import { pageUrl, signaturePath } from './urls.js';

const SHAPE = ['appId', 'nonceStr', 'signature', 'timestamp', 'url'];
export const OTHER_PATH = '/elsewhere';

export interface ProbeOptions {
  /** Also require a JSON 404 for a path that is not the route (a bare handler has no next to pass it to). */
  notFoundElsewhere?: boolean;
}

/** Undefined when the server answers as it should; otherwise what went wrong, in words. */
export async function probe(base: string, options: ProbeOptions = {}): Promise<string | undefined> {
  const route = signaturePath(pageUrl(0));
  const signed = await ask(base + route);
  if (typeof signed === 'string') return `GET ${route} got ${signed}`;
  const body = signed.json as Record<string, unknown> | undefined;
  if (signed.status !== 200 || body === undefined || SHAPE.some((key) => !(key in body))) {
    return `GET ${route} answered ${signed.status} ${signed.text.slice(0, 120)}, not a signature`;
  }
  if (options.notFoundElsewhere) {
    const other = await ask(base + OTHER_PATH);
    if (typeof other === 'string') return `GET ${OTHER_PATH} got ${other}`;
    if (other.status !== 404 || other.json === undefined) {
      return `GET ${OTHER_PATH} answered ${other.status} ${other.text.slice(0, 120)}, not a JSON 404`;
    }
  }
  return undefined;
}

async function ask(url: string): Promise<{ status: number; text: string; json: unknown } | string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `no answer (${error instanceof Error ? error.message : String(error)}${cause})`;
  }
}
