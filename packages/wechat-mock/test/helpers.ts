// Test helpers: a fake clock and small fetch wrappers for the three endpoints over real loopback HTTP.
import { afterEach } from 'vitest';
import { createWechatMock, type MockOptions, type WechatMock } from '../src/index.js';

export const APPID = 'wx0000000000000000';
export const SECRET = 'mock-secret';
/** 2025-01-01 12:00 China time. */
export const T0 = Date.UTC(2025, 0, 1, 4, 0, 0);

export interface FakeClock {
  now: () => number;
  advance(ms: number): void;
  set(ms: number): void;
}

export function fakeClock(start = T0): FakeClock {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
    set: (ms) => {
      current = ms;
    },
  };
}

const started: WechatMock[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((mock) => mock.close()));
});

/** A listening mock, closed after the test. */
export async function startMock(options?: MockOptions): Promise<WechatMock> {
  const mock = createWechatMock(options);
  started.push(mock);
  await mock.listen();
  return mock;
}

export type Json = Record<string, unknown>;

export async function getJson(url: string, init?: RequestInit): Promise<{ status: number; body: Json }> {
  const res = await fetch(url, init);
  return { status: res.status, body: (await res.json()) as Json };
}

export function classicToken(mock: WechatMock, appid = APPID, secret = SECRET) {
  const query = new URLSearchParams({ grant_type: 'client_credential', appid, secret });
  return getJson(`${mock.url}/cgi-bin/token?${query}`);
}

export function stableToken(mock: WechatMock, body: unknown) {
  return getJson(`${mock.url}/cgi-bin/stable_token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function stable(mock: WechatMock, forceRefresh = false, appid = APPID, secret = SECRET) {
  return stableToken(mock, { grant_type: 'client_credential', appid, secret, force_refresh: forceRefresh });
}

export function getTicket(mock: WechatMock, accessToken: string, type = 'jsapi') {
  const query = new URLSearchParams({ access_token: accessToken, type });
  return getJson(`${mock.url}/cgi-bin/ticket/getticket?${query}`);
}

/** The access_token of a successful answer (fails the test otherwise). */
export function tokenOf(answer: { body: Json }): string {
  const token = answer.body.access_token;
  if (typeof token !== 'string') throw new Error(`no access_token in ${JSON.stringify(answer.body)}`);
  return token;
}
