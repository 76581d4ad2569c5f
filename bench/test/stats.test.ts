import { describe, expect, it } from 'vitest';
import { summarize } from '../src/stats.js';

describe('summarize', () => {
  it('gives the median, quartiles and range of an odd count, whatever the order', () => {
    expect(summarize(Object.freeze([500, 100, 300, 200, 400]))).toEqual({ n: 5, median: 300, p25: 200, p75: 400, min: 100, max: 500 });
  });

  it('interpolates between the two middle values of an even count', () => {
    expect(summarize([10, 40, 20, 30])).toEqual({ n: 4, median: 25, p25: 17.5, p75: 32.5, min: 10, max: 40 });
  });

  it('does not reorder the values it was given', () => {
    const values = [3, 1, 2];
    summarize(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('summarizes a single value as itself, and nothing as undefined', () => {
    expect(summarize([7])).toEqual({ n: 1, median: 7, p25: 7, p75: 7, min: 7, max: 7 });
    expect(summarize([])).toBeUndefined();
  });
});
