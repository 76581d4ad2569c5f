// GET /cgi-bin/token: a NEW classic access_token on every call; the previous one keeps working 5 more minutes.
import { wechatError } from '../errors.js';
import type { Answer, Context } from './context.js';
import { authenticate } from './credentials.js';

export function classicToken(ctx: Context, query: URLSearchParams, ip: string): Answer {
  const auth = authenticate(
    ctx,
    { grantType: query.get('grant_type'), appId: query.get('appid'), secret: query.get('secret') },
    ip,
    40001,
  );
  if ('error' in auth) return auth.error;
  if (!ctx.quotas.token.take(auth.appId)) return wechatError(45009);
  const token = ctx.tokens.issueClassic(auth.appId);
  return { access_token: token.value, expires_in: ctx.config.tokenTtlSeconds };
}
