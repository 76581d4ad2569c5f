// RedisStore's options: defaults, validation, and messages that name the fix.
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../src/options.js';

const sendCommand = async () => null;

describe('resolveOptions', () => {
  it('defaults: prefix share:, channel share:changes, 1000 ms command bound, 2000 ms polling, Date.now', () => {
    for (const options of [{ sendCommand }, { sendCommand, prefix: undefined, channel: undefined, subscriber: undefined }]) {
      const config = resolveOptions(Object.freeze(options));
      expect(config).toMatchObject({ prefix: 'share:', channel: 'share:changes', commandTimeoutMs: 1000, pollIntervalMs: 2000 });
      expect(config.now).toBe(Date.now);
      expect(config.subscriber).toBeUndefined();
    }
  });

  it('derives the channel from the prefix unless given', () => {
    expect(resolveOptions({ sendCommand, prefix: 'app1:' }).channel).toBe('app1:changes');
    expect(resolveOptions({ sendCommand, prefix: 'app1:', channel: 'mine' }).channel).toBe('mine');
    expect(resolveOptions({ sendCommand, prefix: '' }).prefix).toBe('');
  });

  it('accepts Infinity as "no command bound"', () => {
    expect(resolveOptions({ sendCommand, commandTimeoutMs: Infinity }).commandTimeoutMs).toBe(Infinity);
  });

  it('needs exactly one of client and sendCommand', () => {
    expect(() => resolveOptions({})).toThrow(/pass your Redis client as `client`.*or a `sendCommand` function/);
    expect(() => resolveOptions({ sendCommand, client: { sendCommand } })).toThrow(/not both/);
    expect(() => resolveOptions({ sendCommand: 'x' as never })).toThrow(/`sendCommand` must be a function/);
    expect(() => resolveOptions({ client: {} as never })).toThrow(/ioredis or node-redis/);
    expect(() => resolveOptions(undefined as never)).toThrow(/pass options/);
  });

  it('wants the subscriber on a second connection', () => {
    const client = { sendCommand };
    expect(() => resolveOptions({ client, subscriber: client as never })).toThrow(/client\.duplicate\(\)/);
  });

  it('names an unknown option and the one that was probably meant', () => {
    expect(() => resolveOptions({ sendCommand, prefx: 'a' } as never)).toThrow('unknown option `prefx`. Did you mean `prefix`?');
    expect(() => resolveOptions({ sendCommand, subscribe: {} } as never)).toThrow(/Did you mean `subscriber`\?/);
    expect(() => resolveOptions({ sendCommand, zzzzzzzz: 1 } as never)).toThrow(/Known options: client, sendCommand/);
  });

  it('refuses bad values', () => {
    expect(() => resolveOptions({ sendCommand, commandTimeoutMs: 0 })).toThrow(/commandTimeoutMs/);
    expect(() => resolveOptions({ sendCommand, pollIntervalMs: Infinity })).toThrow(/pollIntervalMs/);
    expect(() => resolveOptions({ sendCommand, prefix: 1 as never })).toThrow(/prefix/);
    expect(() => resolveOptions({ sendCommand, channel: '' })).toThrow(/channel/);
    expect(() => resolveOptions({ sendCommand, now: 5 as never })).toThrow(/now/);
  });
});
