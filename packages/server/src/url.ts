// The page url to sign: taken from the raw query string, decoded exactly once, checked, and cut at '#'.
import { ShareError } from './errors.js';

export const MAX_URL_LENGTH = 4096;
/** A UTF-8 character takes at most 9 raw characters per UTF-16 unit when percent-encoded. */
const MAX_RAW_LENGTH = MAX_URL_LENGTH * 9;
const USAGE = 'send GET ?url=encodeURIComponent(location.href.split("#")[0])';

function invalid(message: string): ShareError {
  return new ShareError('invalid_url', 400, message);
}

/**
 * Finds the single `url` parameter in a raw (still encoded) query string and decodes it once, the way
 * application/x-www-form-urlencoded is decoded ('+' is a space), but refusing malformed percent-encoding.
 */
export function urlParam(rawQuery: string): string {
  let found: string | undefined;
  let start = 0;
  while (start <= rawQuery.length) {
    let end = rawQuery.indexOf('&', start);
    if (end === -1) end = rawQuery.length;
    const eq = rawQuery.indexOf('=', start);
    const keyEnd = eq === -1 || eq > end ? end : eq;
    if (isUrlKey(rawQuery, start, keyEnd)) {
      if (found !== undefined) throw invalid(`the url parameter is repeated; ${USAGE}`);
      found = keyEnd === end ? '' : rawQuery.slice(keyEnd + 1, end);
    }
    start = end + 1;
  }
  if (found === undefined || found === '') throw invalid(`the url parameter is missing; ${USAGE}`);
  if (found.length > MAX_RAW_LENGTH) throw tooLong();
  return decodeComponent(found);
}

function isUrlKey(query: string, start: number, end: number): boolean {
  if (end - start === 3) return query.startsWith('url', start);
  if (end - start < 3) return false;
  const key = query.slice(start, end);
  if (!key.includes('%') && !key.includes('+')) return false;
  try {
    return decodeURIComponent(key.replace(/\+/g, ' ')) === 'url';
  } catch {
    return false;
  }
}

function decodeComponent(value: string): string {
  if (!value.includes('%')) return value.includes('+') ? value.replace(/\+/g, ' ') : value;
  try {
    return decodeURIComponent(value.includes('+') ? value.replace(/\+/g, ' ') : value);
  } catch {
    throw invalid(`the url parameter has malformed percent-encoding; ${USAGE}`);
  }
}

function tooLong(): ShareError {
  return invalid(`the url is longer than ${MAX_URL_LENGTH} characters`);
}

/** The url without '#' and what follows: the exact string WeChat signs. */
export function withoutHash(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

export interface PageUrl {
  /** What is signed: the url as given, minus the hash. */
  url: string;
  parsed: URL;
}

// Whitespace, control and format characters never appear in location.href (the browser percent-encodes them), so a
// url holding one can never match the page's own and would only ever give `invalid signature`.
const NOT_IN_HREF = /[\u0000-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]/;
const HTTP_PREFIX = /^https?:\/\//i;

/** Checks a decoded page url; throws ShareError invalid_url (400) with the reason. */
export function checkPageUrl(url: unknown): PageUrl {
  if (typeof url !== 'string' || url === '') throw invalid(`the url is missing; ${USAGE}`);
  if (url.length > MAX_URL_LENGTH) throw tooLong();
  const signed = withoutHash(url);
  const bad = NOT_IN_HREF.exec(signed);
  if (bad !== null) {
    const code = `U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw invalid(`the url contains ${code} at position ${bad.index} (a space, control or format character); ${USAGE}`);
  }
  if (!HTTP_PREFIX.test(signed)) throw invalid('the url must be an absolute http:// or https:// url');
  let parsed: URL;
  try {
    parsed = new URL(signed);
  } catch {
    throw invalid('the url is not a valid absolute url');
  }
  if (parsed.hostname === '') throw invalid('the url has no host');
  return { url: signed, parsed };
}
