// Analytics reports, sent only when the server's answer names its event route (`events`): WeChat's `from` kept across
// the canonical redirect, and beacons that never delay or break sharing.

/** Where the redirect keeps `from` for the page it goes to. */
const KEY = 'share:from';

/**
 * WeChat's `from` for this page load: as written in its query (1 to 32 characters, like WeChat's own values; a
 * longer one is ignored here as on the server, so that a crafted link cannot make the signature request too long), else
 * kept by the redirect that led here (read once). `leaving`: the redirect is about to remove it from the url, so it
 * is kept. No storage: no `from`, never an exception.
 */
export const arrival = (href: string, leaving?: boolean): string | undefined => {
  let from = /^[^#]*[?&]from=([^&#]{1,32})(?![^&#])/.exec(href)?.[1];
  try {
    from ||= sessionStorage.getItem(KEY)!;
    if (leaving && from) sessionStorage.setItem(KEY, from);
    else sessionStorage.removeItem(KEY);
  } catch {}
  return from || undefined;
};

/** Sends the event as JSON text to `events` (a path next to the signature endpoint); without `events`, nothing. */
export const beacon = (events: unknown, endpoint: string, event: object) => {
  try {
    if (events) navigator.sendBeacon(new URL(events as string, new URL(endpoint, location.href)), JSON.stringify(event));
  } catch {} // no sendBeacon, a throwing one, `events` that is no url: not reported
};
