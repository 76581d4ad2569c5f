// Starts the fixture processes by kind: the emulator and the servers under test, each with its own account.
import { fileURLToPath } from 'node:url';
import { startFixture, type Fixture, type StartOptions } from './children.js';
import type { ServerFixtureConfig } from './fixtures/config.js';

/** bare/ours/theirs: Express apps. node: a node:http server. fetch: a Web fetch handler served from node:http. */
export type ServerKind = 'bare' | 'ours' | 'theirs' | 'node' | 'fetch';

export interface Account {
  appId: string;
  appSecret: string;
}

const file = (name: string) => fileURLToPath(new URL(`./fixtures/${name}.ts`, import.meta.url));

/** The n-th bench account: one per server process, so that no two share a classic token. */
export function account(n: number): Account {
  return { appId: `wx${n.toString(16).padStart(16, '0')}`, appSecret: `bench-secret-${n}` };
}

/** The emulator; every upstream call answered after upstreamDelayMs when given (a network round trip). */
export function startEmulator(accounts: Account[], upstreamDelayMs?: number, options?: StartOptions): Promise<Fixture> {
  return startFixture('emulator', file('emulator'), { accounts, upstreamDelayMs }, options);
}

export function startServer(
  kind: ServerKind,
  name: string,
  config: ServerFixtureConfig,
  options?: StartOptions,
): Promise<Fixture> {
  return startFixture(name, file(kind), { ...config }, options);
}
