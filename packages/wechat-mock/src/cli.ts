#!/usr/bin/env node
// `npx @share/wechat-mock`: the emulated WeChat (and WeCom) API on a loopback port, with `--bridge` the in-app
// bridge's script and verifier on the same port, for an app's tests and QA in another process.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { BRIDGE_SCRIPT_PATH, BRIDGE_VERIFY_PATH, withBridgeRoutes } from './bridge-route.js';
import { COUNTERS_PATH, withCountersRoute } from './counters-route.js';
import { createWechatMock } from './mock.js';
import { DEFAULT_ACCOUNT } from './options.js';
import { DEFAULT_CORP } from './wecom/api.js';

const USAGE = `Usage: wechat-mock [--port <port>] [--host <host>] [--bridge [--safe-domain <domain>]...]

Starts the emulated WeChat and WeCom API and prints its base url and test credentials.
  --port         port to listen on; 0 picks a free one. Defaults to env WECHAT_MOCK_PORT, else 0.
  --host         address to listen on. Defaults to env WECHAT_MOCK_HOST, else 127.0.0.1.
  --bridge       also serve the in-app bridge: its browser script at ${BRIDGE_SCRIPT_PATH} and the verifier
                 of wx.config / wx.agentConfig at ${BRIDGE_VERIFY_PATH}.
  --safe-domain  with --bridge: a JS safe domain (example.com or example.com/mp); repeat it for several.
                 A page outside them gets "invalid url domain". Defaults to any host.
Call counters: GET ${COUNTERS_PATH} (DELETE resets them).`;

function fail(message: string): never {
  process.stderr.write(`wechat-mock: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port > 65535) fail(`the port must be a number from 0 to 65535, got "${text}"`);
  return port;
}

/** A JS safe domain as the console binds it: a host name, maybe followed by a path; no scheme, port or wildcard. */
function parseSafeDomain(text: string): string {
  if (!/^[a-z0-9.-]+(\/[^\s?#]*)?$/i.test(text) || text.startsWith('.') || text.startsWith('-')) {
    fail(`--safe-domain takes a host name or host/path such as example.com or example.com/mp, got "${text}"`);
  }
  return text;
}

interface CliOptions {
  port: number;
  host: string;
  bridge: boolean;
  safeDomains: string[] | undefined;
}

function readOptions(): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        bridge: { type: 'boolean' },
        'safe-domain': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const host = values.host ?? process.env.WECHAT_MOCK_HOST ?? '127.0.0.1';
  if (host === '') fail('the host must not be empty');
  const bridge = values.bridge === true;
  const domains = values['safe-domain'];
  if (domains && !bridge) fail('--safe-domain needs --bridge (it is the JS safe domain the bridge verifier checks)');
  const safeDomains = domains?.map(parseSafeDomain);
  return { port: parsePort(values.port ?? process.env.WECHAT_MOCK_PORT ?? '0'), host, bridge, safeDomains };
}

/** dist/bridge.js, next to this file once built. */
function readBridgeScript(): string {
  const file = new URL('./bridge.js', import.meta.url);
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    fail(`--bridge needs the browser script ${file.pathname}, which cannot be read (${code}): build the package first`);
  }
}

const { port, host, bridge, safeDomains } = readOptions();
const mock = createWechatMock();
const api = withCountersRoute(mock);
const server = createServer(bridge ? withBridgeRoutes(api, { mock, safeDomains, script: readBridgeScript() }) : api);

server.once('error', (error: NodeJS.ErrnoException) => {
  fail(error.code === 'EADDRINUSE' ? `port ${port} is already in use` : `cannot listen on ${host}:${port}: ${error.message}`);
});
server.listen(port, host, () => {
  const { port: actual } = server.address() as AddressInfo;
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${actual}`;
  const [app] = DEFAULT_CORP.apps;
  const domains = safeDomains ? `JS safe domains ${safeDomains.join(', ')}` : 'any host';
  // The emulator's own test credentials: they only work against this emulator.
  process.stdout.write(
    [
      `wechat-mock: the emulated WeChat API is listening on ${base}`,
      `WX_API_BASE=${base}`,
      `WX_APPID=${DEFAULT_ACCOUNT.appId}`,
      `WX_APPSECRET=${DEFAULT_ACCOUNT.appSecret}`,
      `WECOM_API_BASE=${base}`,
      `WECOM_CORP_ID=${DEFAULT_CORP.corpId}`,
      `WECOM_CORP_SECRET=${app?.secret ?? ''}`,
      `WECOM_AGENT_ID=${app?.agentId ?? ''}`,
      ...(bridge
        ? [
            `wechat-mock: the in-app bridge: <script src="${base}${BRIDGE_SCRIPT_PATH}"></script>, verified at ${base}${BRIDGE_VERIFY_PATH} (${domains})`,
          ]
        : []),
      `wechat-mock: call counters at ${base}${COUNTERS_PATH}; Ctrl-C stops.`,
      '',
    ].join('\n'),
  );
});

function stop(): void {
  server.close();
  server.closeAllConnections();
  void mock.close();
}
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
