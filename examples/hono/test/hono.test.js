// The Hono recipe answers the whole answer table of @share/server exactly like http.createServer(wxShare()).
import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { createWechatMock, DEFAULT_ACCOUNT } from '@share/wechat-mock';
import { wxShare } from '@share/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_TABLE, observe, TABLE_OPTIONS } from '../../../packages/server/test/helpers/answer-table.ts';
import { createApp } from '../app.js';

const servers = [];
const closers = [];
let reference;
let base;

const listen = async (listener) => {
  const server = createServer(listener);
  servers.push(server);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${server.address().port}`;
};

beforeAll(async () => {
  const mock = createWechatMock();
  const apiBase = await mock.listen(0, '127.0.0.1');
  closers.push(() => mock.close());
  const options = { appId: DEFAULT_ACCOUNT.appId, appSecret: DEFAULT_ACCOUNT.appSecret, apiBase, ...TABLE_OPTIONS, allowedHosts: [...TABLE_OPTIONS.allowedHosts], logger: { warn() {}, error() {} } };
  const bare = wxShare(options);
  const { app, share } = createApp(options);
  closers.unshift(() => bare.signer.close(), () => share.signer.close());
  const referenceBase = await listen(bare);
  reference = new Map();
  for (const c of ANSWER_TABLE) reference.set(c.name, await observe(referenceBase, c));
  base = await listen(getRequestListener(app.fetch));
});

afterAll(async () => {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  for (const close of closers) await close();
});

describe('Hono + @hono/node-server', () => {
  it.each(ANSWER_TABLE)('answers $name like the middleware ($status)', async (c) => {
    const answer = await observe(base, c);
    expect(answer.status).toBe(c.status);
    expect(answer).toEqual(reference.get(c.name));
  });

  it('leaves other paths to the app', async () => {
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
  });
});
