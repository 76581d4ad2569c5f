// JS safe domain matching, as the WeChat console binds them: a host (covering its subdomains) or host/path-prefix.

/**
 * True when `url` lies inside one of `domains` (`example.com`, `example.com/mp`). A host entry covers its
 * subdomains; a path entry covers the path itself and everything below it (`/mp`, `/mp/…`, not `/mpx`).
 * Hosts compare case-insensitively, by the WHATWG parser's hostname (userinfo and query cannot fool it).
 */
export function inSafeDomains(url: URL, domains: readonly string[]): boolean {
  const host = url.hostname.toLowerCase();
  return domains.some((entry) => {
    const slash = entry.indexOf('/');
    const domain = (slash < 0 ? entry : entry.slice(0, slash)).toLowerCase().replace(/:\d+$/, '');
    const prefix = slash < 0 ? '' : entry.slice(slash).replace(/\/+$/, '');
    if (host !== domain && !host.endsWith(`.${domain}`)) return false;
    return prefix === '' || url.pathname === prefix || url.pathname.startsWith(`${prefix}/`);
  });
}
