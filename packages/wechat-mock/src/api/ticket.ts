// GET /cgi-bin/ticket/getticket?type=jsapi: a NEW jsapi_ticket on each call, older ones valid until their expiry.
import { wechatError } from '../errors.js';
import { isWellFormedToken } from '../secrets.js';
import type { Answer, Context } from './context.js';

export function getTicket(ctx: Context, query: URLSearchParams): Answer {
  const value = query.get('access_token');
  if (value === null) return wechatError(41001);
  if (!isWellFormedToken(value)) return wechatError(40014);
  const check = ctx.tokens.check(value);
  if (!check.ok) return wechatError(check.errcode);
  if (query.get('type') !== 'jsapi') return wechatError(40097);
  const { appId } = check.token;
  if (!ctx.quotas.ticket.take(appId)) return wechatError(45009);
  const ticket = ctx.tickets.issue(appId);
  return { errcode: 0, errmsg: 'ok', ticket: ticket.value, expires_in: ctx.config.ticketTtlSeconds };
}
