// The browser bundle wxShare() serves next to its signature route: @share/client's share.min.js, told to sign
// against that route, and the two files share.min.js import()s from there (share-apps.js: the WeCom and mini-program
// code; share-debug.js: the run with the debug log), with ETags.
import { createHash } from 'node:crypto';
import type { Config } from './options.js';

export const CLIENT_FILE = 'share.min.js';
/** The second file: share.min.js import()s it from its own folder in WeCom and mini-program web-views only. */
export const APPS_FILE = 'share-apps.js';
/** The third: share.min.js import()s it from its own folder with debug on (data-debug) only. */
export const DEBUG_FILE = 'share-debug.js';
export const CLIENT_TYPE = 'text/javascript; charset=utf-8';
/** A week: the file's url carries no version, so an upgrade reaches every visitor within that; revalidating is a 304. */
export const CLIENT_CACHE_CONTROL = 'public, max-age=604800';

export interface ClientFile {
  /** Where it is served: the signature route's folder, e.g. '/wx/share.min.js' for '/wx/signature'. */
  readonly path: string;
  readonly body: Buffer;
  /** A strong ETag of `body`, quoted. */
  readonly etag: string;
}

export interface ClientAsset extends ClientFile {
  /** share-apps.js next to it ('/wx/share-apps.js'), served the same way (an ES module: cross-origin it needs `cors`). */
  readonly apps: ClientFile;
  /** share-debug.js next to it ('/wx/share-debug.js'), served the same way. */
  readonly debug: ClientFile;
}

const file = (path: string, body: Buffer): ClientFile => ({ path, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` });

/** The client file wxShare() and createFetchHandler() serve, unless `client: false`. */
export function clientOf(config: Pick<Config, 'client' | 'path'>): ClientAsset | undefined {
  return config.client ? clientAsset(config.path) : undefined;
}

/** The client file's route next to a signature route: '/wx/signature' → '/wx/share.min.js'. */
export function clientPath(routePath: string, name: string = CLIENT_FILE): string {
  return routePath.slice(0, routePath.lastIndexOf('/') + 1) + name;
}

/**
 * The bundle, preceded by one statement: unless its tag says data-endpoint, the script signs against the route next
 * to the url it was loaded from. That is what the tag would say by hand (data-endpoint is the client's documented
 * interface), so `<script src="https://api.example.com/wx/share.min.js">` works from any site.
 */
export function clientAsset(
  routePath: string,
  bundle: Buffer = clientBundle(),
  apps: Buffer = clientBundle(APPS_FILE),
  debug: Buffer = clientBundle(DEBUG_FILE),
): ClientAsset {
  const path = clientPath(routePath);
  if ([CLIENT_FILE, APPS_FILE, DEBUG_FILE].some((name) => clientPath(routePath, name) === routePath)) {
    throw new TypeError(`@share/server: path '${routePath}' is where the client files would be served; choose another path, or pass client: false`);
  }
  const route = `./${routePath.slice(routePath.lastIndexOf('/') + 1)}`; // './signature'; './' for path '/'
  const prologue = `(s=>{s&&!s.dataset.endpoint&&(s.dataset.endpoint=new URL(${JSON.stringify(route)},s.src).href)})(document.currentScript);\n`;
  const text = bundle.toString('utf8');
  const bannerEnd = text.startsWith('/*!') ? text.indexOf('\n') + 1 : 0; // the license banner stays the first line
  const body = Buffer.from(text.slice(0, bannerEnd) + prologue + text.slice(bannerEnd));
  return { ...file(path, body), apps: file(clientPath(routePath, APPS_FILE), apps), debug: file(clientPath(routePath, DEBUG_FILE), debug) };
}

/** @share/client's files, written into this code when it is built (client-files.ts). */
declare const __SHARE_CLIENT_FILES__: Readonly<Record<string, string>>;

/** One of @share/client's files (share.min.js, share-apps.js, share-debug.js), of the version this package was built with. */
export function clientBundle(name: string = CLIENT_FILE): Buffer {
  const text = __SHARE_CLIENT_FILES__[name];
  if (text === undefined) throw new Error(`@share/server: no client file ${name}`);
  return Buffer.from(text);
}

/** Whether an If-None-Match header names `etag` (weak comparison, as RFC 9110 asks for GET). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return (t.startsWith('W/') ? t.slice(2) : t) === etag;
  });
}
