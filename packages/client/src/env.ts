// Where the page runs: WeChat or not, iOS or not, and the url it landed on.

/** False on a server (no navigator). */
export const inWeChat = () => /micromessenger/i.test(globalThis.navigator?.userAgent);

/** iOS WeChat verifies wx.config against the url the page was loaded with, even after history.pushState. */
export const onIOS = () => /iphone|ipad|ipod/i.test(navigator.userAgent);

/** Captured when this module first evaluates: load the client before a router rewrites the url. */
export const landing = globalThis.location?.href;
