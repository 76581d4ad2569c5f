// Test set-up: app instances as separate Node processes (test/fixtures/instance.mjs), driven over IPC.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../fixtures/instance.mjs', import.meta.url));

export interface InstanceOptions {
  /** One Redis (`redis://…`), or the seed nodes of a Redis Cluster. */
  redis: { url: string } | { clusterSeeds: string };
  apiBase: string;
  appId: string;
  appSecret: string;
  client: 'ioredis' | 'node-redis';
  subscriber?: boolean;
}

export interface SignResult {
  appId: string;
  timestamp: number;
  nonceStr: string;
  signature: string;
  url: string;
}

export interface LogLine {
  level: 'warn' | 'error';
  line: string;
}

export class Instance {
  readonly logs: LogLine[] = [];
  /** How many times this instance acquired the refresh lock. */
  locks = 0;
  /** How many times it wrote the value its lock guards: fetched it upstream as the lock holder. */
  fetchesUnderLock = 0;
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  readonly ready: Promise<void>;

  constructor(readonly name: string, options: InstanceOptions) {
    this.child = fork(script, [], {
      env: {
        ...process.env,
        ...('url' in options.redis ? { REDIS_URL: options.redis.url } : { REDIS_CLUSTER: options.redis.clusterSeeds }),
        API_BASE: options.apiBase,
        APP_ID: options.appId,
        APP_SECRET: options.appSecret,
        CLIENT: options.client,
        SUBSCRIBER: options.subscriber === false ? '0' : '1',
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.ready = new Promise((resolve, reject) => {
      this.child.once('exit', (code, signal) => {
        const error = new Error(`${name} exited (${code ?? signal})`);
        reject(error);
        for (const { reject: fail } of this.pending.values()) fail(error);
        this.pending.clear();
      });
      this.child.on('message', (message: { event?: string; id?: number; ok?: boolean; value?: unknown; error?: string } & LogLine) => {
        if (message.event === 'ready') resolve();
        else if (message.event === 'locked') this.locks++;
        else if (message.event === 'stored-under-lock') this.fetchesUnderLock++;
        else if (message.event === 'log') this.logs.push({ level: message.level, line: message.line });
        else if (message.id !== undefined) {
          const waiter = this.pending.get(message.id);
          this.pending.delete(message.id);
          if (message.ok) waiter?.resolve(message.value);
          else waiter?.reject(new Error(`${name}: ${message.error}`));
        }
      });
    });
  }

  call<T>(type: string, args: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, type, ...args });
    });
  }

  sign(count: number, tag: string): Promise<{ results: SignResult[]; errors: string[] }> {
    return this.call('sign', { count, tag });
  }

  /** A cold start: a new store and signer on `prefix` (`memory`: no Redis; `subscriber: false`: polling), the lock count reset, the clock back to now. */
  async setup(prefix: string, options: { memory?: boolean; subscriber?: boolean } = {}): Promise<void> {
    this.locks = 0;
    this.fetchesUnderLock = 0;
    this.logs.length = 0;
    await this.call('setup', { prefix, ...options });
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async close(): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.call('close').catch(() => undefined);
    const timer = setTimeout(() => this.kill(), 3000);
    await exited;
    clearTimeout(timer);
  }
}

export async function startInstances(count: number, options: Omit<InstanceOptions, 'client'>): Promise<Instance[]> {
  // Half on ioredis, half on node-redis: both adapters share one Redis and hear each other.
  const instances = Array.from(
    { length: count },
    (_, i) => new Instance(`instance-${i}`, { ...options, client: i % 2 === 0 ? 'ioredis' : 'node-redis' }),
  );
  await Promise.all(instances.map((instance) => instance.ready));
  return instances;
}
