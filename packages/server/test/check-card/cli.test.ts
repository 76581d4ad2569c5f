// The BUILT `share-server` command (run `build` first; turbo's test task does), spawned the way `npx` runs it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSite, type Site } from './site.js';

const bin = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(() => site.close());

async function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args]);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

describe('share-server check-card', () => {
  it('prints the card and every verdict, and exits 0 for a good page', async () => {
    const { code, stdout, stderr } = await run(['check-card', `${site.base}/good.html`]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.slice(0, 5)).toEqual([
      `check-card ${site.base}/good.html`,
      '  title  Spring tea tasting — Saturday 14:00',
      '  desc   Six spring green teas, brewed side by side.',
      `  link   ${site.base}/good.html`,
      `  image  ${site.base}/img/card.png`,
    ]);
    expect(lines).toContain('ok    image-pixels     300×300 px (the shorter side needs 200 px or more)');
    expect(lines.at(-1)).toBe('14 passed, 0 failed');
  });

  it('exits 1 and marks the failing rule FAIL for a broken page', async () => {
    const { code, stdout } = await run(['check-card', `${site.base}/wide-image.html`]);
    expect(code).toBe(1);
    expect(stdout).toContain('FAIL  image-aspect     3.00:1 (the card crops a centred square; keep it within 2:1)');
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('13 passed, 1 failed');
  });

  it.each([
    [['check-card', '/slow.html', '--timeout', '300'], /^check-card: no complete answer from .*\/slow\.html within 300 ms\n$/],
    [['check-card', '/loop-a'], /^check-card: redirect loop: /],
    [['check-card', '/json'], /not an HTML page\n$/],
  ])('exits 2 with one line on stderr for %j', async ([command, path, ...rest], message) => {
    const { code, stdout, stderr } = await run([command!, `${site.base}${path}`, ...rest]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });

  it('prints a note and still judges an endless page', async () => {
    const { code, stdout } = await run(['check-card', `${site.base}/endless.html`]);
    expect(code).toBe(0);
    expect(stdout).toContain('  note: read the first 1024 KB of the page only: it is larger');
  });

  it.each([
    [[], 'a command is needed'],
    [['check'], 'unknown command "check"'],
    [['check-card'], 'check-card takes one page url'],
    [['check-card', 'a', 'b'], 'check-card takes one page url'],
    [['check-card', 'x', '--timeout', '0'], '--timeout must be a whole number of ms above 0, got "0"'],
    [['check-card', 'x', '--tmeout', '5'], "Unknown option '--tmeout'"],
    [['check-card', 'not a url'], 'check-card: "not a url" is not an absolute http(s) url'],
  ])('refuses %j with exit code 2 and a message', async (args, message) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('prints its usage for --help, exit 0', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: share-server check-card <page url>/);
  });
});
