// The README's recipes that live as files elsewhere in the repository: the README shows them as they are.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const repoFile = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('README recipes', () => {
  it('the Next.js route handler is .ci/fixtures/nextjs/app/wx/[file]/route.ts, which CI builds and serves', () => {
    expect(readme).toContain('```ts\n' + repoFile('.ci/fixtures/nextjs/app/wx/[file]/route.ts') + '```');
  });
});
