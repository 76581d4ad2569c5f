// WeChat's errcodes as the emulator answers them: the code, WeChat's own errmsg, and a request id suffix.
import { randomBytes } from 'node:crypto';

/** WeChat's errmsg for each errcode the emulator produces (the text WeChat sends, without the ` rid: …` suffix). */
export const ERRMSG: Readonly<Record<number, string>> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40013: 'invalid appid',
  40014: 'invalid access_token',
  40066: 'invalid url',
  40097: 'invalid args',
  40125: 'invalid appsecret',
  40164: 'invalid ip, not in whitelist',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  42001: 'access_token expired',
  43001: 'require GET method',
  43002: 'require POST method',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit, mustslower, retry next minute',
  47001: 'data format error',
};

export interface WechatErrorBody {
  errcode: number;
  errmsg: string;
}

/** `{ errcode, errmsg }` with WeChat's text (or `detail` in its place) and a random ` rid: …` like WeChat appends. */
export function wechatError(errcode: number, detail?: string): WechatErrorBody {
  const text = detail ?? ERRMSG[errcode] ?? 'mock error';
  return { errcode, errmsg: `${text} rid: ${randomBytes(12).toString('hex')}` };
}
