// The BUILT `wechat-mock` command (run `build` first; turbo's test task does), spawned the way `npx` would run it.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { bridgeSignature } from '../src/bridge/verify.js';
import { DEFAULT_ACCOUNT, DEFAULT_CORP } from '../src/index.js';

const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill();
});

/** Starts the command and resolves with the `NAME=value` lines it printed, once it printed its last line. */
async function start(args: string[], env: Record<string, string> = {}): Promise<Record<string, string>> {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env } });
  running.push(child);
  const printed: Record<string, string> = {};
  for await (const line of createInterface({ input: child.stdout })) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line);
    if (match) printed[match[1]!] = match[2]!;
    if (line.endsWith('Ctrl-C stops.')) return printed;
  }
  throw new Error('wechat-mock exited before printing its credentials');
}

async function getJson(url: string, init?: RequestInit): Promise<Record<string, unknown>> {
  return (await (await fetch(url, init)).json()) as Record<string, unknown>;
}

/** A jsapi_ticket of the default account, fetched over HTTP as @share/server would. */
async function wechatTicket(base: string): Promise<string> {
  const query = `grant_type=client_credential&appid=${DEFAULT_ACCOUNT.appId}&secret=${DEFAULT_ACCOUNT.appSecret}`;
  const { access_token } = await getJson(`${base}/cgi-bin/token?${query}`);
  const { ticket } = await getJson(`${base}/cgi-bin/ticket/getticket?access_token=${String(access_token)}&type=jsapi`);
  return String(ticket);
}

/** What the bridge script POSTs for wx.config, signed with `ticket` for `signedUrl`, verified against `url`. */
function preVerify(ticket: string, appId: string, url: string, signedUrl = url, container?: 'wecom') {
  const [nonceStr, timestamp] = ['n0nce', '1767225600'];
  return {
    appId,
    verifyTimestamp: timestamp,
    verifyNonceStr: nonceStr,
    verifySignature: bridgeSignature(ticket, nonceStr, timestamp, signedUrl),
    url,
    ...(container ? { container } : {}),
  };
}

/** POSTs `body` to the verifier as the bridge script does (text/plain, no preflight). */
function verify(base: string, body: unknown): Promise<Record<string, unknown>> {
  return getJson(`${base}/__wechat/bridge/verify`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) });
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
      WECOM_API_BASE: printed.WX_API_BASE,
      WECOM_CORP_ID: DEFAULT_CORP.corpId,
      WECOM_CORP_SECRET: DEFAULT_CORP.apps[0]?.secret,
      WECOM_AGENT_ID: DEFAULT_CORP.apps[0]?.agentId,
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

  it('serves the WeCom API and the quota route on the same port', async () => {
    const { WX_API_BASE: base = '', WECOM_CORP_ID, WECOM_CORP_SECRET } = await start([]);
    const wecom = await getJson(`${base}/cgi-bin/gettoken?corpid=${WECOM_CORP_ID}&corpsecret=${WECOM_CORP_SECRET}`);
    expect(wecom).toMatchObject({ errcode: 0, access_token: expect.any(String), expires_in: 7200 });

    const query = `grant_type=client_credential&appid=${DEFAULT_ACCOUNT.appId}&secret=${DEFAULT_ACCOUNT.appSecret}`;
    const { access_token } = await getJson(`${base}/cgi-bin/token?${query}`);
    const quota = await getJson(`${base}/cgi-bin/openapi/quota/get?access_token=${String(access_token)}`, {
      method: 'POST',
      body: JSON.stringify({ cgi_path: '/cgi-bin/token' }),
    });
    expect(quota).toEqual({ errcode: 0, errmsg: 'ok', quota: { daily_limit: 2000, used: 1, remain: 1999 } });
  });

  it('serves no bridge without --bridge', async () => {
    const { WX_API_BASE: base = '' } = await start([]);
    const script = await fetch(`${base}/__wechat/bridge.js`);
    expect(script.status).toBe(404);
    await script.body?.cancel();
    const answer = await fetch(`${base}/__wechat/bridge/verify`, { method: 'POST', body: '{}' });
    expect(answer.status).toBe(404);
    expect(await answer.json()).toMatchObject({ errcode: 40066 });
  });

  it.each([
    [['--safe-domain', 'example.com'], '--safe-domain needs --bridge'],
    [['--bridge', '--safe-domain', 'https://example.com'], '--safe-domain takes a host name or host/path'],
    [['--bridge', '--safe-domain', 'example.com:8080'], 'got "example.com:8080"'],
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

describe('wechat-mock --bridge', () => {
  it('serves the browser script, and says where on its output', async () => {
    const printed = await start(['--bridge']);
    const base = printed.WX_API_BASE ?? '';
    const answer = await fetch(`${base}/__wechat/bridge.js`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(await answer.text()).toBe(readFileSync(new URL('../dist/bridge.js', import.meta.url), 'utf8'));
    const head = await fetch(`${base}/__wechat/bridge.js`, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
    const post = await fetch(`${base}/__wechat/bridge.js`, { method: 'POST' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    await post.body?.cancel();
  });

  it('verifies wx.config against the tickets it issued: ok for the signed url, invalid signature for another', async () => {
    const { WX_API_BASE: base = '' } = await start(['--bridge']);
    const ticket = await wechatTicket(base);
    const page = 'https://example.com/article?id=7';
    expect(await verify(base, preVerify(ticket, DEFAULT_ACCOUNT.appId, page))).toEqual({
      err_msg: 'preVerifyJSAPI:ok',
      reason: `signature valid for ${page}`,
    });
    const refused = await verify(base, preVerify(ticket, DEFAULT_ACCOUNT.appId, page, 'https://example.com/article'));
    expect(refused.err_msg).toBe('preVerifyJSAPI:fail_invalid signature');
    expect(JSON.stringify(refused)).not.toContain(ticket);
    const unknown = await verify(base, preVerify('not-a-ticket', DEFAULT_ACCOUNT.appId, page));
    expect(unknown.err_msg).toBe('preVerifyJSAPI:fail_invalid signature');
  });

  it('verifies WeCom: wx.config with the corp ticket, wx.agentConfig with the app ticket', async () => {
    const printed = await start(['--bridge']);
    const { WX_API_BASE: base = '', WECOM_CORP_ID: corpId = '', WECOM_CORP_SECRET, WECOM_AGENT_ID: agentId = '' } = printed;
    const { access_token } = await getJson(`${base}/cgi-bin/gettoken?corpid=${corpId}&corpsecret=${WECOM_CORP_SECRET}`);
    const corp = String((await getJson(`${base}/cgi-bin/get_jsapi_ticket?access_token=${String(access_token)}`)).ticket);
    const app = String((await getJson(`${base}/cgi-bin/ticket/get?access_token=${String(access_token)}&type=agent_config`)).ticket);
    const page = 'https://intranet.example.com/';

    expect((await verify(base, preVerify(corp, corpId, page, page, 'wecom'))).err_msg).toBe('preVerifyJSAPI:ok');
    const signed = preVerify(app, corpId, page);
    const agentConfig = {
      kind: 'agentConfig',
      corpid: corpId,
      agentid: agentId,
      timestamp: signed.verifyTimestamp,
      nonceStr: signed.verifyNonceStr,
      signature: signed.verifySignature,
      url: page,
    };
    expect((await verify(base, agentConfig)).err_msg).toBe('agentConfig:ok');
    const withCorpTicket = { ...agentConfig, signature: preVerify(corp, corpId, page).verifySignature };
    expect(await verify(base, withCorpTicket)).toMatchObject({ err_msg: 'agentConfig:fail_invalid signature' });
  });

  it('refuses a page outside the --safe-domain entries with invalid url domain', async () => {
    const { WX_API_BASE: base = '' } = await start(['--bridge', '--safe-domain', 'example.com/mp', '--safe-domain', 'example.org']);
    const ticket = await wechatTicket(base);
    const inside = ['https://example.com/mp/a', 'https://www.example.org/'];
    for (const page of inside) {
      expect((await verify(base, preVerify(ticket, DEFAULT_ACCOUNT.appId, page))).err_msg).toBe('preVerifyJSAPI:ok');
    }
    const outside = await verify(base, preVerify(ticket, DEFAULT_ACCOUNT.appId, 'https://example.com/mpx'));
    expect(outside).toEqual({
      err_msg: 'preVerifyJSAPI:fail_invalid url domain',
      reason: 'example.com/mpx is not inside the JS safe domains (example.com/mp, example.org)',
    });
  });

  it('answers a malformed verify request with 400, and keeps serving', async () => {
    const { WX_API_BASE: base = '' } = await start(['--bridge']);
    const answer = await fetch(`${base}/__wechat/bridge/verify`, { method: 'POST', body: 'not json' });
    expect([answer.status, await answer.json()]).toEqual([400, { error: { code: 'invalid_request', message: 'the body is not JSON' } }]);
    const ticket = await wechatTicket(base);
    expect((await verify(base, preVerify(ticket, DEFAULT_ACCOUNT.appId, 'https://example.com/'))).err_msg).toBe('preVerifyJSAPI:ok');
  });
});
