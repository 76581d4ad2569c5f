// app/middleware/wx_share.js, the Egg recipe of @share/server's README: wxShare() as an Egg middleware. Egg calls
// this factory with config.wxShare (its own match/ignore/enable included: share accepts and ignores them).
import { wxShare } from '@share/server';

export default function wxShareMiddleware(options) {
  const share = wxShare(options);
  return async function shareRoutes(ctx, next) {
    let passed = false;
    share(ctx.req, ctx.res, () => {
      passed = true; // not one of share's routes: the rest of the app answers
    });
    if (passed) return next();
    ctx.respond = false; // share answers on ctx.res itself, exactly as in Express
  };
}
