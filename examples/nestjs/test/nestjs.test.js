// The NestJS recipe answers the whole answer table of @share/server exactly like http.createServer(wxShare()).
import { createWechatMock, DEFAULT_ACCOUNT } from '@share/wechat-mock';
import { wxShare } from '@share/server';
import { expect, it } from 'vitest';
import { describeRecipe } from '../../../packages/server/test/helpers/recipe-suite.ts';
import { createApp } from '../app.js';

const started = new Map();

describeRecipe('NestJS 11 (Express), MiddlewareConsumer forRoutes', {
  wxShare,
  createApp,
  async serve(create) {
    const nest = await create();
    started.set(create, nest);
    await nest.listen(0, '127.0.0.1');
    return (await nest.getUrl()).replace('[::1]', '127.0.0.1');
  },
  close: (create) => started.get(create).close(),
});

it("answers under Nest's global prefix when path names the full route", async () => {
  const mock = createWechatMock();
  const apiBase = await mock.listen(0, '127.0.0.1');
  const options = { appId: DEFAULT_ACCOUNT.appId, appSecret: DEFAULT_ACCOUNT.appSecret, apiBase, allowedHosts: ['example.com'], path: '/api/wx/signature', logger: { warn() {}, error() {} } };
  const { app: create, share } = createApp(options, 'api');
  const nest = await create();
  try {
    await nest.listen(0, '127.0.0.1');
    const base = (await nest.getUrl()).replace('[::1]', '127.0.0.1');
    const signed = await fetch(`${base}/api/wx/signature?url=${encodeURIComponent('https://example.com/p')}`);
    expect(signed.status).toBe(200);
    expect(await signed.json()).toMatchObject({ appId: DEFAULT_ACCOUNT.appId, url: 'https://example.com/p' });
    expect((await fetch(`${base}/api/wx/share.min.js`)).status).toBe(200);
    expect((await fetch(`${base}/wx/signature?url=x`)).status).toBe(404);
  } finally {
    await nest.close();
    await share.signer.close();
    await mock.close();
  }
});
