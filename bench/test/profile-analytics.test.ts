import { describe, expect, it } from 'vitest';
import { modulesByLine, selfTimeByModule } from '../src/profile-analytics.js';

const BUNDLE = 'file:///repo/packages/server/dist/index.js';
const SOURCE = ['import x from "y";', '// src/url.ts', 'function a() {}', '', '// src/analytics/signature-views.ts', 'function b() {}'].join('\n');
const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });

describe('modulesByLine', () => {
  it("names the source module of a bundle line from tsup's // src/… markers", () => {
    const moduleOf = modulesByLine(SOURCE);
    expect([0, 1, 2, 3, 4, 5].map(moduleOf)).toEqual([
      '(bundle preamble)', 'src/url.ts', 'src/url.ts', 'src/url.ts', 'src/analytics/signature-views.ts', 'src/analytics/signature-views.ts',
    ]);
  });
});

describe('selfTimeByModule', () => {
  it("adds up self time per @share/server module, lru-cache, Node's Request/Response, GC and the rest, idle left out", () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(idle)', '') },
        { id: 2, callFrame: frame('a', BUNDLE, 2) },
        { id: 3, callFrame: frame('b', BUNDLE, 5) },
        { id: 4, callFrame: frame('get', 'file:///repo/node_modules/lru-cache/dist/esm/index.js') },
        { id: 5, callFrame: frame('_Response', 'node:internal/deps/undici/undici') },
        { id: 6, callFrame: frame('(garbage collector)', '') },
        { id: 7, callFrame: frame('parse', '') },
      ],
      samples: [1, 2, 3, 3, 4, 5, 6, 7, 1],
      timeDeltas: [900, 10, 4, 6, 3, 8, 5, 2, 900],
    };
    expect(Object.fromEntries(selfTimeByModule(profile, BUNDLE, modulesByLine(SOURCE)))).toEqual({
      '@share/server src/url.ts': 10,
      '@share/server src/analytics/signature-views.ts': 10,
      'lru-cache': 3,
      "Node's Request / Response (undici, web streams)": 8,
      '(garbage collector)': 5,
      '(everything else)': 2,
    });
  });
});
