// The page an event is counted under: an absolute http(s) url without WeChat's share parameters and without a hash.

/** Parameters WeChat appends to a shared or opened link; they say how the page was reached, not which page it is. */
export const WECHAT_PARAMETERS: readonly string[] = [
  'from',
  'isappinstalled',
  'scene',
  'subscene',
  'clicktime',
  'enterid',
  'ascene',
  'sessionid',
  'pass_ticket',
  'wx_header',
  'sharer_shareid',
  'sharer_shareinfo',
  'sharer_shareinfo_first',
  'sharer_sharetime',
];

/** The longest page url counted; a longer one is not a page a site owner wants a row for. */
export const MAX_PAGE_URL_LENGTH = 512;

/** The page every event goes under once a day has its cap of distinct pages. Not a url, so no real page collides. */
export const OTHER_PAGE = 'other';

/** Returns the canonical page url, or undefined when `raw` is not an absolute http(s) url of a sane length. */
export function canonicalPageUrl(raw: string): string | undefined {
  if (raw.length > MAX_PAGE_URL_LENGTH * 2) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password) return undefined;
  url.hash = '';
  if (url.search !== '') {
    // has() before delete(): each delete() serializes the query again, and most urls carry none of these.
    const params = url.searchParams;
    for (const name of WECHAT_PARAMETERS) if (params.has(name)) params.delete(name);
    if (url.search === '?') url.search = '';
  }
  const canonical = url.href;
  return canonical.length <= MAX_PAGE_URL_LENGTH ? canonical : undefined;
}
