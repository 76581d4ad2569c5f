// The JS safe domains a page url may belong to: 'example.com' (and its subdomains) or 'example.com/mp' (a path prefix).

export interface HostRule {
  /** Lower-case ASCII hostname as the WHATWG URL parser serializes it (IDN in punycode). */
  readonly host: string;
  /** '/mp' for 'example.com/mp'; undefined when the whole host is allowed. */
  readonly pathPrefix: string | undefined;
}

/** Parses `allowedHosts` entries; throws a TypeError naming the option and the fix. */
export function parseAllowedHosts(entries: unknown, optionName: string): HostRule[] {
  if (!Array.isArray(entries)) {
    throw new TypeError(`${optionName} must be an array of strings such as ['example.com', 'example.org/mp']`);
  }
  if (entries.length === 0) {
    throw new TypeError(`${optionName} is empty, so every url would be refused; omit it to allow any host`);
  }
  return entries.map((entry) => parseRule(entry, optionName));
}

function parseRule(entry: unknown, optionName: string): HostRule {
  const bad = (why: string) =>
    new TypeError(`${optionName}: ${JSON.stringify(entry)} ${why}; write it as bound in the WeChat console, e.g. 'example.com' or 'example.com/mp'`);
  if (typeof entry !== 'string' || entry.trim() === '') throw bad('is not a host name');
  if (entry.includes('://')) throw bad('has a scheme');
  if (entry.startsWith('*.')) throw bad("is a wildcard ('example.com' already covers its subdomains)");
  let parsed: URL;
  try {
    parsed = new URL(`http://${entry.trim()}`);
  } catch {
    throw bad('is not a valid host');
  }
  if (parsed.username || parsed.password) throw bad('has a user name');
  if (parsed.port) throw bad('has a port (WeChat only serves pages on ports 80 and 443)');
  if (parsed.search || parsed.hash) throw bad('has a query or a hash');
  const path = parsed.pathname.replace(/\/+$/, '');
  return { host: parsed.hostname, pathPrefix: path === '' ? undefined : path };
}

/** Whether a hostname is one of the rules' hosts or a subdomain of one (any port; the path is not looked at). */
export function hostMatches(rule: HostRule, hostname: string): boolean {
  const { host } = rule;
  if (hostname === host) return true;
  return hostname.length > host.length && hostname.endsWith(host) && hostname.charCodeAt(hostname.length - host.length - 1) === 46; // '.'
}

/** Whether a parsed page url falls inside a rule: its host (or a subdomain) and, if the rule has one, its path prefix. */
export function urlMatches(rule: HostRule, url: URL): boolean {
  if (!hostMatches(rule, url.hostname)) return false;
  const prefix = rule.pathPrefix;
  if (prefix === undefined) return true;
  const path = url.pathname;
  return path === prefix || (path.startsWith(prefix) && path.charCodeAt(prefix.length) === 47); // '/'
}

export function urlAllowed(rules: readonly HostRule[], url: URL): boolean {
  return rules.some((rule) => urlMatches(rule, url));
}

export function hostAllowed(rules: readonly HostRule[], hostname: string): boolean {
  return rules.some((rule) => hostMatches(rule, hostname));
}
