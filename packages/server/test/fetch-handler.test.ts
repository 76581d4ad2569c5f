// createFetchHandler(): whole-path matching, and the per-client limits when the client's address is given, when it
// is an IPv6 address (counted by its /64), and when it is unknown (nobody locked out, a warning once).
import { describe, expect, it } from 'vitest';
import { fetchHandlerFromSigner } from '../src/fetch-handler.js';
import type { Options } from '../src/options.js';
import { signerFromConfig } from '../src/signer.js';
import { fakeTokenSource } from './helpers/fake-token-source.js';
import { fakeClock, fakeCredentials, spyLogger, testConfig } from './helpers/fakes.js';

const KEY = 'service-key-0123456789abcdef';
const PAGE = 'https://example.com/p';

function handler(options: Options = {}) {
  const now = fakeClock();
  const logger = spyLogger();
  const signer = Object.assign(signerFromConfig(testConfig({ now, logger, tokenService: { keys: [KEY] }, ...options }), fakeCredentials(now)), fakeTokenSource(now));
  return { handle: fetchHandlerFromSigner(signer), logger, now };
}

const token = (key: string) => new Request('https://s.example/wx/access-token', { headers: { authorization: `Bearer ${key}` } });
const event = () => new Request('https://s.example/wx/event', { method: 'POST', body: JSON.stringify({ kind: 'view', url: PAGE }) });

describe('createFetchHandler', () => {
  it('matches whole paths: a path that ends with a route is not the route', async () => {
    const { handle } = handler();
    for (const path of ['/static/anything/wx/access-token', '/api/wx/signature', '/wx/signature/x']) {
      const res = await handle(new Request(`https://s.example${path}?url=${encodeURIComponent(PAGE)}`, { headers: { authorization: `Bearer ${KEY}` } }));
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
    expect((await handle(new Request(`https://s.example/wx/signature/?url=${encodeURIComponent(PAGE)}`))).status).toBe(200);
  });

  it('without a client address, failed key checks lock nobody out, and it warns once', async () => {
    const { handle, logger } = handler();
    for (let i = 0; i < 8; i++) expect((await handle(token('wrong-key-0123456789abcdef'))).status).toBe(401);
    expect((await handle(token(KEY))).status).toBe(200);
    expect(logger.warnings.filter((w) => w.includes('no client address'))).toHaveLength(1);
  });

  it('with an address, locks out the failing client only; an IPv6 client by its /64', async () => {
    const { handle, logger } = handler();
    for (let i = 0; i < 5; i++) expect((await handle(token('wrong-key-0123456789abcdef'), { remoteAddress: `2001:db8:0:7::${i + 1}` })).status).toBe(401);
    const locked = await handle(token(KEY), { remoteAddress: '2001:db8:0:7:ffff:ffff:ffff:ffff' });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('60');
    expect((await handle(token(KEY), { remoteAddress: '2001:db8:0:8::1' })).status).toBe(200); // another /64
    expect((await handle(token(KEY), { remoteAddress: '203.0.113.9' })).status).toBe(200);
    expect(logger.warnings.filter((w) => w.includes('no client address'))).toEqual([]);
  });

  it('one failure table for every keyed route: failures on the read route and the token service add up', async () => {
    const { handle } = handler({ allowedHosts: ['example.com'], analytics: { keys: ['analytics-key-0123456789'] } });
    const read = new Request('https://s.example/wx/analytics', { headers: { authorization: 'Bearer wrong-key-0123456789abcdef' } });
    for (let i = 0; i < 3; i++) expect((await handle(read.clone(), { remoteAddress: '203.0.113.1' })).status).toBe(401);
    for (let i = 0; i < 2; i++) expect((await handle(token('wrong-key-0123456789abcdef'), { remoteAddress: '203.0.113.1' })).status).toBe(401);
    expect((await handle(token(KEY), { remoteAddress: '203.0.113.1' })).status).toBe(429);
  });

  it('without a client address, events are capped for unknown clients together, at 100 times eventsPerMinute', async () => {
    const { handle } = handler({ allowedHosts: ['example.com'], analytics: { eventsPerMinute: 2 } });
    for (let i = 0; i < 200; i++) expect((await handle(event())).status).toBe(204);
    expect((await handle(event())).status).toBe(429);
    expect((await handle(event(), { remoteAddress: '203.0.113.1' })).status).toBe(204); // a known client has its own limit
  });

  it("removes every key the routes know (the token service's and analytics') from an unexpected failure's log line", async () => {
    const analyticsKey = 'analytics-key-0123456789';
    const now = fakeClock();
    const logger = spyLogger();
    const source = fakeTokenSource(now);
    source.failWith = new Error(`upstream echoed ${KEY} and ${analyticsKey}`);
    const config = testConfig({ now, logger, tokenService: { keys: [KEY] }, allowedHosts: ['example.com'], analytics: { keys: [analyticsKey] } });
    const handle = fetchHandlerFromSigner(Object.assign(signerFromConfig(config, fakeCredentials(now)), source));
    expect((await handle(token(KEY), { remoteAddress: '203.0.113.1' })).status).toBe(500);
    expect(logger.errors).toHaveLength(1);
    expect(logger.errors[0]).not.toContain(KEY);
    expect(logger.errors[0]).not.toContain(analyticsKey);
  });
});
