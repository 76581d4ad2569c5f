// The README's TypeScript examples type-check under NodeNext against the built package, the way a user compiles them.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const examples = [...readFileSync(`${root}README.md`, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

describe('README', () => {
  it('has the Redis Cluster examples for ioredis and node-redis', () => {
    expect(examples.some((code) => /new Cluster\(/.test(code))).toBe(true);
    expect(examples.some((code) => /createCluster\(/.test(code))).toBe(true);
  });

  it('its ts examples type-check (module and moduleResolution NodeNext, strict)', () => {
    // Inside the package, so that `@share/redis-store`, ioredis and redis resolve as they do for a user.
    const dir = `${root}test/.readme-examples`;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    const files = examples.map((code, i) => {
      const file = `${dir}/example-${i}.ts`;
      writeFileSync(file, `${code}export {};\n`);
      return file;
    });
    try {
      execFileSync(
        process.execPath,
        [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--skipLibCheck', ...files],
        { cwd: root, encoding: 'utf8' },
      );
    } catch (error) {
      throw new Error(`README examples do not type-check:\n${(error as { stdout?: string }).stdout ?? String(error)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
