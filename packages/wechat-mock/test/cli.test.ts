// The BUILT `wechat-mock` command (run `build` first; turbo's test task does), spawned the way `npx` would run it.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT } from '../src/index.js';

const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill();
});

/** Starts the command and resolves with the lines it printed up to the WX_APPSECRET line. */
async function start(args: string[], env: Record<string, string> = {}): Promise<Record<string, string>> {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env } });
  running.push(child);
  const printed: Record<string, string> = {};
  for await (const line of createInterface({ input: child.stdout })) {
    const [key, value] = line.split('=', 2);
    if (key && value !== undefined) printed[key] = value;
    if (key === 'WX_APPSECRET') return printed;
  }
  throw new Error('wechat-mock exited before printing its credentials');
}

async function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args]);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr };
}

describe('wechat-mock command', () => {
  it('prints WX_API_BASE and the default account, serves tokens and counts them on /__mock/counters', async () => {
    const printed = await start(['--port', '0']);
    expect(printed).toEqual({
      WX_API_BASE: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      WX_APPID: DEFAULT_ACCOUNT.appId,
      WX_APPSECRET: DEFAULT_ACCOUNT.appSecret,
    });
    const base = printed.WX_API_BASE;
    const query = `grant_type=client_credential&appid=${printed.WX_APPID}&secret=${printed.WX_APPSECRET}`;
    const token = (await (await fetch(`${base}/cgi-bin/token?${query}`)).json()) as Record<string, unknown>;
    expect(token).toEqual({ access_token: expect.any(String), expires_in: 7200 });

    const counters = await fetch(`${base}/__mock/counters`);
    expect(await counters.json()).toMatchObject({ token: 1, stableToken: 0, ticket: 0 });
  });

  it('takes the port from WECHAT_MOCK_PORT when --port is absent', async () => {
    // Find a free port by letting the command pick one, then stop it and ask for that port explicitly.
    const first = running.length;
    const picked = new URL((await start([])).WX_API_BASE ?? '').port;
    const child = running[first];
    child?.kill();
    if (child) await once(child, 'exit');
    const printed = await start([], { WECHAT_MOCK_PORT: picked });
    expect(new URL(printed.WX_API_BASE ?? '').port).toBe(picked);
  });

  it('stops cleanly on SIGTERM', async () => {
    await start([]);
    const child = running[running.length - 1];
    child?.kill('SIGTERM');
    const [code] = (await once(child as ChildProcess, 'exit')) as [number | null];
    expect(code).toBe(0);
  });

  it.each([
    [['--port', 'abc'], 'the port must be a number from 0 to 65535, got "abc"'],
    [['--port', '70000'], 'the port must be a number from 0 to 65535, got "70000"'],
    [['--prot', '1'], "Unknown option '--prot'"],
  ])('refuses %j with exit code 2 and a message', async (args, message) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain('Usage: wechat-mock');
  });
});
