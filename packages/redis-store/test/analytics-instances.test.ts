// Two @share/server instances counting on one real redis-server through their routes add up: views from signature
// requests, beacons on the event route, and the read route of either instance answers the sum.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetchHandler, type FetchHandler } from '@share/server';
import { createWechatMock, DEFAULT_ACCOUNT, type WechatMock } from '@share/wechat-mock';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { RedisAnalyticsStore } from '../src/index.js';
import { redisAvailable, startRedisServer, type RedisServer } from './helpers/redis-server.js';

const KEY = 'analytics-key-0123456789';
const PAGE = 'https://a.example/p';
const logger = { warn: () => undefined, error: () => undefined };

describe.runIf(redisAvailable())('two servers on one Redis', () => {
  let redis: RedisServer;
  let mock: WechatMock;
  let io: Redis;
  let node: ReturnType<typeof createClient>;
  let handlers: FetchHandler[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    mock = createWechatMock({ accounts: [DEFAULT_ACCOUNT] });
    const apiBase = await mock.listen();
    io = new Redis(redis.url);
    node = createClient({ url: redis.url });
    await node.connect();
    const server = (store: RedisAnalyticsStore) =>
      createFetchHandler({ appId: DEFAULT_ACCOUNT.appId, appSecret: DEFAULT_ACCOUNT.appSecret, apiBase, allowedHosts: ['a.example'], logger, warm: false, analytics: { store, keys: [KEY] } });
    handlers = [server(new RedisAnalyticsStore({ client: io, prefix: 'two:' })), server(new RedisAnalyticsStore({ client: node, prefix: 'two:' }))];
  });
  afterAll(async () => {
    await Promise.all(handlers.map((handler) => handler.signer.close()));
    io?.disconnect();
    node?.destroy();
    await mock?.close();
    await redis?.stop();
  });

  it('add up their views, arrivals and shares; either read route answers the sum', async () => {
    const [a, b] = handlers as [FetchHandler, FetchHandler];
    const sign = (handler: FetchHandler, from: string) =>
      handler(new Request(`https://s.example/wx/signature?url=${encodeURIComponent(`${PAGE}?from=${from}`)}&view=1&from=${from}`));
    const share = (handler: FetchHandler) =>
      handler(new Request('https://s.example/wx/event', { method: 'POST', body: JSON.stringify({ kind: 'share', url: PAGE, api: 'onMenuShareAppMessage' }) }), { remoteAddress: '10.0.0.1' });
    for (let i = 0; i < 5; i++) {
      expect((await sign(a, 'timeline')).status).toBe(200);
      expect((await sign(b, 'groupmessage')).status).toBe(200);
      expect((await share(i % 2 ? a : b)).status).toBe(204);
    }
    const read = async (handler: FetchHandler) => {
      const answer = await handler(new Request('https://s.example/wx/analytics', { headers: { authorization: `Bearer ${KEY}` } }));
      expect(answer.status).toBe(200);
      return ((await answer.json()) as { days: { page: string; counts: Record<string, number> }[] }).days;
    };
    await read(a); // a read writes that instance's pending counts first
    const days = await read(b);
    expect(days.map((row) => row.page)).toEqual([PAGE]);
    const sum = { views: 10, 'arrival:timeline': 5, 'arrival:groupmessage': 5, 'share:onMenuShareAppMessage': 5 };
    expect(days[0]!.counts).toEqual(sum);
    expect((await read(a))[0]!.counts).toEqual(sum);
  });
});
