// Fake access_tokens and jsapi_tickets that look like WeChat's: long url-safe random strings.
import { randomBytes } from 'node:crypto';

/** About 150 characters, `NN_` then base64url, like WeChat's tokens (which need room for 512). */
export function newAccessToken(): string {
  return `${86 + randomBytes(1)[0]! % 10}_${randomBytes(110).toString('base64url')}`;
}

/** 86 base64url characters, like WeChat's jsapi_tickets. */
export function newTicket(): string {
  return randomBytes(64).toString('base64url');
}

/** Tokens are made of these characters only; anything else is malformed (40014). */
export function isWellFormedToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{1,512}$/.test(value);
}
