// Where the page's wx.config signature came from: the server-rendered #wx-share-config, or a request to the signer.
// @ts-check

export const SIGNATURE_PATH = '/wx/signature';

/** @param {string} url a resource url as the browser's Resource Timing lists it */
export function isSignatureRequest(url) {
  try {
    return new URL(url).pathname === SIGNATURE_PATH;
  } catch {
    return false;
  }
}

/**
 * 'page' when the client configured from `#wx-share-config`, 'request' when it asked GET /wx/signature, 'none' when
 * neither is known (yet).
 * @share/client reports where its signature came from (`result.source`, 'page' or 'request') and is believed;
 * without it (an older client) this is told from the requests the page made: a signature request means 'request',
 * none while the element is present means 'page'.
 * @param {{ source?: unknown } | null} result what share() resolved to, if it did
 * @param {{ requested: boolean, element: boolean }} seen a signature request in Resource Timing; the element in the page
 * @returns {'page' | 'request' | 'none'}
 */
export function configSource(result, seen) {
  if (result && (result.source === 'page' || result.source === 'request')) return result.source;
  if (seen.requested) return 'request';
  return seen.element && result ? 'page' : 'none';
}

/** The page's inline config: its url, or why it cannot be used; null when the page has no #wx-share-config. */
export function inlineConfig() {
  const element = document.getElementById('wx-share-config');
  if (!element) return null;
  try {
    const config = JSON.parse(element.textContent || '');
    return { url: typeof config.url === 'string' ? config.url : '', valid: typeof config.signature === 'string' };
  } catch {
    return { url: '', valid: false };
  }
}

/** Calls `onRequest` once the page has made (or makes) a request to the signer. */
export function watchSignatureRequests(/** @type {() => void} */ onRequest) {
  if (typeof PerformanceObserver === 'undefined') return;
  const observer = new PerformanceObserver((list) => {
    if (list.getEntries().some((entry) => isSignatureRequest(entry.name))) onRequest();
  });
  observer.observe({ type: 'resource', buffered: true });
}

export function signatureRequested() {
  return performance.getEntriesByType('resource').some((entry) => isSignatureRequest(entry.name));
}
