import { describe, expect, it } from 'vitest';
import { FaultQueue } from '../src/faults.js';

describe('FaultQueue', () => {
  it('gives the oldest fault matching the endpoint or any, consuming one use', () => {
    const queue = new FaultQueue();
    queue.add('ticket', { errcode: 1 });
    queue.add('any', { errcode: 2 }, 2);
    expect(queue.take('token')).toEqual({ errcode: 2 });
    expect(queue.take('ticket')).toEqual({ errcode: 1 });
    expect(queue.take('ticket')).toEqual({ errcode: 2 });
    expect(queue.take('ticket')).toBeUndefined();
  });

  it('Infinity stays until clear()', () => {
    const queue = new FaultQueue();
    queue.add('token', { hang: true }, Infinity);
    for (let i = 0; i < 100; i += 1) expect(queue.take('token')).toEqual({ hang: true });
    queue.clear();
    expect(queue.take('token')).toBeUndefined();
  });

  it('keeps its own copy of the fault', () => {
    const queue = new FaultQueue();
    const fault = { delayMs: 10 };
    queue.add('token', fault);
    fault.delayMs = 99;
    expect(queue.take('token')).toEqual({ delayMs: 10 });
  });
});
