// The build flags: each build of the client sets them (rollup.config.mjs, through @rollup/plugin-replace; vitest.config.ts
// for the tests), and the minifier drops the code a build turns off. The source names every variant it has here.

/** The hint texts of failures (hints.ts). Off in share.min.js and share-apps.js: the README's Errors table has them. */
declare const __HINTS__: boolean;
/** The debug log (log.ts). Off in share.min.js, which hands a debug run over to share-debug.js. */
declare const __LOG__: boolean;
/**
 * The script tag's files: share-apps.js (WeCom, mini-program web-views) and share-debug.js are import()ed by absolute
 * url from next to the file that runs (parts.ts). Off in the bundlers' build, whose bundler makes chunks instead.
 */
declare const __PARTS__: boolean;
