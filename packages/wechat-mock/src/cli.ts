#!/usr/bin/env node
// `npx @share/wechat-mock`: the emulated WeChat API on a loopback port, for an app's tests and QA in another process.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { COUNTERS_PATH, withCountersRoute } from './counters-route.js';
import { createWechatMock } from './mock.js';
import { DEFAULT_ACCOUNT } from './options.js';

const USAGE = `Usage: wechat-mock [--port <port>] [--host <host>]

Starts the emulated WeChat API and prints its base url and test credentials.
  --port  port to listen on; 0 picks a free one. Defaults to env WECHAT_MOCK_PORT, else 0.
  --host  address to listen on. Defaults to env WECHAT_MOCK_HOST, else 127.0.0.1.
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

function readOptions(): { port: number; host: string } {
  let values;
  try {
    ({ values } = parseArgs({
      options: { port: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
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
  return { port: parsePort(values.port ?? process.env.WECHAT_MOCK_PORT ?? '0'), host };
}

const { port, host } = readOptions();
const mock = createWechatMock();
const server = createServer(withCountersRoute(mock));

server.once('error', (error: NodeJS.ErrnoException) => {
  fail(error.code === 'EADDRINUSE' ? `port ${port} is already in use` : `cannot listen on ${host}:${port}: ${error.message}`);
});
server.listen(port, host, () => {
  const { port: actual } = server.address() as AddressInfo;
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${actual}`;
  // The emulator's own test credentials: they only work against this emulator.
  process.stdout.write(
    [
      `wechat-mock: the emulated WeChat API is listening on ${base}`,
      `WX_API_BASE=${base}`,
      `WX_APPID=${DEFAULT_ACCOUNT.appId}`,
      `WX_APPSECRET=${DEFAULT_ACCOUNT.appSecret}`,
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
