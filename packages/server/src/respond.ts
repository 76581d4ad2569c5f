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

/** The one error answer of every route: `{ error: { code, message } }`, JSON, no-store, with the headers given. */
export function errorJson(status: number, code: string, message: string, headers?: Record<string, string>): ShareAnswer {
  return jsonAnswer(status, { error: { code, message } }, headers);
}

/** 204 with no body, e.g. an accepted event. */
export function noContent(headers?: Record<string, string>): ShareAnswer {
  return { status: 204, headers: { ...headers, 'content-length': 0 }, body: undefined };
}

/** A request body beyond the route's cap. */
export class BodyTooLarge extends Error {
  constructor() {
    super('request body too large');
    this.name = 'BodyTooLarge';
  }
}

/** What a route calls its body's two failures: too large (413) and unreadable (400). */
export interface BodyErrors {
  tooLarge: { code: string; message: string };
  unreadable: { code: string; message: string };
}

/**
 * The body cap of every route that reads one: the request's body, at most `limit` bytes, or the route's 413 (beyond
 * the cap, read no further) or 400 (the body could not be read) answer.
 */
export async function readBody(
  request: { body(limit: number): Promise<Buffer> },
  limit: number,
  errors: BodyErrors,
  headers?: Record<string, string>,
): Promise<Buffer | ShareAnswer> {
  try {
    return await request.body(limit);
  } catch (cause) {
    const { code, message } = cause instanceof BodyTooLarge ? errors.tooLarge : errors.unreadable;
    return errorJson(cause instanceof BodyTooLarge ? 413 : 400, code, message, headers);
  }
}

/**
 * A ShareError becomes its JSON; anything else a generic 500, logged with its message redacted (it may hold a secret).
 * `task` says what failed, in the log line and the answer ("signing the url", "answering the access token").
 */
export function errorAnswer(error: unknown, logger: Logger, secrets: readonly string[], cors?: Record<string, string>, task = 'signing the url'): ShareAnswer {
  if (error instanceof ShareError) return shareErrorAnswer(error, cors);
  return internalError(error, logger, secrets, task, cors);
}

/** A ShareError's JSON, with Retry-After when it says when to ask again. */
export function shareErrorAnswer(error: ShareError, headers?: Record<string, string>): ShareAnswer {
  const retryAfter = error.retryAfterSeconds === undefined ? undefined : { 'retry-after': String(error.retryAfterSeconds) };
  return jsonAnswer(error.status, error.toJSON(), retryAfter === undefined ? headers : { ...headers, ...retryAfter });
}

/** 500 `internal_error`, logged through logger.error with the error's message redacted: what any failure of a route becomes. */
export function internalError(error: unknown, logger: Logger, secrets: readonly string[], task: string, headers?: Record<string, string>): ShareAnswer {
  logger.error(`unexpected ${describe(error, secrets)} while ${task}; answered 500`);
  return errorJson(500, 'internal_error', `unexpected error while ${task}; see the server log`, headers);
}

function describe(error: unknown, secrets: readonly string[]): string {
  if (error instanceof Error) return `${error.name || 'Error'}: ${redact(error.message, secrets)}`;
  return typeof error;
}
