// Analytics through the routes: the `events` field, views counted from signature requests, POST /wx/event and its
// refusals, GET /wx/analytics behind keys, a failing store, the page cap; Express and the fetch handler.
import { createServer } from 'node:http';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { MemoryAnalyticsStore } from '../../src/analytics/memory-store.js';
import type { AnalyticsStore } from '../../src/analytics/store.js';
import { fetchHandlerFromSigner } from '../../src/fetch-handler.js';
import { composeShare } from '../../src/compose.js';
import { middlewareFromShare, middlewareFromSigner } from '../../src/middleware.js';
import type { Options } from '../../src/options.js';
import { renderConfigScript } from '../../src/render-config.js';
import { signRequest } from '../../src/sign-request.js';
import { signerFromConfig } from '../../src/signer.js';
import { fakeClock, fakeCredentials, spyLogger, testConfig } from '../helpers/fakes.js';

const KEY = 'analytics-key-0123456789';
const PAGE = 'https://a.example/p';
const DAY = '2025-01-01'; // the fake clock's day in Asia/Shanghai
type Http = ReturnType<typeof request>;
const sig = (url: string, extra = '') => `/wx/signature?url=${encodeURIComponent(url)}${extra}`;

/** An Express app with wxShare's middleware (fake credentials, fake clock) and the signer behind it. */
function app(analytics: Options['analytics'] = { keys: [KEY] }, options: Options = {}) {
  const now = fakeClock();
  const logger = spyLogger();
  const signer = signerFromConfig(testConfig({ now, logger, allowedHosts: ['a.example'], analytics, ...options }), fakeCredentials(now));
  const share = composeShare(signer);
  const router = middlewareFromShare(share);
  const served = express().use(router);
  return { http: request(served), router, signer, now, logger, flush: () => share.analytics!.flush() };
}

/** The analytics answer for today, read through the route with the key. */
async function countsOf(http: Http, query = `start=${DAY}&end=${DAY}`) {
  const answer = await http.get(`/wx/analytics?${query}`).set('authorization', `Bearer ${KEY}`).expect(200);
  return answer.body as { timeZone: string; start: string; end: string; days: { day: string; page: string; counts: Record<string, number> }[]; top: { page: string; counts: Record<string, number> }[] };
}

const beacon = (http: Http, body: unknown, type = 'text/plain;charset=UTF-8') =>
  http.post('/wx/event').set('content-type', type).send(typeof body === 'string' ? body : JSON.stringify(body));

describe('analytics off (the default)', () => {
  it('adds no events field and no routes: the event and read paths fall through to the app', async () => {
    const { http } = app(false);
    const signed = await http.get(sig(PAGE, '&view=1')).expect(200);
    expect(signed.body).not.toHaveProperty('events');
    await beacon(http, { kind: 'view', url: PAGE }).expect(404);
    await http.get('/wx/analytics').set('authorization', `Bearer ${KEY}`).expect(404);
  });
});

describe('the events field', () => {
  it('is in every signature answer, in signRequest() results, and renderConfigScript writes it', async () => {
    const { http, router } = app(true);
    expect((await http.get(sig(PAGE)).expect(200)).body.events).toBe('/wx/event');
    expect((await http.get(sig(PAGE)).expect(200)).body.events).toBe('/wx/event'); // the cached answer too
    const result = await signRequest(router.signer, new Request('https://a.example/q'));
    expect(result.events).toBe('/wx/event');
    expect(renderConfigScript(result)).toContain('"events":"/wx/event"');
  });

  it('names the event route next to the signature route', async () => {
    const { http } = app(true, { path: '/api/share/sign' });
    expect((await http.get(`/api/share/sign?url=${encodeURIComponent(PAGE)}`).expect(200)).body.events).toBe('/api/share/event');
    await beacon(http, { kind: 'view', url: PAGE }).expect(404);
    await http.post('/api/share/event').set('content-type', 'text/plain').send(JSON.stringify({ kind: 'view', url: PAGE })).expect(204);
  });
});

describe('views from signature requests', () => {
  it('counts view=1 and its from for the canonical page; a re-sign without view counts nothing', async () => {
    const { http } = app();
    await http.get(sig(`${PAGE}?from=timeline&isappinstalled=0#top`, '&view=1&from=timeline')).expect(200);
    await http.get(sig(`${PAGE}?from=timeline&isappinstalled=0`)).expect(200); // the other-candidate retry
    await http.get(sig(PAGE, '&view=1&from=singlemessage')).expect(200);
    await http.get(sig(PAGE, '&view=1')).expect(200);
    await http.get(sig(PAGE, `&view=1&from=${'x'.repeat(33)}`)).expect(200);
    await http.get(sig(PAGE, '&view=1&from=qq_friend')).expect(200);
    const { days } = await countsOf(http);
    expect(days).toEqual([{ day: DAY, page: PAGE, counts: { views: 5, 'arrival:timeline': 1, 'arrival:singlemessage': 1, 'arrival:other': 1 } }]);
  });

  it("obeys the client's eventsPerMinute, one window with the event route: the signature is answered, the view beyond it not counted", async () => {
    const { http, flush, now } = app({ keys: [KEY], eventsPerMinute: 3 });
    for (let i = 0; i < 5; i++) await http.get(sig(PAGE, '&view=1')).expect(200);
    await beacon(http, { kind: 'view', url: PAGE }).expect(429); // the views used up the client's minute
    await flush();
    expect((await countsOf(http)).days).toEqual([{ day: DAY, page: PAGE, counts: { views: 3 } }]);
    now.advance(60_000);
    await http.get(sig(PAGE, '&view=1')).expect(200);
    await flush();
    expect((await countsOf(http)).days).toEqual([{ day: DAY, page: PAGE, counts: { views: 4 } }]);
  });

  it('counts nothing for a refused url', async () => {
    const { http } = app();
    await http.get(sig('https://elsewhere.example/', '&view=1')).expect(403);
    expect((await countsOf(http)).days).toEqual([]);
  });

  it('a failing store never fails a signature request, and is logged once without its message', async () => {
    let calls = 0;
    const store: AnalyticsStore = {
      increment() {
        calls++;
        throw new Error('redis://:hunter2@db.internal refused');
      },
      read: () => [],
    };
    const { http, flush, logger } = app({ store });
    for (let i = 0; i < 3; i++) {
      await http.get(sig(`${PAGE}/${i}`, '&view=1&from=timeline')).expect(200);
      await flush();
    }
    expect(calls).toBe(3);
    expect(logger.errors).toHaveLength(1);
    expect(logger.errors[0]).toMatch(/analytics: the store failed to save counts \(Error\)/);
    expect(logger.lines.map((line) => line.message).join('\n')).not.toContain('hunter2');
  });

  it('a store that never answers never delays a signature request', async () => {
    const store: AnalyticsStore = { increment: () => new Promise(() => {}), read: () => new Promise(() => {}) };
    const { http, flush } = app({ store });
    for (let i = 0; i < 3; i++) {
      await http.get(sig(PAGE, '&view=1')).expect(200);
      void flush();
    }
    expect((await http.get(sig(PAGE, '&view=1')).expect(200)).body.url).toBe(PAGE);
  });
});

describe('POST /wx/event', () => {
  it('counts a view with from (204), a share, and accepts application/json', async () => {
    const { http } = app();
    await beacon(http, { kind: 'view', url: `${PAGE}?from=groupmessage`, from: 'groupmessage' }).expect(204);
    await beacon(http, { kind: 'share', url: PAGE, api: 'onMenuShareAppMessage' }, 'application/json').expect(204);
    const { days } = await countsOf(http);
    expect(days).toEqual([{ day: DAY, page: PAGE, counts: { views: 1, 'arrival:groupmessage': 1, 'share:onMenuShareAppMessage': 1 } }]);
  });

  it.each([
    ['malformed JSON', '{"kind":', 400, 'invalid_event'],
    ['an unknown kind', { kind: 'click', url: PAGE }, 400, 'invalid_event'],
    ['an api outside the list', { kind: 'share', url: PAGE, api: 'updateTimelineShareData' }, 400, 'invalid_event'],
    ['a body over 1 KB', { kind: 'view', url: `${PAGE}?q=${'x'.repeat(1100)}` }, 413, 'event_too_large'],
    ['a url outside allowedHosts', { kind: 'view', url: 'https://elsewhere.example/' }, 403, 'host_not_allowed'],
    ['an empty body', '', 400, 'invalid_event'],
  ])('refuses %s with a JSON error and counts nothing', async (_name, body, status, code) => {
    const { http } = app();
    const answer = await beacon(http, body).expect(status);
    expect(answer.body).toEqual({ error: { code, message: expect.any(String) } });
    expect(answer.body.error.message.length).toBeGreaterThan(10);
    expect((await countsOf(http)).days).toEqual([]);
  });

  it('refuses another content type (400) and another method (405)', async () => {
    const { http } = app();
    const form = await http.post('/wx/event').set('content-type', 'application/x-www-form-urlencoded').send('kind=view').expect(400);
    expect(form.body.error.message).toMatch(/text\/plain or application\/json/);
    const get = await http.get('/wx/event').expect(405);
    expect(get.headers.allow).toBe('POST, OPTIONS');
  });

  it('limits each address to eventsPerMinute (429 with Retry-After) and lets it in again a minute later', async () => {
    const { http, now } = app({ keys: [KEY], eventsPerMinute: 3 });
    for (let i = 0; i < 3; i++) await beacon(http, { kind: 'view', url: PAGE }).expect(204);
    const refused = await beacon(http, { kind: 'view', url: PAGE }).expect(429);
    expect(refused.body.error.code).toBe('too_many_events');
    expect(Number(refused.headers['retry-after'])).toBe(60);
    now.advance(60_000);
    await beacon(http, { kind: 'view', url: PAGE }).expect(204);
    expect((await countsOf(http)).days[0]!.counts.views).toBe(4);
  });

  it('answers CORS like the signature route, a preflight with POST', async () => {
    const { http } = app({ keys: [KEY] }, { cors: true });
    const simple = await beacon(http, { kind: 'view', url: PAGE }).set('origin', 'https://a.example').expect(204);
    expect(simple.headers['access-control-allow-origin']).toBe('https://a.example');
    const preflight = await http.options('/wx/event').set('origin', 'https://a.example').set('access-control-request-headers', 'content-type').expect(204);
    expect(preflight.headers['access-control-allow-methods']).toBe('POST, OPTIONS');
    const stranger = await beacon(http, { kind: 'view', url: PAGE }).set('origin', 'https://evil.example').expect(204);
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('keeps a flood of distinct urls within the page cap: the rest under "other"', async () => {
    const { http } = app({ keys: [KEY], maxPages: 5, eventsPerMinute: 1000 });
    for (let i = 0; i < 40; i++) await beacon(http, { kind: 'view', url: `${PAGE}/${i}` }).expect(204);
    const { days } = await countsOf(http);
    expect(days).toHaveLength(6);
    expect(days.find((row) => row.page === 'other')!.counts.views).toBe(35);
    expect(days.reduce((sum, row) => sum + row.counts.views!, 0)).toBe(40);
  });
});

describe('GET /wx/analytics', () => {
  it('answers only with a key: 401 with WWW-Authenticate: Bearer otherwise', async () => {
    const { http } = app();
    for (const authorization of [undefined, 'Bearer wrong-key-0123456789', `Basic ${KEY}`, KEY]) {
      const attempt = http.get('/wx/analytics');
      if (authorization !== undefined) attempt.set('authorization', authorization);
      const answer = await attempt.expect(401);
      expect(answer.headers['www-authenticate']).toBe('Bearer');
      expect(answer.body.error.code).toBe('unauthorized');
      expect(JSON.stringify(answer.body)).not.toContain(KEY);
    }
  });

  it('slows an address down after repeated failures, like the token service (429 until the window ends)', async () => {
    const { http, now } = app();
    for (let i = 0; i < 5; i++) await http.get('/wx/analytics').set('authorization', 'Bearer wrong-key-0123456789').expect(401);
    const slowed = await http.get('/wx/analytics').set('authorization', `Bearer ${KEY}`).expect(429);
    expect(Number(slowed.headers['retry-after'])).toBeGreaterThan(0);
    now.advance(60_000);
    await http.get('/wx/analytics').set('authorization', `Bearer ${KEY}`).expect(200);
  });

  it('defaults to the last 30 days in the time zone, filters by url, ranks the top pages', async () => {
    const { http, now } = app();
    await beacon(http, { kind: 'view', url: PAGE }).expect(204);
    now.advance(86_400_000);
    for (const url of [PAGE, PAGE, `${PAGE}/b`]) await beacon(http, { kind: 'view', url }).expect(204);
    await beacon(http, { kind: 'share', url: `${PAGE}/b`, api: 'onMenuShareTimeline' }).expect(204);
    const all = await countsOf(http, '');
    expect(all).toMatchObject({ timeZone: 'Asia/Shanghai', start: '2024-12-04', end: '2025-01-02' });
    expect(all.days).toEqual([
      { day: DAY, page: PAGE, counts: { views: 1 } },
      { day: '2025-01-02', page: PAGE, counts: { views: 2 } },
      { day: '2025-01-02', page: `${PAGE}/b`, counts: { views: 1, 'share:onMenuShareTimeline': 1 } },
    ]);
    expect(all.top).toEqual([{ page: PAGE, counts: { views: 3 } }, { page: `${PAGE}/b`, counts: { views: 1, 'share:onMenuShareTimeline': 1 } }]);
    expect((await countsOf(http, 'top=1')).top).toHaveLength(1);
    const one = await countsOf(http, `url=${encodeURIComponent(`${PAGE}/b?from=timeline`)}`);
    expect(one.days).toEqual([all.days[2]]);
  });

  it.each([
    ['start=2025-13-01', /YYYY-MM-DD/],
    ['start=2025-01-02&end=2025-01-01', /after end/],
    ['start=2023-01-01&end=2025-01-01', /at most 400 days/],
    ['top=0', /top must be/],
    ['top=abc', /top must be/],
    ['url=%2Fp', /absolute http/],
  ])('answers 400 for %s', async (query, message) => {
    const { http } = app();
    const answer = await http.get(`/wx/analytics?${query}`).set('authorization', `Bearer ${KEY}`).expect(400);
    expect(answer.body.error).toMatchObject({ code: 'invalid_query', message: expect.stringMatching(message) });
  });

  it('falls through to the app when no key is configured', async () => {
    const { http } = app(true);
    await http.get('/wx/analytics').set('authorization', `Bearer ${KEY}`).expect(404);
  });

  it('answers 503 when the store cannot be read, logging the class only', async () => {
    const store: AnalyticsStore = { increment: () => undefined, read: () => Promise.reject(new Error('password=hunter2')) };
    const { http, logger } = app({ store, keys: [KEY] });
    const answer = await http.get('/wx/analytics').set('authorization', `Bearer ${KEY}`).expect(503);
    expect(answer.body.error.code).toBe('analytics_unavailable');
    expect(logger.errors.join('\n')).not.toContain('hunter2');
  });
});

describe('the fetch handler', () => {
  it('serves the event and read routes under a prefix named in path', async () => {
    const clock = fakeClock();
    const config = testConfig({ now: clock, logger: spyLogger(), allowedHosts: ['a.example'], path: '/api/wx/signature', analytics: { store: new MemoryAnalyticsStore(), keys: [KEY] } });
    const handler = fetchHandlerFromSigner(signerFromConfig(config, fakeCredentials(clock)));
    const post = (body: string) => handler(new Request('https://s.example/api/wx/event', { method: 'POST', body, headers: { 'content-type': 'text/plain' } }), { remoteAddress: '10.0.0.1' });
    expect((await post(JSON.stringify({ kind: 'view', url: PAGE, from: 'timeline' }))).status).toBe(204);
    expect((await post('x'.repeat(2000))).status).toBe(413);
    const signed = await handler(new Request(`https://s.example/api${sig(PAGE, '&view=1')}`));
    expect(await signed.json()).toMatchObject({ events: '/api/wx/event' });
    const read = await handler(new Request(`https://s.example/api/wx/analytics?start=${DAY}&end=${DAY}`, { headers: { authorization: `Bearer ${KEY}` } }));
    expect(read.status).toBe(200);
    expect(((await read.json()) as { days: unknown }).days).toEqual([{ day: DAY, page: PAGE, counts: { views: 2, 'arrival:timeline': 1 } }]);
    expect((await handler(new Request('https://s.example/api/wx/analytics'))).headers.get('www-authenticate')).toBe('Bearer');
  });
});

describe('the per-address limits behind a reverse proxy', () => {
  const A = '203.0.113.1';
  const B = '203.0.113.2';
  /** Every request comes from 127.0.0.1 (supertest), as from a proxy on the same machine. */
  function servers(trust: { express?: string; option?: boolean }) {
    const now = fakeClock();
    const options: Options = { now, logger: spyLogger(), allowedHosts: ['a.example'], analytics: { keys: [KEY], eventsPerMinute: 2 } };
    if (trust.option !== undefined) options.trustProxy = trust.option;
    const signer = signerFromConfig(testConfig(options), fakeCredentials(now));
    const app = express();
    if (trust.express !== undefined) app.set('trust proxy', trust.express);
    return {
      express: request(app.use(middlewareFromSigner(signer))),
      node: request(createServer(middlewareFromSigner(signer))),
      fetch: fetchHandlerFromSigner(signer),
    };
  }
  const from = (http: Http, forwardedFor: string) => beacon(http, { kind: 'view', url: PAGE }).set('x-forwarded-for', forwardedFor);
  const fetchFrom = (handler: ReturnType<typeof fetchHandlerFromSigner>, forwardedFor: string) =>
    handler(new Request('https://s.example/wx/event', { method: 'POST', body: JSON.stringify({ kind: 'view', url: PAGE }), headers: { 'x-forwarded-for': forwardedFor } }), { remoteAddress: '10.0.0.9' });

  it("Express with `trust proxy`: req.ip, so two forwarded clients get a limit each", async () => {
    const { express: http } = servers({ express: 'loopback' });
    await from(http, A).expect(204);
    await from(http, A).expect(204);
    await from(http, A).expect(429);
    await from(http, B).expect(204);
  });

  it('Express without `trust proxy`: a forged X-Forwarded-For does not escape the limit, even with the trustProxy option', async () => {
    for (const option of [false, true]) {
      const { express: http } = servers({ option });
      await from(http, A).expect(204);
      await from(http, B).expect(204);
      await from(http, '198.51.100.7').expect(429);
    }
  });

  it('node:http with trustProxy: the last X-Forwarded-For entry, the one the proxy added; a forged first entry changes nothing', async () => {
    const { node: http } = servers({ option: true });
    await from(http, A).expect(204);
    await from(http, `198.51.100.7, ${A}`).expect(204);
    await from(http, `198.51.100.8, ${A}`).expect(429);
    await from(http, B).expect(204);
  });

  it('node:http without trustProxy: the socket address, whatever X-Forwarded-For says', async () => {
    const { node: http } = servers({});
    await from(http, A).expect(204);
    await from(http, B).expect(204);
    await from(http, '198.51.100.7').expect(429);
  });

  it('the fetch handler: X-Forwarded-For only with trustProxy, else connection.remoteAddress', async () => {
    const trusted = servers({ option: true }).fetch;
    expect((await fetchFrom(trusted, A)).status).toBe(204);
    expect((await fetchFrom(trusted, A)).status).toBe(204);
    expect((await fetchFrom(trusted, A)).status).toBe(429);
    expect((await fetchFrom(trusted, B)).status).toBe(204);
    expect((await fetchFrom(trusted, 'not-an-address')).status).toBe(204); // falls back to the connection's address
    const untrusted = servers({}).fetch;
    expect((await fetchFrom(untrusted, A)).status).toBe(204);
    expect((await fetchFrom(untrusted, B)).status).toBe(204);
    expect((await fetchFrom(untrusted, '198.51.100.7')).status).toBe(429);
  });

  it("the read route's failed-key limit: per forwarded client when trusted, not escaped by a forged header otherwise", async () => {
    const wrong = (http: Http, forwardedFor: string) =>
      http.get('/wx/analytics').set('authorization', 'Bearer wrong-key-0123456789').set('x-forwarded-for', forwardedFor);
    const { node: trusted } = servers({ option: true });
    for (let i = 0; i < 5; i++) await wrong(trusted, A).expect(401);
    await wrong(trusted, A).expect(429);
    await wrong(trusted, B).expect(401);
    const { node: untrusted } = servers({});
    for (let i = 0; i < 5; i++) await wrong(untrusted, `198.51.100.${i}`).expect(401);
    await wrong(untrusted, B).expect(429);
  });
});
