// The page urls the bench signs, and the request paths that ask a server to sign them.

export const PAGE_HOST = 'bench.example.com';
export const SIGNATURE_PATH = '/wx/signature';

/** The i-th distinct page url: an ordinary article url with a query string. */
export function pageUrl(i: number): string {
  return `https://${PAGE_HOST}/articles/${i}?utm_source=bench`;
}

/** The request path that asks a signing endpoint for `url`, encoded the way a browser client sends it. */
export function signaturePath(url: string): string {
  return `${SIGNATURE_PATH}?url=${encodeURIComponent(url)}`;
}

/** Request paths for `count` distinct page urls, starting at `offset`. */
export function signaturePaths(count: number, offset = 0): string[] {
  return Array.from({ length: count }, (_, i) => signaturePath(pageUrl(offset + i)));
}
