// What a proxy in front says about a request in its X-Forwarded-* headers, read in one place: pageUrl()'s scheme and
// host, and the client address of the per-address limits. Only read when the user says such a proxy is there.
import { isIP } from 'node:net';

/** The first of comma-separated header values (the proxy nearest the browser writes the first), trimmed. */
export function firstValue(header: string | string[] | undefined | null): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === null) return undefined;
  const first = value.split(',', 1)[0]!.trim();
  return first === '' ? undefined : first;
}

/**
 * The client address that the proxy in front of this server saw: the LAST entry of X-Forwarded-For, the one it
 * added itself (entries before it came with the request, and anyone can write them). undefined when that entry is
 * not a bare IP address.
 */
export function forwardedFor(header: string | string[] | undefined | null): string | undefined {
  const value = Array.isArray(header) ? header[header.length - 1] : header;
  if (value === undefined || value === null) return undefined;
  const last = value.slice(value.lastIndexOf(',') + 1).trim();
  return isIP(last) === 0 ? undefined : last;
}
