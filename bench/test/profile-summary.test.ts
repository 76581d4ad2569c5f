import { describe, expect, it } from 'vitest';
import { selfTimes, type CpuProfile } from '../src/profile-summary.js';

const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });

describe('selfTimes', () => {
  it('adds up self time per function, busiest first, leaving idle out', () => {
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(idle)', '') },
        { id: 2, callFrame: frame('handle', 'file:///x/node_modules/router/index.js', 149) },
        { id: 3, callFrame: frame('', 'node:internal/url', 9) },
        { id: 4, callFrame: frame('writev', '') },
      ],
      samples: [1, 2, 3, 2, 4, 1],
      timeDeltas: [500, 10, 5, 20, 7, 500],
    };
    expect(selfTimes(profile)).toEqual([
      { name: 'handle router/index.js:150', micros: 30 },
      { name: 'writev ', micros: 7 },
      { name: '(anonymous) node:internal/url:10', micros: 5 },
    ]);
  });
});
