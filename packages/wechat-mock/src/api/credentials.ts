// The checks both token endpoints make before issuing: parameters, appid, secret, then the caller's IP.
import { wechatError, type WechatErrorBody } from '../errors.js';
import type { Context } from './context.js';

export interface CredentialParams {
  grantType: unknown;
  appId: unknown;
  secret: unknown;
}

/**
 * The appId when the request may have a token, else WeChat's error. A wrong secret answers `wrongSecretErrcode`:
 * 40001 on /cgi-bin/token and 40125 on /cgi-bin/stable_token, as each endpoint's documentation lists it.
 */
export function authenticate(
  ctx: Context,
  { grantType, appId, secret }: CredentialParams,
  ip: string,
  wrongSecretErrcode: 40001 | 40125,
): { appId: string } | { error: WechatErrorBody } {
  if (typeof appId !== 'string' || appId === '') return { error: wechatError(41002) };
  if (typeof secret !== 'string' || secret === '') return { error: wechatError(41004) };
  if (grantType !== 'client_credential') return { error: wechatError(40002) };
  const expected = ctx.accounts.get(appId);
  if (expected === undefined) return { error: wechatError(40013) };
  if (secret !== expected) return { error: wechatError(wrongSecretErrcode) };
  const allowed = ctx.config.allowedIps;
  if (allowed && !allowed.includes(ip)) return { error: wechatError(40164, `invalid ip ${ip}, not in whitelist`) };
  return { appId };
}
