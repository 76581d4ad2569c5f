// Smoke test of the BUILT package (run `build` first; turbo's test task does), imported as ESM and as CJS.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

describe('built package', () => {
  it.each([
    ['ESM', () => import('@share/wechat-mock')],
    ['CJS', async () => require('@share/wechat-mock') as typeof import('../src/index.js')],
  ])('%s: createWechatMock serves a stable token over loopback', async (_kind, load) => {
    const { createWechatMock, DEFAULT_ACCOUNT } = await load();
    const mock = createWechatMock();
    try {
      const url = await mock.listen();
      const res = await fetch(`${url}/cgi-bin/stable_token`, {
        method: 'POST',
        body: JSON.stringify({ grant_type: 'client_credential', appid: DEFAULT_ACCOUNT.appId, secret: 'mock-secret' }),
      });
      const body = (await res.json()) as { access_token: string };
      expect(mock.validTokens()).toEqual([body.access_token]);
    } finally {
      await mock.close();
    }
  });
});
