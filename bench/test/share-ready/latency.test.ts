import { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { delayEveryRequest } from '../../src/share-ready/latency.js';

const request = {} as Request;
const response = () => new EventEmitter() as unknown as Response;

describe('delayEveryRequest', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('passes every request on after exactly the latency', () => {
    const next = vi.fn();
    const delay = delayEveryRequest(150);
    delay(request, response(), () => next());
    delay(request, response(), () => next());
    vi.advanceTimersByTime(149);
    expect(next).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(next).toHaveBeenCalledTimes(2);
  });

  it('does not answer a browser that closed the connection meanwhile', () => {
    const next = vi.fn();
    const res = response();
    delayEveryRequest(150)(request, res, () => next());
    res.emit('close');
    vi.advanceTimersByTime(1000);
    expect(next).not.toHaveBeenCalled();
  });

  it('refuses a latency that is not a number of ms >= 0', () => {
    expect(() => delayEveryRequest(-1)).toThrow(/latencyMs must be a number >= 0, got -1/);
    expect(() => delayEveryRequest(Number.NaN)).toThrow(RangeError);
  });
});
