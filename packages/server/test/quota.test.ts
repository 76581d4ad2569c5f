import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWechatMock, DEFAULT_ACCOUNT, type WechatMock } from '@share/wechat-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createQuotaReport, type QuotaQuestion } from '../src/quota.js';

const RESET =
  'Resetting it before then is a manual step: clear_quota, in the WeChat console or POST /cgi-bin/clear_quota ' +
  '(/cgi-bin/clear_quota/v2 with the AppSecret when no access_token can be had), 10 resets a month per account.';

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((thing) => thing.close()));
});

/** The emulator with `dailyTokenQuota` 2, both used: the next /cgi-bin/token answers 45009. */
async function exhaustedMock(): Promise<{ mock: WechatMock; apiBase: string; token: string }> {
  const mock = createWechatMock({ dailyTokenQuota: 2 });
  open.push(mock);
  const apiBase = await mock.listen();
  const query = `grant_type=client_credential&appid=${DEFAULT_ACCOUNT.appId}&secret=${DEFAULT_ACCOUNT.appSecret}`;
  let token = '';
  for (let n = 0; n < 2; n++) token = ((await (await fetch(`${apiBase}/cgi-bin/token?${query}`)).json()) as { access_token: string }).access_token;
  const refused = (await (await fetch(`${apiBase}/cgi-bin/token?${query}`)).json()) as { errcode: number };
  expect(refused.errcode).toBe(45009);
  return { mock, apiBase, token };
}

/** fetch that counts the calls it passes on. */
function countingFetch(): { fetch: typeof fetch; calls: () => number } {
  let calls = 0;
  return {
    fetch: (input, init) => {
      calls++;
      return fetch(input, init);
    },
    calls: () => calls,
  };
}

const question = (accessToken: QuotaQuestion['accessToken'], change: Partial<QuotaQuestion> = {}): QuotaQuestion => ({
  appId: DEFAULT_ACCOUNT.appId,
  cgiPath: '/cgi-bin/token',
  errcode: 45009,
  accessToken,
  ...change,
});

async function server(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const listening: Server = createServer(handler);
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  open.push({
    close() {
      listening.closeAllConnections();
      return new Promise((resolve) => listening.close(resolve));
    },
  });
  return `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
}

describe('createQuotaReport', () => {
  it("gives the daily limit, the use and the remainder from WeChat's quota/get, and says a reset is manual", async () => {
    const { apiBase, token } = await exhaustedMock();
    const describeQuota = createQuotaReport({ apiBase });
    expect(await describeQuota(question(token))).toBe(
      `/cgi-bin/token answered 45009: its daily quota is reached, and it starts again tomorrow; today 2 of 2 calls are used, 0 remain. ${RESET}`,
    );
  });

  it('says 45011 is the per-minute limit', async () => {
    const { apiBase, token } = await exhaustedMock();
    const sentence = await createQuotaReport({ apiBase })(question(token, { errcode: 45011 }));
    expect(sentence).toMatch(/^\/cgi-bin\/token answered 45011: its per-minute limit is reached, retry next minute; today 2 of 2/);
  });

  it('asks once per account and API while the memo lasts, however many requests fail meanwhile', async () => {
    const { apiBase, token } = await exhaustedMock();
    const counting = countingFetch();
    let now = 1_000_000; // lru-cache takes an entry stored at 0 for one without a ttl
    const describeQuota = createQuotaReport({ apiBase, fetch: counting.fetch, now: () => now, ttlMs: 60_000 });
    const getToken = async () => token;
    const sentences = await Promise.all(Array.from({ length: 20 }, () => describeQuota(question(getToken))));
    expect(new Set(sentences).size).toBe(1);
    expect(counting.calls()).toBe(1);
    now += 59_000;
    await describeQuota(question(getToken));
    expect(counting.calls()).toBe(1);
    await describeQuota(question(getToken, { cgiPath: '/cgi-bin/ticket/getticket' }));
    await describeQuota(question(getToken, { appId: 'wx1111111111111111' }));
    expect(counting.calls()).toBe(3);
    now += 2_000;
    await describeQuota(question(getToken));
    expect(counting.calls()).toBe(4);
  });

  it('says the figures are unknown when no access_token can be had, without asking', async () => {
    const counting = countingFetch();
    const describeQuota = createQuotaReport({ apiBase: 'http://127.0.0.1:9', fetch: counting.fetch });
    expect(await describeQuota(question(undefined))).toBe(
      `/cgi-bin/token answered 45009: its daily quota is reached, and it starts again tomorrow; today's figures are unknown (no access_token can be had to ask for them). ${RESET}`,
    );
    const failing = () => Promise.reject(new Error('45009 from /cgi-bin/token, secret=abc'));
    expect(await describeQuota(question(failing, { cgiPath: '/cgi-bin/ticket/getticket' }))).toContain(
      "today's figures are unknown (no access_token could be had to ask for them)",
    );
    const hanging = () => new Promise<string>(() => {});
    const bounded = createQuotaReport({ apiBase: 'http://127.0.0.1:9', fetch: counting.fetch, timeoutMs: 50 });
    expect(await bounded(question(hanging))).toContain('no access_token could be had');
    expect(counting.calls()).toBe(0);
  });

  it("reports quota/get's own errcode without the token", async () => {
    const { apiBase } = await exhaustedMock();
    const stale = 'A'.repeat(120);
    const sentence = await createQuotaReport({ apiBase })(question(stale));
    expect(sentence).toMatch(/today's figures are unknown \(quota\/get failed: errcode 40001 \(invalid credential/);
    expect(sentence).not.toContain(stale);
  });

  it.each<[string, Parameters<typeof createServer>[1], string]>([
    ['a hanging server', () => {}, 'quota/get failed: no answer within 100 ms'],
    ['HTTP 502', (_req, res) => res.writeHead(502).end('bad gateway'), 'quota/get failed: HTTP 502'],
    ['a huge answer', (_req, res) => res.writeHead(200).end(`{"quota":"${'x'.repeat(100_000)}"}`), 'quota/get failed: the answer is larger than 16 KB'],
    ['not JSON', (_req, res) => res.writeHead(200).end('<html>'), 'quota/get failed: the answer is not JSON'],
    ['no figures', (_req, res) => res.writeHead(200).end('{"errcode":0,"quota":{"used":"many"}}'), 'quota/get failed: the answer has no quota figures'],
  ])('says the figures are unknown after %s, and never rejects', async (_name, handler, clause) => {
    const apiBase = await server(handler);
    const sentence = await createQuotaReport({ apiBase, timeoutMs: 100 })(question('T'.repeat(100)));
    expect(sentence).toContain(`today's figures are unknown (${clause})`);
    expect(sentence).toContain(RESET);
  });
});
