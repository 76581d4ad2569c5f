// Issue 6's scenarios on a real Redis Cluster of three masters: 4 app processes (ioredis Cluster, node-redis createCluster), one token.
import { account, describeScenarios } from './helpers/scenarios.js';
import { clusterAvailable, startRedisCluster, type RedisCluster } from './helpers/redis-cluster.js';

let cluster: RedisCluster | undefined;

describeScenarios('4 instances, one Redis Cluster of 3 masters, one token', clusterAvailable(), {
  async start() {
    cluster = await startRedisCluster();
    return { clusterSeeds: cluster.seeds };
  },
  async stopAccountNode() {
    // The master that holds the account's token, ticket and lock; the other two keep running.
    const node = await cluster!.nodeOf(`{${account.appId}}`);
    await node.stop();
    return () => node.start();
  },
  stop: async () => cluster?.stop(),
});
