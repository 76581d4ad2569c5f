import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { killAll, liveCount, startFixture } from '../src/children.js';

const echo = fileURLToPath(new URL('./fixtures/echo-fixture.ts', import.meta.url));
const crash = fileURLToPath(new URL('./fixtures/crash-fixture.ts', import.meta.url));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterEach(() => killAll());

describe('startFixture', () => {
  it('starts a fixture in its own process and talks to it', async () => {
    const fixture = await startFixture('echo', echo, {});
    expect(fixture.url).toBe('http://echo.invalid');
    expect(fixture.pid).not.toBe(process.pid);
    await expect(fixture.call('echo', { a: 1 })).resolves.toEqual({ a: 1, pid: fixture.pid });
    await fixture.close();
    expect(alive(fixture.pid)).toBe(false);
    expect(liveCount()).toBe(0);
  });

  it('passes a failure back as a rejection naming the fixture', async () => {
    const fixture = await startFixture('echo', echo, {});
    await expect(fixture.call('fail')).rejects.toThrow('echo: asked to fail');
    await expect(fixture.call('nope')).rejects.toThrow("unknown request 'nope'");
    await fixture.close();
  });

  it('bounds every call with a timeout', async () => {
    const fixture = await startFixture('echo', echo, {});
    await expect(fixture.call('hang', {}, 200)).rejects.toThrow("'hang' got no answer within 200 ms");
    await fixture.close();
  });

  it('rejects when the fixture dies before it is ready', async () => {
    await expect(startFixture('crash', crash, {})).rejects.toThrow('crash exited before it was ready (3)');
    expect(liveCount()).toBe(0);
  });

  it('killAll leaves no fixture running', async () => {
    const fixtures = await Promise.all([startFixture('a', echo, {}), startFixture('b', echo, {})]);
    expect(liveCount()).toBe(2);
    killAll();
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const fixture of fixtures) expect(alive(fixture.pid)).toBe(false);
  });
}, 120_000);
