// dist/share-debug.js: what dist/share.min.js import()s with debug on, from next to its own file. The same run()
// built with the debug log and the hint texts (rollup.config.mjs); the script tag passes the url the page landed on.
import { here } from './parts.js';

// share-apps.js is next to this file.
here.url = import.meta.url;

export { run } from './share.js';
