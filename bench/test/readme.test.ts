import { describe, expect, it } from 'vitest';
import { END, START, spliceResults } from '../src/readme.js';

describe('spliceResults', () => {
  const readme = `# bench\n\nintro\n\n${START}\nold table\n${END}\n\n## After\n`;

  it('replaces only what lies between the markers, headings one level down', () => {
    const out = spliceResults(readme, '# Benchmark results\n\n## 1. Warm\n\n| a |\n');
    expect(out).toBe(`# bench\n\nintro\n\n${START}\n## Benchmark results\n\n### 1. Warm\n\n| a |\n${END}\n\n## After\n`);
  });

  it('gives the same text when run twice', () => {
    const once = spliceResults(readme, '# R\n');
    expect(spliceResults(once, '# R\n')).toBe(once);
  });

  it('throws when the markers are missing', () => {
    expect(() => spliceResults('# bench\n', '# R\n')).toThrow(/markers/);
  });
});
