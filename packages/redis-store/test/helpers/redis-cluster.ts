// Test set-up: a private Redis Cluster of three masters on loopback (redis-server --cluster-enabled yes, redis-cli --cluster create).
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './redis-server.js';

const run = promisify(execFile);

export interface ClusterNode {
  port: number;
  /** Stops this master (its data is gone: persistence is off; its cluster identity stays in nodes.conf). */
  stop(): Promise<void>;
  /** Starts it again on the same ports and waits until the whole cluster is ok again. */
  start(): Promise<void>;
}

export interface RedisCluster {
  nodes: ClusterNode[];
  /** `127.0.0.1:port,…`: the seed nodes a cluster client starts from. */
  seeds: string;
  /** The master that owns `key`'s slot. */
  nodeOf(key: string): Promise<ClusterNode>;
  stop(): Promise<void>;
}

const installed = (command: string) => spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;

const names = (missing: string[]) => `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not installed`;

/** Like redisAvailable(): false with a loud warning, or a thrown error when SHARE_REQUIRE_REDIS=1. */
export function clusterAvailable(): boolean {
  const missing = ['redis-server', 'redis-cli'].filter((command) => !installed(command));
  if (missing.length === 0) return true;
  if (process.env.SHARE_REQUIRE_REDIS === '1') {
    throw new Error(`${names(missing)} but SHARE_REQUIRE_REDIS=1: run \`apt-get install -y redis-server\` (redis-cli comes with it)`);
  }
  console.warn(
    `\n!!! SKIPPING the Redis Cluster tests of @share/redis-store: ${names(missing)}.\n` +
      '!!! Install redis-server (`apt-get install -y redis-server`) or set SHARE_REQUIRE_REDIS=1 to make this a failure.\n',
  );
  return false;
}

const cli = async (port: number, ...args: string[]) =>
  (await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 5000 })).stdout;

export async function startRedisCluster(): Promise<RedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'share-redis-cluster-'));
  const children = new Map<number, ChildProcess>();
  const ports: { port: number; bus: number }[] = [];
  const taken = new Set<number>();
  const distinctPort = async () => {
    let port = await freePort();
    while (taken.has(port)) port = await freePort();
    taken.add(port);
    return port;
  };
  for (let i = 0; i < 3; i++) ports.push({ port: await distinctPort(), bus: await distinctPort() });

  const startNode = async ({ port, bus }: { port: number; bus: number }) => {
    const nodeDir = join(dir, String(port));
    mkdirSync(nodeDir, { recursive: true });
    const child = spawn(
      'redis-server',
      // node-timeout 2 s: a stopped master is noticed fast; a busy test machine does not make a live one look dead.
      ['--port', String(port), '--cluster-port', String(bus), '--bind', '127.0.0.1', '--cluster-enabled', 'yes',
        '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '2000', '--save', '', '--appendonly', 'no',
        '--dir', nodeDir, '--loglevel', 'warning'],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    children.set(port, child);
    await until(async () => {
      if (child.exitCode !== null) throw new Error(`redis-server on ${port} exited with code ${child.exitCode}`);
      return (await cli(port, 'PING').catch(() => '')).trim() === 'PONG';
    }, `redis-server on ${port} answers PING`);
  };
  const allOk = () =>
    until(async () => {
      const infos = await Promise.all(ports.map(({ port }) => cli(port, 'CLUSTER', 'INFO').catch(() => '')));
      return infos.every((info) => /cluster_state:ok/.test(info) && /cluster_known_nodes:3/.test(info));
    }, 'every node reports cluster_state:ok');

  process.once('exit', () => {
    for (const child of children.values()) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  await Promise.all(ports.map(startNode));
  await run('redis-cli', ['--cluster', 'create', ...ports.map(({ port }) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes'], {
    timeout: 30_000,
  });
  await allOk();

  const stopNode = async (port: number) => {
    const child = children.get(port);
    children.delete(port);
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  const nodes: ClusterNode[] = ports.map((p) => ({
    port: p.port,
    stop: () => stopNode(p.port),
    start: async () => {
      if (children.has(p.port)) return;
      await startNode(p);
      await allOk();
    },
  }));
  return {
    nodes,
    seeds: ports.map(({ port }) => `127.0.0.1:${port}`).join(','),
    async nodeOf(key) {
      const first = nodes[0]!;
      const slot = Number((await cli(first.port, 'CLUSTER', 'KEYSLOT', key)).trim());
      const owners = (await cli(first.port, 'CLUSTER', 'NODES')).split('\n').filter((line) => /master/.test(line));
      for (const line of owners) {
        const [, address = '', , , , , , , ...ranges] = line.trim().split(' ');
        const port = Number(address.split('@')[0]?.split(':')[1]);
        const owns = ranges.some((range) => {
          const [from, to = from] = range.split('-').map(Number);
          return from !== undefined && to !== undefined && slot >= from && slot <= to;
        });
        const node = nodes.find((n) => n.port === port);
        if (owns && node) return node;
      }
      throw new Error(`no master owns slot ${slot}`);
    },
    async stop() {
      await Promise.all(ports.map(({ port }) => stopNode(port)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `condition` (no fixed sleep decides anything): resolves once it holds, rejects after 30 s. */
async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within 30 s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
