// The `component` option (a WeChat Open Platform third-party platform, 第三方平台) and its WX_COMPONENT_* env vars.
import type { HostRule } from '../allowed-hosts.js';
import { aesKeyBytes } from './crypto.js';

/** A third-party platform whose authorizers' pages share signs (see the README's "Third-party platforms"). */
export interface ComponentOptions {
  /** The platform's AppID (component_appid). Required, or env WX_COMPONENT_APPID. */
  appId?: string | undefined;
  /** The platform's AppSecret (component_appsecret). Required, or env WX_COMPONENT_APPSECRET. */
  appSecret?: string | undefined;
  /** The 消息校验Token the pushes are signed with. Required, or env WX_COMPONENT_TOKEN. */
  token?: string | undefined;
  /** The 消息加解密Key, 43 characters. Required, or env WX_COMPONENT_AES_KEY. */
  aesKey?: string | undefined;
  /** A host template such as '{appid}.h5.example.com': a page on such a host is signed by that authorizer. Defaults to none. */
  hosts?: string | undefined;
}

export interface ComponentConfig {
  appId: string;
  appSecret: string;
  token: string;
  aesKey: string;
  /** The `hosts` template split at '{appid}', lower-case; undefined: pages name their authorizer with ?appid=. */
  hosts: { before: string; after: string } | undefined;
  /** The top-level allowedHosts when no account of its own is configured: the authorizers' pages must match them. */
  allowedHosts: readonly HostRule[] | undefined;
}

const FIELDS = [
  ['appId', 'WX_COMPONENT_APPID'],
  ['appSecret', 'WX_COMPONENT_APPSECRET'],
  ['token', 'WX_COMPONENT_TOKEN'],
  ['aesKey', 'WX_COMPONENT_AES_KEY'],
] as const;
const KEYS = ['appId', 'appSecret', 'token', 'aesKey', 'hosts'];
const APPID = /^[A-Za-z0-9_-]{1,64}$/;
const HOST_PART = /^[a-z0-9.-]*$/;

/**
 * The platform of `value` (each field falling back to its env var), or undefined when neither the option nor
 * WX_COMPONENT_APPID is set. A missing field, an unknown key or an aesKey that is not 43 characters of base64 throws,
 * naming the field, never its value.
 */
export function resolveComponent(value: unknown, env: NodeJS.ProcessEnv, fail: (message: string) => never): ComponentConfig | undefined {
  if (value === undefined && nonEmpty(env.WX_COMPONENT_APPID) === undefined) return undefined;
  const usage = "component must be { appId, appSecret, token, aesKey, hosts? } (or the env vars WX_COMPONENT_APPID, WX_COMPONENT_APPSECRET, WX_COMPONENT_TOKEN, WX_COMPONENT_AES_KEY)";
  if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) fail(usage);
  const o = (value ?? {}) as Record<string, unknown>;
  const unknown = Object.keys(o).find((key) => o[key] !== undefined && !KEYS.includes(key));
  if (unknown !== undefined) fail(`unknown component key \`${unknown}\`. Known component keys: ${KEYS.join(', ')}.`);
  const fields: Record<string, string> = {};
  for (const [field, envName] of FIELDS) {
    const given = o[field] ?? nonEmpty(env[envName]);
    if (given === undefined) fail(`component.${field} is missing: pass component.${field} or set ${envName}`);
    if (typeof given !== 'string' || given.trim() === '') fail(`component.${field} must be a non-empty string (or set ${envName})`);
    fields[field] = given.trim();
  }
  if (!APPID.test(fields.appId!)) fail("component.appId must be the platform's AppID, letters and digits such as 'wxc0123456789abcdef'");
  try {
    aesKeyBytes(fields.aesKey!);
  } catch {
    fail(`component.aesKey must be the 43-character EncodingAESKey (消息加解密Key) of the platform, got ${fields.aesKey!.length} characters`);
  }
  return {
    appId: fields.appId!,
    appSecret: fields.appSecret!,
    token: fields.token!,
    aesKey: fields.aesKey!,
    hosts: hostsTemplate(o.hosts, fail),
    allowedHosts: undefined,
  };
}

function hostsTemplate(value: unknown, fail: (message: string) => never): ComponentConfig['hosts'] {
  if (value === undefined) return undefined;
  const usage = "component.hosts must be a host template with one '{appid}', such as '{appid}.h5.example.com'";
  if (typeof value !== 'string') fail(usage);
  const parts = value.trim().toLowerCase().split('{appid}');
  if (parts.length !== 2 || !HOST_PART.test(parts[0]!) || !HOST_PART.test(parts[1]!)) fail(usage);
  return { before: parts[0]!, after: parts[1]! };
}

/** The authorizer appid a page host names through the template, if it matches (an appid is letters and digits). */
export function authorizerOfHost(template: NonNullable<ComponentConfig['hosts']>, host: string): string | undefined {
  const h = host.toLowerCase().replace(/:\d+$/, '');
  if (!h.startsWith(template.before) || !h.endsWith(template.after)) return undefined;
  const middle = h.slice(template.before.length, h.length - template.after.length);
  return /^[a-z0-9_-]{1,64}$/.test(middle) ? middle : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
