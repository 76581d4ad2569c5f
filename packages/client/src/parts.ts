// Where the script tag's other files are: share-apps.js and share-debug.js sit next to the file that runs.

/**
 * The url of the file that runs, set by its entry: script.ts (share.min.js: document.currentScript.src) or debug.ts
 * (share-debug.js: import.meta.url). A classic script loaded from another origin cannot import() a relative
 * specifier (its base url is about:blank), so the files are import()ed by absolute url.
 */
export const here = { url: '' };

/** The absolute url of `file` next to the file that runs (the page's own url when that is unknown). */
export const partUrl = (file: string) => new URL(file, here.url || location.href).href;
