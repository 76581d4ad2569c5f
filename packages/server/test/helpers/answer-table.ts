// The requests every shape of wxShare (Express 4/5, Connect, node:http, fetch, the Koa, Fastify and Hono recipes) must answer alike.
export interface TableCase {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  status: number;
  code?: string;
}

const sig = (url: string) => `/wx/signature?url=${encodeURIComponent(url)}`;
export const GOOD_URL = 'https://example.com/page?x=1';
export const ORIGIN = 'https://example.com';

export const ANSWER_TABLE: TableCase[] = [
  { name: 'a good url', method: 'GET', path: sig(GOOD_URL), status: 200 },
  { name: 'a good url, HEAD', method: 'HEAD', path: sig(GOOD_URL), status: 200 },
  { name: 'a good url with a trailing slash', method: 'GET', path: `/wx/signature/?url=${encodeURIComponent(GOOD_URL)}`, status: 200 },
  { name: 'a missing url', method: 'GET', path: '/wx/signature', status: 400, code: 'invalid_url' },
  { name: 'an empty url', method: 'GET', path: '/wx/signature?url=', status: 400, code: 'invalid_url' },
  { name: 'a repeated url', method: 'GET', path: `${sig(GOOD_URL)}&url=${encodeURIComponent('https://example.com/b')}`, status: 400, code: 'invalid_url' },
  { name: 'a url too long', method: 'GET', path: sig(`https://example.com/${'a'.repeat(4100)}`), status: 400, code: 'invalid_url' },
  { name: 'bad percent-encoding', method: 'GET', path: '/wx/signature?url=%E0%A4%A', status: 400, code: 'invalid_url' },
  { name: 'an unparsable url', method: 'GET', path: sig('http://[::1/'), status: 400, code: 'invalid_url' },
  { name: 'a relative url', method: 'GET', path: sig('/page'), status: 400, code: 'invalid_url' },
  { name: 'a non-http url', method: 'GET', path: sig('ftp://example.com/'), status: 400, code: 'invalid_url' },
  { name: 'a host not allowed', method: 'GET', path: sig('https://evil.example/'), status: 403, code: 'host_not_allowed' },
  { name: 'a host not allowed, from an allowed origin', method: 'GET', path: sig('https://evil.example/'), headers: { origin: ORIGIN }, status: 403, code: 'host_not_allowed' },
  { name: 'a good url from an allowed origin', method: 'GET', path: sig(GOOD_URL), headers: { origin: ORIGIN }, status: 200 },
  { name: 'a good url from another origin', method: 'GET', path: sig(GOOD_URL), headers: { origin: 'https://evil.example' }, status: 200 },
  { name: 'POST', method: 'POST', path: sig(GOOD_URL), status: 405, code: 'method_not_allowed' },
  { name: 'PUT', method: 'PUT', path: sig(GOOD_URL), status: 405, code: 'method_not_allowed' },
  { name: 'DELETE', method: 'DELETE', path: sig(GOOD_URL), status: 405, code: 'method_not_allowed' },
  { name: 'a preflight', method: 'OPTIONS', path: '/wx/signature', headers: { origin: ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-requested-with' }, status: 204 },
  { name: 'a preflight from another origin', method: 'OPTIONS', path: '/wx/signature', headers: { origin: 'https://evil.example' }, status: 204 },
  { name: 'the client file', method: 'GET', path: '/wx/share.min.js', status: 200 },
  { name: 'the client file from an allowed origin', method: 'GET', path: '/wx/share.min.js?v=2', headers: { origin: ORIGIN }, status: 200 },
  { name: 'the client file, revalidated', method: 'GET', path: '/wx/share.min.js', headers: { 'if-none-match': '*' }, status: 304 },
  { name: 'the client file, POST', method: 'POST', path: '/wx/share.min.js', status: 405, code: 'method_not_allowed' },
  { name: 'the WeCom and mini-program file', method: 'GET', path: '/wx/share-apps.js', status: 200 },
  { name: 'the debug file', method: 'GET', path: '/wx/share-debug.js', status: 200 },
];

/** The options both sides of a comparison run with. */
export const TABLE_OPTIONS = { allowedHosts: ['example.com'], cors: true } as const;

/** The headers an answer is compared on (Date, Connection, Keep-Alive and the like differ by server, not by shape). */
export const COMPARED_HEADERS = [
  'content-type', 'cache-control', 'content-length', 'vary', 'allow', 'etag',
  'access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers', 'access-control-max-age',
  'cross-origin-resource-policy',
];

export interface Observed {
  status: number;
  headers: Record<string, string | undefined>;
  /** Parsed JSON, with the signature's per-request fields (timestamp, nonceStr, signature) blanked. */
  body: unknown;
}

/** Sends one table request to a server at `base` and keeps what the comparison looks at. */
export async function observe(base: string, c: TableCase): Promise<Observed> {
  const res = await fetch(base + c.path, { method: c.method, headers: c.headers ?? {} });
  const text = await res.text();
  const headers: Record<string, string | undefined> = {};
  for (const name of COMPARED_HEADERS) headers[name] = res.headers.get(name) ?? undefined;
  let body: unknown = text;
  if (text !== '' && (res.headers.get('content-type') ?? '').startsWith('application/json')) {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    body = 'signature' in parsed ? { ...parsed, timestamp: 0, nonceStr: '', signature: '' } : parsed;
  } else if (text.length > 200) {
    body = `${text.length} characters`;
  }
  return { status: res.status, headers, body };
}
