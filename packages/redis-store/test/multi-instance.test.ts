// Issue 6's scenarios on one real redis-server: 4 app processes, one token.
import { describeScenarios } from './helpers/scenarios.js';
import { redisAvailable, startRedisServer, type RedisServer } from './helpers/redis-server.js';

let redis: RedisServer | undefined;

describeScenarios('4 instances, one Redis, one token', redisAvailable(), {
  async start() {
    redis = await startRedisServer();
    return { url: redis.url };
  },
  async stopAccountNode() {
    await redis!.stop();
    return () => redis!.start();
  },
  stop: async () => redis?.stop(),
});
