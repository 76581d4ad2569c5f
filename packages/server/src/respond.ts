// Writes the middleware's answers: the signature JSON, errors as { error: { code, message, errcode? } }, never a stack trace.
import type { ServerResponse } from 'node:http';
import { ShareError } from './errors.js';
import type { Logger } from './logger.js';
import { redact } from './redact.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Sends an already serialized JSON body with status 200 and Cache-Control: no-store. */
export function sendBody(res: ServerResponse, body: Buffer): void {
  res.writeHead(200, { 'content-type': JSON_TYPE, 'cache-control': 'no-store', 'content-length': body.length });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers?: Record<string, string>): void {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { ...headers, 'content-type': JSON_TYPE, 'cache-control': 'no-store', 'content-length': body.length });
  res.end(body);
}

/** A ShareError becomes its JSON; anything else a generic 500, logged with its message redacted (it may hold a secret). */
export function sendError(res: ServerResponse, error: unknown, logger: Logger, secrets: readonly string[] = []): void {
  if (error instanceof ShareError) {
    const retryAfter = error.retryAfterSeconds === undefined ? undefined : { 'retry-after': String(error.retryAfterSeconds) };
    if (!res.headersSent) sendJson(res, error.status, error.toJSON(), retryAfter);
    return;
  }
  logger.error(`unexpected ${describe(error, secrets)} while signing a url; answered 500`);
  if (!res.headersSent) {
    sendJson(res, 500, { error: { code: 'internal_error', message: 'unexpected error while signing the url; see the server log' } });
  } else {
    res.destroy();
  }
}

function describe(error: unknown, secrets: readonly string[]): string {
  if (error instanceof Error) return `${error.name || 'Error'}: ${redact(error.message, secrets)}`;
  return typeof error;
}
