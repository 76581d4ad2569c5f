// renderConfigScript(): a signature written into a server-rendered page, as JSON that no string in it can break out of.
import type { SignResult } from './signer.js';

/** The id the client looks for. */
export const CONFIG_ELEMENT_ID = 'wx-share-config';

// Inside <script> the HTML parser only looks for "</script", "<!--" and "<script"; escaping every '<' and '>' rules
// them all out, '&' keeps the text the same when someone moves it into an attribute or XHTML, and U+2028/U+2029 are
// line terminators to pre-ES2019 JavaScript parsers. Each becomes a JSON \u escape, so JSON.parse gives the same text.
const UNSAFE = /[<>&\u2028\u2029]/g;
const escapeChar = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** JSON.stringify whose output is safe as the text of an HTML <script> element. */
export function htmlSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE, escapeChar);
}

/**
 * `<script type="application/json" id="wx-share-config">{ appId, timestamp, nonceStr, signature, url }</script>`:
 * the result of `signer.sign()` for the page being rendered, for the client to configure from without a request.
 * Only those five fields are written, and a WeCom result's agentConfig. Throws a TypeError when `result` is not a SignResult.
 */
export function renderConfigScript(result: SignResult): string {
  const { appId, timestamp, nonceStr, signature, url, agentConfig } = checkResult(result);
  const fields: Record<string, unknown> = { appId, timestamp, nonceStr, signature, url };
  if (agentConfig !== undefined) {
    const { corpid, agentid } = agentConfig;
    fields.agentConfig = { corpid, agentid, timestamp: agentConfig.timestamp, nonceStr: agentConfig.nonceStr, signature: agentConfig.signature };
  }
  const json = htmlSafeJson(fields);
  return `<script type="application/json" id="${CONFIG_ELEMENT_ID}">${json}</script>`;
}

function checkResult(result: SignResult): SignResult {
  const r = Object(result) as Partial<Record<keyof SignResult, unknown>>;
  const strings = [r.appId, r.nonceStr, r.signature, r.url].every((field) => typeof field === 'string' && field !== '');
  if (!strings || !Number.isSafeInteger(r.timestamp)) {
    throw new TypeError('renderConfigScript(result): result must be what signer.sign() resolved to ({ appId, timestamp, nonceStr, signature, url })');
  }
  return result;
}
