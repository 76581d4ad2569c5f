import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ShareError } from '../src/errors.js';
import { sendBody, sendError, sendJson } from '../src/respond.js';
import { spyLogger } from './helpers/fakes.js';

function fakeResponse() {
  const res = {
    status: 0,
    headers: {} as Record<string, unknown>,
    body: undefined as Buffer | undefined,
    headersSent: false,
    destroyed: false,
    writeHead(status: number, headers: Record<string, unknown>) {
      res.status = status;
      res.headers = headers;
      res.headersSent = true;
      return res;
    },
    end(body?: Buffer) {
      res.body = body;
    },
    destroy() {
      res.destroyed = true;
    },
  };
  return res;
}
const as = (r: ReturnType<typeof fakeResponse>) => r as unknown as ServerResponse;

describe('respond', () => {
  it('sendBody writes 200, JSON, no-store, content-length', () => {
    const res = fakeResponse();
    sendBody(as(res), Buffer.from('{"a":1}'));
    expect(res.status).toBe(200);
    expect(res.headers).toEqual({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': 7 });
    expect(res.body?.toString()).toBe('{"a":1}');
  });

  it('sendJson keeps extra headers', () => {
    const res = fakeResponse();
    sendJson(as(res), 405, { error: {} }, { allow: 'GET' });
    expect(res.headers).toMatchObject({ allow: 'GET', 'cache-control': 'no-store' });
  });

  it('sendError answers a ShareError with its JSON and logs nothing', () => {
    const res = fakeResponse();
    const logger = spyLogger();
    sendError(as(res), new ShareError('wechat_error', 502, 'bad', 40164), logger);
    expect(res.status).toBe(502);
    expect(JSON.parse(res.body!.toString())).toEqual({ error: { code: 'wechat_error', message: 'bad', errcode: 40164 } });
    expect(logger.lines).toEqual([]);
  });

  it('sendError answers anything else with a generic 500 and logs it redacted', () => {
    const res = fakeResponse();
    const logger = spyLogger();
    const token = 'T'.repeat(120);
    sendError(as(res), new RangeError(`failed for secret-value and ${token}`), logger, ['secret-value']);
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body!.toString())).toEqual({ error: { code: 'internal_error', message: expect.any(String) } });
    expect(res.body!.toString()).not.toContain('secret-value');
    expect(logger.errors).toEqual([expect.stringContaining('RangeError: failed for [redacted] and [redacted]')]);
    expect(logger.lines.map((l) => l.message).join()).not.toContain(token);
    expect(logger.lines.map((l) => l.message).join()).not.toContain('secret-value');
    sendError(as(fakeResponse()), 'a string', logger);
    expect(logger.errors[1]).toContain('string');
  });

  it('destroys the socket when an error comes after the headers', () => {
    const res = fakeResponse();
    res.headersSent = true;
    sendError(as(res), new Error('late'), spyLogger());
    expect(res.destroyed).toBe(true);
    expect(res.status).toBe(0);
  });
});
