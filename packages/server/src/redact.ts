// Strips secrets (appSecret, access_token, jsapi_ticket) from any text before it reaches an error or a log line.

const REDACTED = '[redacted]';

// `secret=…`, `access_token=…`, `"ticket":"…"` and the like, as a query string, form or JSON would carry them.
const NAMED = /(\b(?:app_?secret|secret|access_token|jsapi_ticket|ticket|token)["']?\s*[:=]\s*["']?)([^"'&\s,;}]+)/gi;
// WeChat tokens and tickets are long runs of [A-Za-z0-9_-]; appSecrets are 32 hex digits. Request ids
// (`rid: 6523ab0c-1f2e3d4c-5b6a7980`) and IPs are shorter, so they survive.
const LONG_RUN = /[A-Za-z0-9_-]{32,}/g;

/** Longer text is cut first: nothing that reaches an error or a log line needs more, and every step stays cheap. */
export const MAX_REDACT_INPUT = 64 * 1024;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Returns `text` with the given secret values (in any letter case) and anything that looks like a token, ticket or
 * secret removed. Linear in the length of `text`; never throws (on a failure nothing of the text is returned).
 */
export function redact(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  try {
    let out = text.length > MAX_REDACT_INPUT ? `${text.slice(0, MAX_REDACT_INPUT)}…` : text;
    for (const secret of secrets) {
      if (secret) out = out.replace(new RegExp(escapeRegExp(secret), 'gi'), REDACTED);
    }
    return out.replace(NAMED, `$1${REDACTED}`).replace(LONG_RUN, REDACTED);
  } catch {
    return REDACTED;
  }
}
