// @share/server/ssr: a signature written into a server-rendered page (signRequest, pageUrl, renderConfigScript).
export { renderConfigScript } from '../render-config.js';
export { pageUrl } from '../page-url.js';
export type { PageRequest, PageUrlOptions, WebRequest } from '../page-url.js';
export { signRequest } from '../sign-request.js';
export type { SignRequestOptions } from '../sign-request.js';
