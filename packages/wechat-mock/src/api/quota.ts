// POST /cgi-bin/openapi/quota/get?access_token=…, body { cgi_path }: today's limit, use and remainder of one API,
// from the emulator's own daily counters, in WeChat's shape ({ errcode: 0, errmsg: 'ok', quota: { … } }).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { wechatError } from '../errors.js';
import { readJsonBody, sendJson } from '../http.js';
import { isWellFormedToken } from '../secrets.js';
import type { DailyQuota } from '../quota.js';
import type { Answer, Context } from './context.js';

export const QUOTA_PATH = '/cgi-bin/openapi/quota/get';

/** The counted APIs by cgi_path: the quota that counts their calls and its daily limit. */
function counted(ctx: Context, cgiPath: string): { quota: DailyQuota; limit: number } | undefined {
  const { quotas, config } = ctx;
  if (cgiPath === '/cgi-bin/token') return { quota: quotas.token, limit: config.dailyTokenQuota };
  if (cgiPath === '/cgi-bin/stable_token') return { quota: quotas.stableToken, limit: config.dailyStableTokenQuota };
  if (cgiPath === '/cgi-bin/ticket/getticket') return { quota: quotas.ticket, limit: config.dailyTicketQuota };
  return undefined;
}

export function quotaGet(ctx: Context, query: URLSearchParams, body: unknown): Answer {
  const value = query.get('access_token');
  if (value === null) return wechatError(41001);
  if (!isWellFormedToken(value)) return wechatError(40014);
  const check = ctx.tokens.check(value);
  if (!check.ok) return wechatError(check.errcode);
  const cgiPath = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).cgi_path : undefined;
  if (typeof cgiPath !== 'string') return wechatError(47001);
  const api = counted(ctx, cgiPath);
  if (!api) return wechatError(76021, 'cgi_path not found, please check');
  const used = api.quota.count(check.token.appId);
  // JSON has no Infinity: an unlimited quota (an option set to Infinity) is reported as the largest safe integer.
  const dailyLimit = Math.min(api.limit, Number.MAX_SAFE_INTEGER);
  return { errcode: 0, errmsg: 'ok', quota: { daily_limit: dailyLimit, used, remain: Math.max(dailyLimit - used, 0) } };
}

/** The route: POST only (43002 otherwise), WeChat's HTTP 200 for every answer. */
export function serveQuota(ctx: Context, req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
  const answer =
    req.method === 'POST'
      ? readJsonBody(req).then((body) => quotaGet(ctx, query, body))
      : Promise.resolve(wechatError(43002));
  answer
    .catch(() => wechatError(-1))
    .then((body) => {
      if (!res.destroyed && !res.headersSent) sendJson(res, 200, body);
    });
}
