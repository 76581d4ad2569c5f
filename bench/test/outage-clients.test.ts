import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClients } from '../src/outage-clients.js';
import { startLoopback, type Loopback } from './helpers/loopback.js';

let server: Loopback;
beforeAll(async () => {
  server = await startLoopback();
});
afterAll(() => server.close());

/** A server that answers 503 (with Retry-After every other time) until up(), then 200; it counts what it sent. */
function outageServer() {
  let down = true;
  let sent = 0;
  let onSent: (() => void) | undefined;
  let waitFor = Infinity;
  server.use((_req, res) => {
    if (down) {
      res.writeHead(503, sent % 2 === 0 ? { 'retry-after': '1' } : {}).end('{}');
    } else res.writeHead(200).end('{}');
    sent++;
    if (sent >= waitFor) onSent?.();
  });
  return {
    up: () => {
      down = false;
    },
    sent: () => sent,
    /** Resolves once the server has answered `count` requests. */
    answered: (count: number) =>
      new Promise<void>((resolve) => {
        waitFor = count;
        onSent = resolve;
        if (sent >= count) resolve();
      }),
  };
}

describe('startClients', () => {
  it('tallies an outage phase, then times the first 200 of the recovery phase', async () => {
    const upstream = outageServer();
    const clients = startClients([`${server.url}/a`, `${server.url}/b`, `${server.url}/c`], { pauseMs: 1, requestTimeoutMs: 5_000 });
    await upstream.answered(20);
    const outage = clients.nextPhase();
    upstream.up();
    const recoveryMs = await clients.firstOk(30_000);
    const recovery = await clients.stop();

    // Only 503s while down, Retry-After counted on the ones that had it.
    expect(outage.ok).toBe(0);
    expect(outage.otherStatus + outage.failed).toBe(0);
    expect(outage.unavailable).toBeGreaterThanOrEqual(17); // 20 sent, at most 3 (one per client) still on their way
    expect(outage.retryAfter).toBeGreaterThan(0);
    expect(outage.retryAfter).toBeLessThan(outage.unavailable);
    expect(recoveryMs).toBeGreaterThanOrEqual(0);
    expect(recovery.ok).toBeGreaterThanOrEqual(1);
    // Every answer received lands in exactly one phase; at most one per client was abandoned at stop().
    const received = outage.ok + outage.unavailable + recovery.ok + recovery.unavailable;
    expect(received).toBeLessThanOrEqual(upstream.sent());
    expect(received).toBeGreaterThanOrEqual(upstream.sent() - 3);
  });

  it('resolves firstOk with undefined when no 200 comes within the bound', async () => {
    outageServer();
    const clients = startClients([`${server.url}/a`], { pauseMs: 1, requestTimeoutMs: 5_000 });
    expect(await clients.firstOk(50)).toBeUndefined();
    const tally = await clients.stop();
    expect(tally.ok).toBe(0);
  });

  it('counts a connection that closes without an answer as failed', async () => {
    // fetch may send a GET again on a new connection when the first one closes without an answer, so two closes on
    // the server are not yet one failed answer on the client: wait for five (at least two asks ended).
    let closed = 0;
    let onClosed: () => void = () => {};
    const fiveCloses = new Promise<void>((resolve) => {
      onClosed = resolve;
    });
    server.use((req) => {
      req.socket.destroy();
      if (++closed === 5) onClosed();
    });
    const clients = startClients([`${server.url}/a`], { pauseMs: 1, requestTimeoutMs: 5_000 });
    await fiveCloses;
    const tally = clients.nextPhase();
    await clients.stop();
    expect(tally).toMatchObject({ ok: 0, unavailable: 0, otherStatus: 0 });
    expect(tally.failed).toBeGreaterThanOrEqual(1);
  });
});
