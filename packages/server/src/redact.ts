// Strips secrets (appSecret, access_token, jsapi_ticket) from any text before it reaches an error or a log line.

const REDACTED = '[redacted]';

// `secret=…`, `access_token=…`, `"ticket":"…"` and the like, as a query string, form or JSON would carry them.
const NAMED = /(\b(?:app_?secret|secret|access_token|jsapi_ticket|ticket|token)["']?\s*[:=]\s*["']?)([^"'&\s,;}]+)/gi;
// WeChat tokens and tickets are long runs of [A-Za-z0-9_-]; appSecrets are 32 hex digits. Request ids
// (`rid: 6523ab0c-1f2e3d4c-5b6a7980`) and IPs are shorter, so they survive.
const LONG_RUN = /[A-Za-z0-9_-]{32,}/g;

/** Returns `text` with the given secret values and anything that looks like a token, ticket or secret removed. */
export function redact(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret) out = out.split(secret).join(REDACTED);
  }
  return out.replace(NAMED, `$1${REDACTED}`).replace(LONG_RUN, REDACTED);
}
