// What the platform scenario runs against, all on one injected clock: the emulator (optionally answering each call after
// a delay), the store the instances share (a private redis-server, else a SQLite file), and the share instances
// themselves (wxShare in third-party platform mode, each on its own loopback port, in the runner's process).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '@share/analytics-sqlite';
import { RedisStore } from '@share/redis-store';
import { jsapiSignature, wxShare, type CredentialStore } from '@share/server';
import { createWechatMock, DEFAULT_COMPONENT, type WechatMock } from '@share/wechat-mock';
import { Redis } from 'ioredis';
import { trackedStore, type InFlight } from './in-flight.js';
import { redisServerInstalled, startRedisServer } from './redis-server.js';
import type { PlatformCalls } from './results.js';

/** The platform share runs as: the emulator's default platform. */
export const PLATFORM = {
  appId: DEFAULT_COMPONENT.appId,
  appSecret: DEFAULT_COMPONENT.appSecret,
  token: DEFAULT_COMPONENT.token,
  aesKey: DEFAULT_COMPONENT.aesKey,
};
/** The platform's 公众号开发域名: every authorizer's pages live under it. */
export const PAGES_HOST = 'h5.bench.example.com';
/** setInterval's largest delay: the emulator's own push timer never fires; the scenario calls tick() on its clock. */
const NEVER_MS = 2_147_483_647;

export interface Emulator {
  mock: WechatMock;
  url: string;
  close(): Promise<void>;
}

/**
 * The emulator on `clock`, behind a front that counts each upstream call in `inFlight` until answered; with `delayMs`,
 * the front hands every request to the emulator that much later (a round trip to WeChat).
 */
export async function startPlatformEmulator(clock: () => number, inFlight: InFlight, delayMs = 0): Promise<Emulator> {
  const mock = createWechatMock({ now: clock });
  const front = createServer((req, res) => {
    res.once('close', inFlight.begin());
    if (delayMs > 0) setTimeout(() => mock.handler(req, res), delayMs);
    else mock.handler(req, res);
  });
  const url = await listen(front);
  return {
    mock,
    url,
    async close() {
      front.closeAllConnections();
      await Promise.all([new Promise((resolve) => front.close(resolve)), mock.close()]);
    },
  };
}

/** Starts pushing verify tickets to `eventsUrl` (one now); further pushes only when the scenario calls tick(). */
export async function startPushing(mock: WechatMock, eventsUrl: string): Promise<void> {
  const first = await mock.component.startPushing(eventsUrl, NEVER_MS);
  if (!first.ok) throw new Error(`the first verify ticket push was not accepted: ${first.status ?? first.error}`);
}

export interface SharedStore {
  label: string;
  /** A connection to the store as one instance (one process) opens it; `name` keeps each phase's records apart. */
  open(name: string, clock: () => number): { store: CredentialStore; close(): Promise<void> };
  stop(): Promise<void>;
}

/** A private redis-server when one is installed (the fleet's store), else SqliteStore files (one machine's). */
export async function startSharedStore(): Promise<SharedStore> {
  if (redisServerInstalled()) {
    const redis = await startRedisServer();
    return {
      label: "@share/redis-store's RedisStore on a private redis-server",
      open(name, clock) {
        // As @share/redis-store's README sets it up: the user's ioredis client, and a second connection for pub/sub.
        const client = new Redis(redis.url);
        const subscriber = client.duplicate();
        const store = new RedisStore({ client, subscriber, prefix: `share-${name}:`, now: clock });
        return {
          store,
          async close() {
            await store.close();
            await Promise.all([client.quit(), subscriber.quit()]);
          },
        };
      },
      stop: () => redis.stop(),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'share-bench-platform-'));
  return {
    label: "@share/analytics-sqlite's SqliteStore on one file (redis-server is not installed)",
    open(name, clock) {
      const store = new SqliteStore({ filename: join(dir, `${name}.db`), now: clock });
      return { store, close: async () => store.close() };
    },
    stop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface Instance {
  url: string;
  eventsUrl: string;
  /** What the instance logged (share never logs a secret). */
  warnings: string[];
  close(): Promise<void>;
}

/**
 * One share instance in third-party platform mode, its own connection to the shared store (its calls counted in
 * `inFlight`), on a loopback port.
 */
export async function startInstance(apiBase: string, shared: SharedStore, name: string, clock: () => number, inFlight: InFlight): Promise<Instance> {
  const connection = shared.open(name, clock);
  const warnings: string[] = [];
  const log = (message: string) => void warnings.push(message);
  const share = wxShare({
    component: PLATFORM,
    allowedHosts: [PAGES_HOST],
    apiBase,
    store: trackedStore(connection.store, inFlight),
    now: clock,
    logger: { warn: log, error: log },
    // The harder case for the call counts: the authorizers' credentials renew on traffic only, not ahead by the warm timer.
    warm: false,
    client: false,
  });
  const server = createServer((req, res) => share(req, res));
  const url = await listen(server);
  return {
    url,
    eventsUrl: `${url}/wx/component/events`,
    warnings,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await share.signer.close();
      await connection.close();
    },
  };
}

/** The n-th authorizer's appid. */
export function authorizerAppId(n: number): string {
  return `wxa${n.toString(16).padStart(15, '0')}`;
}

export function pageOf(appId: string, page: number): string {
  return `https://${PAGES_HOST}/${appId}/page-${page}?from=bench`;
}

export interface Signed {
  status: number;
  valid: boolean;
  /** The error code of a refused answer. */
  code?: string;
}

/** Asks `instance` to sign `url` for `appId`, and checks the answer against the authorizer's valid tickets. */
export async function sign(mock: WechatMock, instance: Instance, appId: string, url: string): Promise<Signed> {
  const res = await fetch(`${instance.url}/wx/signature?${new URLSearchParams({ url, appid: appId })}`);
  const body = (await res.json()) as { appId?: string; nonceStr?: string; timestamp?: number; signature?: string; error?: { code?: string } };
  if (res.status !== 200) return { status: res.status, valid: false, code: body.error?.code };
  const valid =
    body.appId === appId &&
    mock.validTickets(appId).some((ticket) => jsapiSignature({ ticket, nonceStr: body.nonceStr!, timestamp: body.timestamp!, url }) === body.signature);
  return { status: 200, valid };
}

/** The emulator's counters of the platform's endpoints and getticket. */
export function platformCalls(mock: WechatMock): PlatformCalls {
  const c = mock.component.calls;
  return {
    componentToken: c.componentToken,
    startPushTicket: c.startPushTicket,
    queryAuth: c.queryAuth,
    authorizerToken: c.authorizerToken,
    getAuthorizerList: c.getAuthorizerList,
    ticket: mock.calls.ticket,
  };
}

/** The calls made between two readings of the counters. */
export function callsSince(before: PlatformCalls, after: PlatformCalls): PlatformCalls {
  const since = { ...after };
  for (const key of Object.keys(since) as (keyof PlatformCalls)[]) since[key] -= before[key];
  return since;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}
