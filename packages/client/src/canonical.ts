// The page url without the parameters WeChat appends on a re-share (path, other parameters and hash kept).

/** `&name` or `&name=value`, matched the way WeChat writes them. */
const SHARE_PARAM = /&(from|isappinstalled|scene|subscene|clicktime|enterid|ascene)(=[^&]*)?(?=&|$)/g;

/** Removes WeChat's share parameters. A url without any comes back as the very same string (so no redirect loop). */
export const canonical = (href: string): string =>
  href.replace(/^([^?#]*)\?([^#]*)/, (_, base: string, query: string) =>
    base + ('&' + query).replace(SHARE_PARAM, '').replace('&', '?'),
  );
