// RedisStoreError: what failed, why, in a message short enough for a log line.
import { describe, expect, it } from 'vitest';
import { commandFailed, commandTimedOut, RedisStoreError } from '../src/errors.js';

describe('RedisStoreError', () => {
  it('names the command and the reason', () => {
    const error = commandFailed('GET', new Error('Connection is closed.'));
    expect(error).toBeInstanceOf(RedisStoreError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('RedisStoreError');
    expect([error.command, error.reason, error.message]).toEqual(['GET', 'redis', 'Redis GET failed: Connection is closed.']);
    expect(commandTimedOut('SET', 250).reason).toBe('timeout');
  });

  it('accepts things thrown that are not errors, and cuts very long messages', () => {
    expect(commandFailed('GET', 'nope').message).toBe('Redis GET failed: nope');
    expect(commandFailed('GET', new Error('x'.repeat(1000))).message.length).toBeLessThan(340);
  });
});
