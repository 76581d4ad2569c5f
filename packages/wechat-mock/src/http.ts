// Small node:http helpers: JSON answers, the request's JSON body, the caller's IP.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Bodies larger than this are not read (the call answers 47001). */
export const MAX_BODY_BYTES = 64 * 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; encoding=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * The parsed JSON body, or undefined when it is missing, too large or not JSON. A body already parsed by
 * express.json() (req.body, stream consumed) is used as it is.
 */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const parsed = (req as IncomingMessage & { body?: unknown }).body;
  if (req.readableEnded) return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  // A too large body is still drained (not collected) so that the socket can carry the answer.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  if (size > MAX_BODY_BYTES) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** The caller's IP as WeChat's whitelist sees it: IPv4-mapped IPv6 addresses in their IPv4 form. */
export function clientIp(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
