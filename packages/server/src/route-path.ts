// Whole-path matching of a request target (path and raw query) against the route table, with one trailing-slash rule.

/**
 * The route whose path is the target's whole path, and the target's raw query ('' without one). A path with one
 * trailing slash is the same route ('/wx/signature/' is '/wx/signature'); a path that only ends with a route's path
 * ('/static/x/wx/access-token') is not that route. undefined when no route has the path.
 */
export function routeOf<R>(table: ReadonlyMap<string, R>, target: string): { route: R; query: string } | undefined {
  const queryStart = target.indexOf('?');
  const path = queryStart === -1 ? target : target.slice(0, queryStart);
  const route = table.get(path) ?? (path.length > 1 && path.endsWith('/') ? table.get(path.slice(0, -1)) : undefined);
  if (route === undefined) return undefined;
  return { route, query: queryStart === -1 ? '' : target.slice(queryStart + 1) };
}
