// The Egg recipe answers the whole answer table of @share/server exactly like http.createServer(wxShare()), and its
// cacheable files carry no Set-Cookie though Egg's security plugin sets its CSRF cookie on every answer.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { startEgg } from 'egg';
import { afterAll, expect, it } from 'vitest';
import { wxShare } from '@share/server';
import { describeRecipe } from '../../../packages/server/test/helpers/recipe-suite.ts';

const baseDir = fileURLToPath(new URL('..', import.meta.url));
const started = new Map();

describeRecipe('Egg 4, app/middleware/wx_share.js', {
  wxShare,
  createApp(options) {
    // config/config.default.js holds the recipe's options; the credentials come from the environment, as in production.
    process.env.WX_APPID = options.appId;
    process.env.WX_APPSECRET = options.appSecret;
    process.env.WX_API_BASE = options.apiBase;
    const start = async () => {
      const app = await startEgg({ baseDir, ignoreWarning: true, env: 'unittest' });
      started.set(start, app);
      return app;
    };
    return { app: start, share: { signer: { close: async () => started.get(start)?.close() } } };
  },
  async serve(start, listen) {
    const app = await start();
    return listen(app.callback());
  },
});

it("serves share.min.js without Set-Cookie, while Egg's security plugin sets its CSRF cookie on the app's answers", async () => {
  Object.assign(process.env, { WX_APPID: 'wx0000000000000000', WX_APPSECRET: 'not-used-here', WX_API_BASE: 'http://127.0.0.1:9' });
  const app = await startEgg({ baseDir, ignoreWarning: true, env: 'unittest' });
  const server = createServer(app.callback());
  afterAll(async () => {
    server.close();
    await app.close();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const file = await fetch(`${base}/wx/share.min.js`);
  expect(file.status).toBe(200);
  expect(file.headers.get('cache-control')).toBe('public, max-age=604800');
  expect(file.headers.get('set-cookie')).toBeNull();
  expect((await fetch(`${base}/elsewhere`)).headers.get('set-cookie')).toMatch(/^csrfToken=/);
});
