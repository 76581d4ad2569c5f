import { describe, expect, it } from 'vitest';
import { ShareError } from '../src/errors.js';
import { errorAnswer, jsonAnswer, signatureAnswer } from '../src/respond.js';
import { spyLogger } from './helpers/fakes.js';

const json = (body: Buffer | undefined) => JSON.parse(body!.toString());

describe('respond', () => {
  it('signatureAnswer is 200, JSON, no-store, content-length, with the CORS headers given', () => {
    const body = Buffer.from('{"a":1}');
    expect(signatureAnswer(body, undefined)).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': 7 },
      body,
    });
    expect(signatureAnswer(body, { vary: 'Origin' }).headers).toMatchObject({ vary: 'Origin', 'cache-control': 'no-store' });
  });

  it('jsonAnswer keeps extra headers but never lets them replace its type or caching', () => {
    const answer = jsonAnswer(405, { error: {} }, { allow: 'GET', 'cache-control': 'public' });
    expect(answer.status).toBe(405);
    expect(answer.headers).toMatchObject({ allow: 'GET', 'cache-control': 'no-store', 'content-type': 'application/json; charset=utf-8' });
  });

  it('errorAnswer answers a ShareError with its JSON and logs nothing', () => {
    const logger = spyLogger();
    const answer = errorAnswer(new ShareError('wechat_error', 502, 'bad', 40164), logger, [], { vary: 'Origin' });
    expect(answer.status).toBe(502);
    expect(answer.headers.vary).toBe('Origin');
    expect(json(answer.body)).toEqual({ error: { code: 'wechat_error', message: 'bad', errcode: 40164 } });
    expect(logger.lines).toEqual([]);
  });

  it('errorAnswer sends Retry-After (beside the CORS headers) when the ShareError carries one', () => {
    const answer = errorAnswer(new ShareError('wechat_unavailable', 503, 'later', undefined, 8), spyLogger(), [], { vary: 'Origin' });
    expect(answer.status).toBe(503);
    expect(answer.headers).toMatchObject({ 'retry-after': '8', vary: 'Origin' });
    expect(errorAnswer(new ShareError('wechat_error', 502, 'bad'), spyLogger(), []).headers['retry-after']).toBeUndefined();
  });

  it('errorAnswer answers anything else with a generic 500 and logs it redacted', () => {
    const logger = spyLogger();
    const token = 'T'.repeat(120);
    const answer = errorAnswer(new RangeError(`failed for secret-value and ${token}`), logger, ['secret-value']);
    expect(answer.status).toBe(500);
    expect(json(answer.body)).toEqual({ error: { code: 'internal_error', message: expect.any(String) } });
    expect(answer.body!.toString()).not.toContain('secret-value');
    expect(logger.errors).toEqual([expect.stringContaining('RangeError: failed for [redacted] and [redacted]')]);
    expect(logger.lines.map((l) => l.message).join()).not.toContain(token);
    expect(logger.lines.map((l) => l.message).join()).not.toContain('secret-value');
    errorAnswer('a string', logger, []);
    expect(logger.errors[1]).toContain('string');
  });
});
