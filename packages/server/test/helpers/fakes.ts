// Hand-written fakes for the server tests: credentials that implement the real interface, the spy logger, the clock.
import type { Account, CredentialStats, Credentials, Ticket } from '../../src/credentials.js';
import type { Logger } from '../../src/logger.js';
import { resolveOptions, type Config, type Options } from '../../src/options.js';

export interface FakeCredentials extends Credentials {
  /** The ticket each appId gets; change it to simulate a renewal. */
  tickets: Map<string, Ticket>;
  calls: { ticket: string[]; peek: string[]; refresh: string[]; close: number };
  /** When set, ticket() rejects with it. */
  failWith: unknown;
}

export function fakeCredentials(now: () => number = Date.now): FakeCredentials {
  const fake: FakeCredentials = {
    tickets: new Map(),
    calls: { ticket: [], peek: [], refresh: [], close: 0 },
    failWith: undefined,
    // Like the real credentials: a ticket within a minute of its expiry is not usable without loading.
    peek(account: Account) {
      fake.calls.peek.push(account.appId);
      const ticket = fake.tickets.get(account.appId);
      return ticket !== undefined && now() < ticket.expiresAt - 60_000 ? ticket : undefined;
    },
    async ticket(account: Account) {
      fake.calls.ticket.push(account.appId);
      if (fake.failWith !== undefined) throw fake.failWith;
      let ticket = fake.tickets.get(account.appId);
      if (ticket === undefined) {
        ticket = { value: `ticket-of-${account.appId}-1`, expiresAt: now() + 7_200_000 };
        fake.tickets.set(account.appId, ticket);
      }
      return ticket;
    },
    async refresh(account: Account) {
      fake.calls.refresh.push(account.appId);
      const old = fake.tickets.get(account.appId);
      const n = old ? Number(old.value.split('-').pop()) + 1 : 1;
      fake.tickets.set(account.appId, { value: `ticket-of-${account.appId}-${n}`, expiresAt: now() + 7_200_000 });
    },
    async accessToken(account: Account) {
      return { accessToken: `token-of-${account.appId}`, expiresAt: now() + 7_140_000 };
    },
    async refreshAccessToken(account: Account) {
      return { accessToken: `token-of-${account.appId}`, expiresAt: now() + 7_140_000, refreshed: false, reason: 'fake' };
    },
    keepWarm() {},
    component: undefined,
    stats(): CredentialStats {
      return { upstream: { token: 0, stableToken: 1, ticket: fake.calls.ticket.length }, cacheHits: 0, refreshes: 0, errors: {} };
    },
    async close() {
      fake.calls.close++;
    },
  };
  return fake;
}

export interface SpyLogger extends Logger {
  /** Every line, in order, with its level: to prove none carries a secret. */
  lines: { level: 'warn' | 'error' | 'info'; message: string }[];
  warnings: string[];
  errors: string[];
}

/** The one spy logger of the server's tests. */
export function spyLogger(): SpyLogger {
  const logger: SpyLogger = {
    lines: [],
    warnings: [],
    errors: [],
    warn: (message) => {
      logger.lines.push({ level: 'warn', message });
      logger.warnings.push(message);
    },
    error: (message) => {
      logger.lines.push({ level: 'error', message });
      logger.errors.push(message);
    },
    info: (message) => {
      logger.lines.push({ level: 'info', message });
    },
  };
  return logger;
}

export interface FakeClock {
  (): number;
  advance(ms: number): void;
}

/** The one clock of the server's tests, moved by hand. */
export function fakeClock(start = Date.UTC(2025, 0, 1, 12)): FakeClock {
  let t = start;
  const clock = (() => t) as FakeClock;
  clock.advance = (ms) => {
    t += ms;
  };
  return clock;
}

/** A Config for tests: a fixed account, a spy logger, a fake clock unless given. */
export function testConfig(options: Options = {}): Config {
  const base: Options = options.accounts ? {} : { appId: 'wxtestappid000001', appSecret: 'test-app-secret-value' };
  return resolveOptions({ logger: spyLogger(), now: fakeClock(), ...base, ...options }, {});
}
