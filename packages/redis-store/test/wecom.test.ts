// WeCom apps share their token, corp ticket and app ticket through one real Redis like official accounts do: two
// signers, cold, make one call of each between them, under one hash tag per app.
import { createSigner, jsapiSignature, type Signer } from '@share/server';
import { createWechatMock, type WechatMock } from '@share/wechat-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../src/index.js';
import { connect, type Connection } from './helpers/clients.js';
import { redisAvailable, startRedisServer, type RedisServer } from './helpers/redis-server.js';

const CORP = 'ww7b7b7b7b7b7b7b7b';
const APPS = [
  { agentId: '1000002', secret: 'redis-wecom-secret-a-0123456789' },
  { agentId: '1000003', secret: 'redis-wecom-secret-b-0123456789' },
];

describe.skipIf(!redisAvailable())('WeCom apps through RedisStore', () => {
  let server: RedisServer;
  let conn: Connection;
  let mock: WechatMock;
  let base: string;
  const signers: Signer[] = [];

  beforeAll(async () => {
    server = await startRedisServer();
    conn = await connect('ioredis', server.url);
    mock = createWechatMock({ wecom: { corps: [{ corpId: CORP, apps: APPS }] } });
    base = await mock.listen();
  });
  afterAll(async () => {
    await Promise.all(signers.map((s) => s.close()));
    await conn?.quit();
    await mock?.close();
    await server?.stop();
  });

  const instance = () => {
    const signer = createSigner({
      accounts: APPS.map((app, i) => ({ type: 'wecom' as const, corpId: CORP, corpSecret: app.secret, agentId: app.agentId, allowedHosts: [`app${i}.example`] })),
      wecomApiBase: base,
      store: new RedisStore({ ...conn.options, prefix: 'wecom-test:' }),
      warm: false,
      logger: { warn: () => undefined, error: () => undefined },
    });
    signers.push(signer);
    return signer;
  };

  it('two cold instances x 200 requests per app: 1 gettoken, 1 corp ticket and 1 app ticket per app, each app under its own hash tag', async () => {
    const [a, b] = [instance(), instance()];
    const results = await Promise.all(
      Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? a : b).sign(`https://app${i % 4 < 2 ? 0 : 1}.example/p/${i}`, { container: 'wecom' })),
    );
    expect(mock.wecom.calls).toEqual({ gettoken: 2, corpTicket: 2, agentTicket: 2 });
    for (const result of results) {
      const agentId = result.agentConfig!.agentid;
      const [corpTicket] = mock.wecom.validTickets('corp', CORP, agentId);
      const [appTicket] = mock.wecom.validTickets('agent', CORP, agentId);
      expect(result.signature).toBe(jsapiSignature({ ticket: corpTicket!, nonceStr: result.nonceStr, timestamp: result.timestamp, url: result.url }));
      expect(result.agentConfig!.signature).toBe(jsapiSignature({ ticket: appTicket!, nonceStr: result.nonceStr, timestamp: result.timestamp, url: result.url }));
    }
    const send = (args: string[]) => (conn.options.client as { call(...a: string[]): Promise<unknown> }).call(...args);
    const keys = ((await send(['KEYS', 'wecom-test:*'])) as string[]).sort();
    expect(keys).toEqual(
      APPS.flatMap(({ agentId }) => ['access_token', 'agent_config_ticket', 'jsapi_ticket'].map((kind) => `wecom-test:{wecom:${CORP}:${agentId}}:${kind}`)),
    );
  });
});
