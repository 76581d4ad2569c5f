// runScript: EVALSHA first, EVAL when Redis does not know the script; the scripts' hashes. (The scripts' effects are
// tested against a real Redis in redis-store.test.ts.)
import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { commandFailed } from '../src/errors.js';
import { deleteAndPublish, deleteIfValueAndPublish, releaseLock, runScript, setAndPublish } from '../src/scripts.js';

describe('runScript', () => {
  it('sends EVALSHA with the number of keys, the keys and the arguments', async () => {
    const send = vi.fn(async (_args: string[]) => 1);
    expect(await runScript(send, releaseLock, ['lock'], ['token'])).toBe(1);
    expect(send.mock.calls).toEqual([[['EVALSHA', releaseLock.sha, '1', 'lock', 'token']]]);
  });

  it('falls back to EVAL with the source on NOSCRIPT', async () => {
    const send = vi.fn(async (args: string[]) => {
      if (args[0] === 'EVALSHA') throw commandFailed('EVALSHA', new Error('NOSCRIPT No matching script. Please use EVAL.'));
      return 0;
    });
    expect(await runScript(send, releaseLock, ['lock'], ['token'])).toBe(0);
    expect(send.mock.calls[1]).toEqual([['EVAL', releaseLock.source, '1', 'lock', 'token']]);
  });

  it('passes any other error on without retrying', async () => {
    const error = commandFailed('EVALSHA', new Error('Connection is closed.'));
    const send = vi.fn(async () => Promise.reject(error));
    await expect(runScript(send, releaseLock, ['lock'], ['token'])).rejects.toBe(error);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('knows each script by the sha1 of its source', () => {
    for (const s of [setAndPublish, deleteAndPublish, deleteIfValueAndPublish, releaseLock]) {
      expect(s.sha).toBe(createHash('sha1').update(s.source).digest('hex'));
    }
  });
});
