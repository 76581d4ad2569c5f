// Whether a request url (relative, query still encoded) is on a route path, and where its query starts.

/**
 * Where the query starts in a request url that is on `path` (raw.length when there is no query), or -1 when
 * the request is for another path. A trailing slash is tolerated, like Express routes do.
 */
export function onPath(raw: string, path: string): number {
  if (!raw.startsWith(path)) return -1;
  let end = path.length;
  if (raw.charCodeAt(end) === 47 && path !== '/') end++; // '/'
  if (end === raw.length) return end;
  return raw.charCodeAt(end) === 63 ? end : -1; // '?'
}
