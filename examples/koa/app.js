// The Koa recipe of @share/server's README: wxShare() behind @koa/router, writing its answers itself.
import Router from '@koa/router';
import Koa from 'koa';
import { wxShare } from '@share/server';

export function createApp(options) {
  const share = wxShare(options);
  const router = new Router();
  router.all(['/wx/signature', '/wx/share.min.js', '/wx/share-apps.js', '/wx/share-debug.js'], (ctx) => {
    ctx.respond = false; // share answers on ctx.res itself, exactly as in Express
    share(ctx.req, ctx.res);
  });
  const app = new Koa();
  app.use(router.routes());
  return { app, share };
}
