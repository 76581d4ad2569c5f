// A third-party platform's pushes: the outer <xml><AppId/><Encrypt/></xml>, then the decrypted XML as a typed event.
import { ComponentPushError, decrypt, verifySignature } from './crypto.js';

/** WeChat's pushes are a few hundred bytes; a body over this is refused unread (413). */
export const MAX_PUSH_BODY_BYTES = 64 * 1024;
/** Any element value used is at most this long (tickets and codes are about 100 characters). */
export const MAX_VALUE_CHARS = 1024;

interface Common {
  /** The component appid the push names (checked equal to the configured one). */
  appId: string;
  /** CreateTime, seconds since the epoch. */
  createTime: number;
}

export type ComponentEvent =
  | (Common & { infoType: 'component_verify_ticket'; ticket: string })
  | (Common & {
      infoType: 'authorized' | 'updateauthorized';
      authorizerAppId: string;
      authorizationCode: string;
      /** AuthorizationCodeExpiredTime, seconds since the epoch. */
      authorizationCodeExpiredTime: number;
      preAuthCode: string | undefined;
    })
  | (Common & { infoType: 'unauthorized'; authorizerAppId: string })
  /** Any other InfoType (e.g. notify_third_fasteregister): ignored by share, answered `success`. */
  | (Common & { infoType: 'other'; name: string });

export interface OuterPush {
  appId: string;
  encrypt: string;
}

export interface PushQuery {
  timestamp?: string | null | undefined;
  nonce?: string | null | undefined;
  msg_signature?: string | null | undefined;
  encrypt_type?: string | null | undefined;
}

export interface ComponentSecrets {
  appId: string;
  token: string;
  aesKey: string;
}

const APPID = /^[A-Za-z0-9_-]{1,64}$/;
const SECONDS = /^\d{1,12}$/;
const NAME = /^[A-Za-z0-9_]{1,64}$/;
const QUERY_VALUE = /^[A-Za-z0-9]{1,64}$/;

/** The outer body's AppId and Encrypt; bounded, CDATA or not, every other element ignored. */
export function parseOuterXml(body: string | Uint8Array): OuterPush {
  const text = bodyText(body);
  const fields = readFlatXml(text, ['AppId', 'Encrypt'], MAX_PUSH_BODY_BYTES);
  const appId = fields.get('AppId');
  const encrypt = fields.get('Encrypt');
  if (appId === undefined || !APPID.test(appId)) throw malformed('the push has no valid AppId element');
  if (encrypt === undefined || encrypt === '') throw malformed('the push has no Encrypt element');
  return { appId, encrypt };
}

const INNER = [
  'AppId',
  'CreateTime',
  'InfoType',
  'ComponentVerifyTicket',
  'AuthorizerAppid',
  'AuthorizationCode',
  'AuthorizationCodeExpiredTime',
  'PreAuthCode',
] as const;

/** The decrypted XML as a typed event; missing or malformed fields of a known InfoType throw `malformed_xml`. */
export function parseInnerXml(xml: string): ComponentEvent {
  const fields = readFlatXml(xml, INNER, MAX_VALUE_CHARS);
  const appId = required(fields, 'AppId', APPID);
  const createTime = Number(required(fields, 'CreateTime', SECONDS));
  const infoType = required(fields, 'InfoType', NAME);
  const common = { appId, createTime };
  switch (infoType) {
    case 'component_verify_ticket':
      return { ...common, infoType, ticket: required(fields, 'ComponentVerifyTicket') };
    case 'authorized':
    case 'updateauthorized':
      return {
        ...common,
        infoType,
        authorizerAppId: required(fields, 'AuthorizerAppid', APPID),
        authorizationCode: required(fields, 'AuthorizationCode'),
        authorizationCodeExpiredTime: Number(required(fields, 'AuthorizationCodeExpiredTime', SECONDS)),
        preAuthCode: fields.get('PreAuthCode') || undefined,
      };
    case 'unauthorized':
      return { ...common, infoType, authorizerAppId: required(fields, 'AuthorizerAppid', APPID) };
    default:
      return { ...common, infoType: 'other', name: infoType };
  }
}

/**
 * The whole check of one push, in WeChat's order of trust: size, outer XML, the AppId, msg_signature (constant
 * time) BEFORE any decryption, then decryption and the inner XML, whose AppId must match too. Throws
 * ComponentPushError (its `status` is the answer to give); on success the caller answers `success`.
 */
export function readPush(body: string | Uint8Array, query: PushQuery, secrets: ComponentSecrets): ComponentEvent {
  const outer = parseOuterXml(body);
  if (outer.appId !== secrets.appId) {
    throw new ComponentPushError('wrong_appid', 'the push names another AppId than the component appId');
  }
  const timestamp = queryValue(query, 'timestamp');
  const nonce = queryValue(query, 'nonce');
  const signature = queryValue(query, 'msg_signature');
  if (query.encrypt_type !== undefined && query.encrypt_type !== null && query.encrypt_type !== 'aes') {
    throw new ComponentPushError('missing_parameter', 'encrypt_type must be aes');
  }
  if (!verifySignature({ token: secrets.token, timestamp, nonce, encrypt: outer.encrypt, signature })) {
    throw new ComponentPushError('invalid_signature', 'msg_signature does not match (wrong component token?)');
  }
  const event = parseInnerXml(decrypt(secrets.aesKey, outer.encrypt, secrets.appId));
  if (event.appId !== secrets.appId) {
    throw new ComponentPushError('wrong_appid', 'the decrypted push names another AppId than the component appId');
  }
  return event;
}

function queryValue(query: PushQuery, name: 'timestamp' | 'nonce' | 'msg_signature'): string {
  const value = query[name];
  if (typeof value !== 'string' || !QUERY_VALUE.test(value)) {
    throw new ComponentPushError('missing_parameter', `the push's query needs ${name}`);
  }
  return value;
}

function bodyText(body: string | Uint8Array): string {
  const size = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.byteLength;
  if (size > MAX_PUSH_BODY_BYTES) {
    throw new ComponentPushError('body_too_large', `the push body is over ${MAX_PUSH_BODY_BYTES / 1024} KB`);
  }
  if (typeof body === 'string') return body;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw malformed('the push body is not UTF-8');
  }
}

function required(fields: Map<string, string>, name: string, pattern?: RegExp): string {
  const value = fields.get(name);
  if (value === undefined || value === '') throw malformed(`the push has no ${name}`);
  if (pattern && !pattern.test(value)) throw malformed(`the push's ${name} is malformed`);
  return value;
}

function malformed(message: string): ComponentPushError {
  return new ComponentPushError('malformed_xml', message);
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME_AT = /[A-Za-z_][A-Za-z0-9_.-]*/y;

/**
 * The text of the wanted children of a flat `<xml>…</xml>` document (WeChat's push format): each child is text or
 * one CDATA section; comments and an XML declaration are allowed; a DOCTYPE, attributes, a repeated wanted element,
 * a wanted element with children, or a value over `maxChars` is an error. Unwanted children are skipped unread.
 */
export function readFlatXml(xml: string, wanted: readonly string[], maxChars: number): Map<string, string> {
  const want = new Set(wanted);
  const fields = new Map<string, string>();
  let at = skipProlog(xml);
  at = expect(xml, at, '<xml>');
  for (;;) {
    at = skipSpaceAndComments(xml, at);
    if (xml.startsWith('</xml>', at)) break;
    if (xml[at] !== '<') throw malformed('the push is not flat XML: text outside an element');
    NAME_AT.lastIndex = at + 1;
    const match = NAME_AT.exec(xml);
    if (!match) throw malformed('the push is not XML: a tag without a name');
    const name = match[0];
    at = NAME_AT.lastIndex;
    if (xml.startsWith('/>', at)) {
      at += 2;
      if (want.has(name)) store(fields, name, '');
      continue;
    }
    at = expect(xml, at, '>');
    const close = `</${name}>`;
    if (xml.startsWith('<![CDATA[', at)) {
      const end = xml.indexOf(']]>', at + 9);
      if (end < 0) throw malformed(`the push's ${name} has an unterminated CDATA section`);
      if (want.has(name)) store(fields, name, checkedLength(xml.slice(at + 9, end), name, maxChars));
      at = expect(xml, skipSpace(xml, end + 3), close);
      continue;
    }
    const end = xml.indexOf(close, at);
    if (end < 0) throw malformed(`the push's ${name} is not closed`);
    const content = xml.slice(at, end);
    if (want.has(name)) {
      if (content.includes('<')) throw malformed(`the push's ${name} has child elements`);
      store(fields, name, decodeText(checkedLength(content, name, maxChars), name));
    }
    at = end + close.length;
  }
  at = skipSpaceAndComments(xml, at + '</xml>'.length);
  if (at !== xml.length) throw malformed('the push has content after </xml>');
  return fields;
}

function store(fields: Map<string, string>, name: string, value: string): void {
  if (fields.has(name)) throw malformed(`the push has ${name} twice`);
  fields.set(name, value);
}

function checkedLength(value: string, name: string, maxChars: number): string {
  if (value.length > maxChars) throw malformed(`the push's ${name} is over ${maxChars} characters`);
  return value;
}

function decodeText(text: string, name: string): string {
  return text.trim().replace(/&([^;]{0,10});?/g, (entity, body: string) => {
    if (!entity.endsWith(';')) throw malformed(`the push's ${name} has a bare &`);
    const named = ENTITIES[body];
    if (named !== undefined) return named;
    const code = characterReference(body);
    if (code === undefined) throw malformed(`the push's ${name} has an unknown entity`);
    return String.fromCodePoint(code);
  });
}

/** The code point of `#123` or `#x7B`, when it is a character XML allows (not 0, not a surrogate, <= U+10FFFF). */
function characterReference(body: string): number | undefined {
  let code: number | undefined;
  if (/^#x[0-9a-f]{1,6}$/i.test(body)) code = parseInt(body.slice(2), 16);
  else if (/^#\d{1,7}$/.test(body)) code = Number(body.slice(1));
  if (code === undefined || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return code;
}

function skipProlog(xml: string): number {
  let at = skipSpace(xml, xml.charCodeAt(0) === 0xfeff ? 1 : 0);
  if (xml.startsWith('<?xml', at)) {
    const end = xml.indexOf('?>', at);
    if (end < 0) throw malformed('the push has an unterminated XML declaration');
    at = end + 2;
  }
  at = skipSpaceAndComments(xml, at);
  if (xml.startsWith('<!DOCTYPE', at) || xml.startsWith('<!doctype', at)) throw malformed('the push has a DOCTYPE');
  return at;
}

function skipSpaceAndComments(xml: string, from: number): number {
  let at = skipSpace(xml, from);
  while (xml.startsWith('<!--', at)) {
    const end = xml.indexOf('-->', at + 4);
    if (end < 0) throw malformed('the push has an unterminated comment');
    at = skipSpace(xml, end + 3);
  }
  return at;
}

function skipSpace(xml: string, from: number): number {
  let at = from;
  while (at < xml.length && ' \t\r\n'.includes(xml[at]!)) at += 1;
  return at;
}

function expect(xml: string, at: number, literal: string): number {
  if (!xml.startsWith(literal, at)) throw malformed(`the push is not the expected XML: ${literal} missing`);
  return at + literal.length;
}
