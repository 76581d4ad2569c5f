// Issue 6's scenarios, run on one Redis and on a Redis Cluster: 4 app processes sharing the store and the WeChat emulator.
import { jsapiSignature } from '@share/server';
import { createWechatMock, type WechatMock } from '@share/wechat-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startInstances, type Instance, type InstanceOptions, type SignResult } from './instances.js';

export const account = { appId: 'wx6a6a6a6a6a6a6a6a', appSecret: 'multi-instance-secret' };

/** Where the store lives: one redis-server, or a cluster of three masters. */
export interface Backend {
  /** Starts it; answers how the instances reach it. */
  start(): Promise<InstanceOptions['redis']>;
  /** Stops what holds the account's keys (the Redis, or the master owning the account's slot); resolves to its restart. */
  stopAccountNode(): Promise<() => Promise<void>>;
  stop(): Promise<void>;
}

/** The ticket, among `tickets`, that a result was signed with. */
function ticketOf(result: SignResult, tickets: string[]): string | undefined {
  return tickets.find((ticket) => jsapiSignature({ ticket, nonceStr: result.nonceStr, timestamp: result.timestamp, url: result.url }) === result.signature);
}

async function until(condition: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The scenarios, with the backend started once for all of them (a cluster takes seconds to form). */
export function describeScenarios(title: string, available: boolean, backend: Backend): void {
  describe.skipIf(!available)(title, () => {
    let mock: WechatMock;
    let apiBase: string;
    let all: Instance[] = [];
    const seenTickets = new Set<string>();
    const seenTokens = new Set<string>();
    let scenario = 0;

    beforeAll(async () => {
      const redis = await backend.start();
      // Tickets live 30 min, tokens 2 h: an instance whose clock is 30 min ahead needs a new ticket with its old token.
      mock = createWechatMock({ accounts: [account], ticketTtlSeconds: 1800, });
      apiBase = await mock.listen();
      // Started once (a Node process takes seconds to start on a busy machine); each scenario starts them cold.
      all = await startInstances(4, { redis, apiBase, ...account });
    }, 180_000);
    afterEach(() => {
      for (const instance of all) {
        for (const { line } of instance.logs) {
          for (const secret of [account.appSecret, ...seenTickets, ...seenTokens]) expect(line).not.toContain(secret);
        }
      }
      mock.clearFaults();
    });
    afterAll(async () => {
      await Promise.all(all.map((instance) => instance.close()));
      await mock?.close();
      await backend.stop();
    });

    /** Every scenario starts cold: no token at WeChat, a fresh store and signer on a prefix of its own. */
    async function coldStart(options: { subscriber?: boolean } = {}): Promise<Instance[]> {
      mock.resetCalls();
      mock.invalidateTokens();
      const prefix = `s${++scenario}:`;
      await Promise.all(all.map((instance) => instance.setup(prefix, options)));
      return all;
    }
    const remember = () => {
      for (const t of mock.validTickets(account.appId)) seenTickets.add(t);
      for (const t of mock.validTokens(account.appId)) seenTokens.add(t);
    };

    it('4 processes x 250 concurrent cold requests: exactly 1 token call and 1 ticket call upstream', async () => {
      await coldStart();
      const before = new Set(mock.validTickets(account.appId));
      const answers = await Promise.all(all.map((instance) => instance.sign(250, 'cold')));
      remember();
      expect(answers.flatMap((a) => a.errors)).toEqual([]);
      expect(answers.map((a) => a.results.length)).toEqual([250, 250, 250, 250]);
      expect(mock.calls).toEqual({ token: 0, stableToken: 1, ticket: 1 });
      const ticket = mock.validTickets(account.appId).find((t) => !before.has(t));
      for (const result of answers.flatMap((a) => a.results)) expect(ticketOf(result, [ticket!])).toBe(ticket);
      // The token and the ticket, each fetched once, each under its own lock.
      expect(all.reduce((sum, instance) => sum + instance.fetchesUnderLock, 0)).toBe(2);
    });

    it.each([
      ['pub/sub', true, 5000],
      ['no subscriber: polling every 2 s', false, 10_000],
    ])('40001 seen by one instance (%s): it alone refetches, and all converge on the new token and ticket', async (_, subscriber, within) => {
      await coldStart({ subscriber });
      await Promise.all(all.map((instance) => instance.sign(10, 'warm')));
      const before = new Set(mock.validTickets(account.appId));
      mock.invalidateTokens(account.appId);
      mock.resetCalls();
      const [first, ...others] = all as [Instance, ...Instance[]];
      // Only the first instance's clock moves past the ticket's expiry: it alone asks WeChat, with the revoked token.
      await first.call('advance', { ms: 1800_000 });
      const seen = await first.sign(5, 'after-40001');
      remember();
      expect(seen.errors).toEqual([]);
      expect(mock.calls).toEqual({ token: 0, stableToken: 1, ticket: 2 }); // 40001, new token, new ticket
      const newTicket = mock.validTickets(account.appId).find((t) => !before.has(t))!;
      expect(seen.results.every((r) => ticketOf(r, [newTicket]) === newTicket)).toBe(true);
      expect(first.logs.some((l) => /refused the access_token \(errcode 40001\)/.test(l.line))).toBe(true);
      for (const instance of others) {
        await until(
          async () => (await instance.sign(1, `converge-${Date.now()}`)).results.every((r) => ticketOf(r, [newTicket]) === newTicket),
          within,
          `${instance.name} signs with the new ticket`,
        );
      }
      expect(mock.calls).toEqual({ token: 0, stableToken: 1, ticket: 2 });
    });

    it('Redis restarted mid-run: no failed request while the credentials are valid; the store is used again after', async () => {
      await coldStart();
      await Promise.all(all.map((instance) => instance.sign(20, 'before')));
      const restart = await backend.stopAccountNode();
      const during = await Promise.all(all.map((instance) => instance.sign(50, 'during')));
      // A passive refresh while Redis is down: the instance refreshes in process, and says so once.
      const [first] = all as [Instance];
      await first.call('refresh');
      await restart();
      const after = await Promise.all(all.map((instance) => instance.sign(50, 'after')));
      remember();
      expect([...during, ...after].flatMap((a) => a.errors)).toEqual([]);
      expect(first.logs.filter((l) => /credential store failed/.test(l.line))).toHaveLength(1);
      // Back: once the client reconnected, a refresh goes through Redis again.
      await until(() => first.call('ping').then(() => true, () => false), 10_000, 'the client reconnects');
      await first.call('advance', { ms: 5000 }); // past the server's pause before it asks a failed store again
      await first.call('refresh');
      expect(first.logs.some((l) => /credential store answers again/.test(l.line))).toBe(true);
      remember();
    });

    // Last: it kills an instance.
    it('the lock holder killed mid-refresh: another instance takes over after the lock expires', async () => {
      await coldStart();
      mock.fail('stable_token', { hang: true });
      const answers = all.map((instance) => instance.sign(20, 'killed').catch((error: Error) => error));
      await until(() => all.some((i) => i.locks > 0) && mock.calls.stableToken === 1, 5000, 'a holder asks for the token');
      const holder = all.find((instance) => instance.locks > 0)!;
      holder.kill();
      const survivors = all.filter((instance) => instance !== holder);
      const settled = await Promise.all(answers.filter((_, i) => all[i] !== holder));
      remember();
      for (const answer of settled) {
        expect(answer).not.toBeInstanceOf(Error);
        expect((answer as { errors: string[] }).errors).toEqual([]);
      }
      // Exactly one survivor took over the token and fetched it, then the ticket under its own lock (others may win
      // a freed lock afterwards and only read).
      expect(survivors.reduce((sum, instance) => sum + instance.fetchesUnderLock, 0)).toBe(2);
      expect(mock.calls).toEqual({ token: 0, stableToken: 2, ticket: 1 });
    });
  });
}
