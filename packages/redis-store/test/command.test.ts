// The client adapters and the per-command time bound.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { boundedCommands, isCluster, isIoRedis, isNodeRedis, routingKeyOf, sendCommandOf, withTimeout } from '../src/command.js';
import { RedisStoreError } from '../src/errors.js';

describe('sendCommandOf', () => {
  it('sends through ioredis’ call(command, ...args), even though ioredis also has a sendCommand', async () => {
    const call = vi.fn(async (..._args: unknown[]) => 'OK');
    const io = { call, sendCommand: () => Promise.reject(new Error('not this one')) };
    expect(isIoRedis(io)).toBe(true);
    expect(isNodeRedis(io)).toBe(false);
    expect(await sendCommandOf(io)(['SET', 'k', 'v'])).toBe('OK');
    expect(call).toHaveBeenCalledWith('SET', 'k', 'v');
  });

  it('sends through node-redis’ sendCommand(args)', async () => {
    const sendCommand = vi.fn(async (_args: string[]) => 'PONG');
    expect(isNodeRedis({ sendCommand })).toBe(true);
    expect(await sendCommandOf({ sendCommand })(['PING'])).toBe('PONG');
    expect(sendCommand).toHaveBeenCalledWith(['PING']);
  });

  it('sends through a node-redis cluster’s sendCommand(firstKey, isReadonly, args), routed by the command’s key', async () => {
    const sendCommand = vi.fn(async (_key: string | undefined, _readonly: boolean | undefined, _args: string[]) => 'OK');
    const cluster = { sendCommand, getSlotRandomNode: () => undefined };
    expect(isCluster(cluster)).toBe(true);
    const send = sendCommandOf(cluster);
    await send(['SET', 'share:{wx1}:access_token', 'v']);
    await send(['EVALSHA', 'abc', '1', 'share:lock:{wx1}:access_token', 'token']);
    expect(sendCommand.mock.calls).toEqual([
      ['share:{wx1}:access_token', false, ['SET', 'share:{wx1}:access_token', 'v']],
      ['share:lock:{wx1}:access_token', false, ['EVALSHA', 'abc', '1', 'share:lock:{wx1}:access_token', 'token']],
    ]);
  });

  it('tells cluster clients from single ones', () => {
    expect(isCluster({ call: async () => null, isCluster: true })).toBe(true);
    expect(isCluster({ call: async () => null, isCluster: false })).toBe(false);
    expect(isCluster({ sendCommand: async () => null })).toBe(false);
  });

  it('routes EVAL by its first key, other commands by their first argument, key-less scripts anywhere', () => {
    expect(routingKeyOf(['eval', 'return 1', '2', 'a', 'b', 'arg'])).toBe('a');
    expect(routingKeyOf(['EVALSHA', 'sha', '0', 'arg'])).toBeUndefined();
    expect(routingKeyOf(['MGET', 'x', 'y'])).toBe('x');
    expect(routingKeyOf(['PING'])).toBeUndefined();
  });

  it('refuses anything else with a TypeError that says what it wants', () => {
    expect(() => sendCommandOf({} as never)).toThrow(/ioredis or node-redis v5/);
  });
});

describe('boundedCommands', () => {
  afterEach(() => vi.useRealTimers());

  it('answers what the client answers', async () => {
    expect(await boundedCommands(async () => 'v', 1000)(['GET', 'k'])).toBe('v');
  });

  it('rejects with a RedisStoreError when the client does not answer within the bound', async () => {
    vi.useFakeTimers();
    const pending = boundedCommands(() => new Promise(() => undefined), 1000)(['get', 'k']);
    const outcome = pending.then(
      () => 'resolved',
      (e: unknown) => e,
    );
    await vi.advanceTimersByTimeAsync(999);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    const error = (await outcome) as RedisStoreError;
    expect(error).toBeInstanceOf(RedisStoreError);
    expect(error.reason).toBe('timeout');
    expect(error.command).toBe('GET');
    expect(error.message).toBe('Redis GET did not answer within 1000 ms (commandTimeoutMs)');
  });

  it('clears its timer once the command answered', async () => {
    vi.useFakeTimers();
    await boundedCommands(async () => 1, 1000)(['DEL', 'k']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('with Infinity sets no timer at all', async () => {
    vi.useFakeTimers();
    void boundedCommands(() => new Promise(() => undefined), Infinity)(['GET', 'k']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rethrows the client's error as a RedisStoreError that carries only its message, never the arguments", async () => {
    const secret = 'an-access-token-value';
    const clientError = Object.assign(new Error('ERR something went wrong'), { command: { name: 'evalsha', args: [secret] } });
    const error = (await boundedCommands(() => Promise.reject(clientError), 1000)(['EVALSHA', 'sha', '1', 'k', secret]).catch(
      (e: unknown) => e,
    )) as RedisStoreError;
    expect(error).toBeInstanceOf(RedisStoreError);
    expect(error.reason).toBe('redis');
    expect(error.message).toBe('Redis EVALSHA failed: ERR something went wrong');
    expect(error.cause).toBeUndefined();
    expect(JSON.stringify(error) + String(error.stack)).not.toContain(secret);
  });
});

describe('withTimeout', () => {
  it('passes a rejection through unchanged', async () => {
    const boom = new Error('boom');
    await expect(withTimeout(Promise.reject(boom), 1000, 'X')).rejects.toBe(boom);
  });
});
