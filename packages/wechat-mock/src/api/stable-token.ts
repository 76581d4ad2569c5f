// POST /cgi-bin/stable_token: the SAME token while it is valid (expires_in = seconds left), force_refresh limits.
import { wechatError } from '../errors.js';
import type { Answer, Context } from './context.js';
import { authenticate } from './credentials.js';

export function stableToken(ctx: Context, body: unknown, ip: string): Answer {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return wechatError(47001);
  const fields = body as Record<string, unknown>;
  const auth = authenticate(
    ctx,
    { grantType: fields.grant_type, appId: fields.appid, secret: fields.secret },
    ip,
    40125,
  );
  if ('error' in auth) return auth.error;
  const { appId } = auth;
  const force = fields.force_refresh === true;
  const now = ctx.config.now();
  if (force) {
    const last = ctx.lastForceRefresh.get(appId);
    if (last !== undefined && now - last < ctx.config.forceRefreshIntervalSeconds * 1000) return wechatError(45011);
    if (ctx.quotas.forceRefresh.count(appId) >= ctx.config.dailyForceRefreshQuota) return wechatError(45009);
  }
  if (!ctx.quotas.stableToken.take(appId)) return wechatError(45009);
  if (force) {
    ctx.quotas.forceRefresh.take(appId);
    ctx.lastForceRefresh.set(appId, now);
  }
  const token = ctx.tokens.stableToken(appId, force);
  return { access_token: token.value, expires_in: Math.floor((token.expiresAt - now) / 1000) };
}
