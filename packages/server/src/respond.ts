// The answers of wxShare's routes, framework-free: the signature JSON, errors as { error: { code, message, errcode? } }, never a stack trace.
import { ShareError } from './errors.js';
import type { Logger } from './logger.js';
import { redact } from './redact.js';

export const JSON_TYPE = 'application/json; charset=utf-8';

/** What an adapter writes back: a status, headers (lower-case names) and a body (none for 204 and 304; dropped for HEAD). */
export interface ShareAnswer {
  status: number;
  headers: Record<string, string | number>;
  body: Buffer | undefined;
}

/** An already serialized signature: 200, JSON, Cache-Control: no-store. */
export function signatureAnswer(body: Buffer, cors: Record<string, string> | undefined): ShareAnswer {
  const headers: ShareAnswer['headers'] = { 'content-type': JSON_TYPE, 'cache-control': 'no-store', 'content-length': body.length };
  return { status: 200, headers: cors === undefined ? headers : Object.assign(headers, cors), body };
}

export function jsonAnswer(status: number, value: unknown, headers?: Record<string, string>): ShareAnswer {
  const body = Buffer.from(JSON.stringify(value));
  return { status, headers: { ...headers, 'content-type': JSON_TYPE, 'cache-control': 'no-store', 'content-length': body.length }, body };
}

/**
 * A ShareError becomes its JSON; anything else a generic 500, logged with its message redacted (it may hold a secret).
 * `task` says what failed, in the log line and the answer ("signing the url", "answering the access token").
 */
export function errorAnswer(error: unknown, logger: Logger, secrets: readonly string[], cors?: Record<string, string>, task = 'signing the url'): ShareAnswer {
  if (error instanceof ShareError) {
    const retryAfter = error.retryAfterSeconds === undefined ? undefined : { 'retry-after': String(error.retryAfterSeconds) };
    return jsonAnswer(error.status, error.toJSON(), retryAfter === undefined ? cors : { ...cors, ...retryAfter });
  }
  logger.error(`unexpected ${describe(error, secrets)} while ${task}; answered 500`);
  return jsonAnswer(500, { error: { code: 'internal_error', message: `unexpected error while ${task}; see the server log` } }, cors);
}

function describe(error: unknown, secrets: readonly string[]): string {
  if (error instanceof Error) return `${error.name || 'Error'}: ${redact(error.message, secrets)}`;
  return typeof error;
}
