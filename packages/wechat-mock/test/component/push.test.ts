// The platform's pushes over real loopback HTTP: their encryption and query, the 10-minute timer, the events.
import { createServer } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { deliver, PUSH_TIMEOUT_MS } from '../../src/component/push.js';
import { DEFAULT_COMPONENT, type WechatMock } from '../../src/index.js';
import { fakeClock, getJson, startMock, T0 } from '../helpers.js';
import { field, openPush, startReceiver } from './receiver.js';

const { appId: COMPONENT, appSecret: SECRET, token: TOKEN, aesKey: AES_KEY } = DEFAULT_COMPONENT;
const BRAND_A = 'wxb100000000000001';

const post = (mock: WechatMock, path: string, body: unknown) =>
  getJson(`${mock.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('push', () => {
  it('POSTs <xml><AppId/><Encrypt/></xml> with timestamp, nonce, encrypt_type=aes and a valid msg_signature', async () => {
    const clock = fakeClock();
    const mock = await startMock({ now: clock.now });
    const receiver = await startReceiver();
    const result = await mock.component.push(`${receiver.url}?keep=1`, { infoType: 'component_verify_ticket' });
    expect(result).toMatchObject({ ok: true, status: 200, body: 'success', infoType: 'component_verify_ticket', at: T0 });
    expect(mock.component.pushes).toEqual([result]);
    const [received] = receiver.received;
    expect(received!.body).toMatch(/^<xml><AppId><!\[CDATA\[wxc000000000000000\]\]><\/AppId><Encrypt><!\[CDATA\[[A-Za-z0-9+/=]+\]\]><\/Encrypt><\/xml>$/);
    expect(received!.query.get('keep')).toBe('1');
    expect(received!.query.get('timestamp')).toBe(String(T0 / 1000));
    expect(received!.query.get('nonce')).toMatch(/^\d+$/);
    expect(received!.query.get('encrypt_type')).toBe('aes');
    const opened = openPush(received!, TOKEN, AES_KEY);
    expect(opened).toMatchObject({ signatureOk: true, appId: COMPONENT, outerAppId: COMPONENT });
    expect(field(opened.xml, 'AppId')).toBe(COMPONENT);
    expect(field(opened.xml, 'InfoType')).toBe('component_verify_ticket');
    expect(field(opened.xml, 'CreateTime')).toBe(String(T0 / 1000));
    expect(mock.component.validVerifyTickets()).toEqual([field(opened.xml, 'ComponentVerifyTicket')]);
    // The result kept for tests carries no ticket.
    expect(JSON.stringify(mock.component.pushes)).not.toContain(field(opened.xml, 'ComponentVerifyTicket'));
  });

  it('records an answer other than a bare `success`, an HTTP error and a refused connection, without throwing', async () => {
    const mock = await startMock();
    const wrong = await startReceiver(() => ({ status: 200, body: 'ok' }));
    expect(await mock.component.push(wrong.url, { infoType: 'component_verify_ticket' })).toMatchObject({
      ok: false, status: 200, body: 'ok', error: expect.stringContaining('success'),
    });
    const failing = await startReceiver(() => ({ status: 403, body: 'forbidden' }));
    expect(await mock.component.push(failing.url, { infoType: 'component_verify_ticket' })).toMatchObject({ ok: false, status: 403, error: 'HTTP 403' });
    const port = await freePort();
    const refused = await mock.component.push(`http://127.0.0.1:${port}/events`, { infoType: 'component_verify_ticket' });
    expect(refused).toMatchObject({ ok: false, error: expect.stringContaining('ECONNREFUSED') });
    expect(refused.status).toBeUndefined();
    expect(mock.component.pushes.map((p) => p.ok)).toEqual([false, false, false]);
    // A ticket is minted even when the platform misses the push, as on WeChat.
    expect(mock.component.validVerifyTickets()).toHaveLength(3);
  });

  it('an answer later than the timeout (5 s, shortened here) counts as not delivered', async () => {
    expect(PUSH_TIMEOUT_MS).toBe(5000);
    const silent = await startReceiver(() => 'hang');
    const result = await deliver({ url: silent.url, body: '<xml/>' }, { url: silent.url, infoType: 'component_verify_ticket', at: T0 }, 50);
    // (Whether the receiver saw the request before the abort depends on the machine's load: not asserted.)
    expect(result).toMatchObject({ ok: false, error: 'no answer within 50 ms' });
    expect(result.status).toBeUndefined();
  });

  it('the timer pushes by itself once 10 minutes of the injected clock pass, even when startPushing was called unbound', async () => {
    const clock = fakeClock();
    const mock = await startMock({ now: clock.now });
    const receiver = await startReceiver();
    const { startPushing } = mock.component;
    await startPushing(receiver.url, 1);
    clock.advance(600_000);
    await vi.waitFor(() => expect(receiver.received).toHaveLength(2));
    await mock.component.settled();
    expect(mock.component.pushes.map((push) => push.at)).toEqual([T0, T0 + 600_000]);
  });

  it('throws a clear error for a url that is not absolute http(s)', () => {
    return startMock().then((mock) => {
      expect(() => mock.component.push('/relative', { infoType: 'component_verify_ticket' })).toThrow(/absolute http\(s\) URL/);
      expect(() => mock.component.startPushing('ftp://x/')).toThrow(/absolute http\(s\) URL/);
    });
  });
});

describe('startPushing', () => {
  it('pushes a ticket at once, then every 10 minutes of the injected clock; each ticket lives 12 hours', async () => {
    const clock = fakeClock();
    const mock = await startMock({ now: clock.now });
    const receiver = await startReceiver();
    expect((await mock.component.startPushing(receiver.url, 60_000)).ok).toBe(true);
    clock.advance(599_999);
    expect(await mock.component.tick()).toBeUndefined();
    clock.advance(1);
    expect(await mock.component.tick()).toMatchObject({ ok: true, at: T0 + 600_000 });
    expect(await mock.component.tick()).toBeUndefined();
    for (let i = 0; i < 71; i += 1) {
      clock.advance(600_000);
      await mock.component.tick();
    }
    // 73 pushes over 12 h: the first ticket has just expired, 72 remain.
    expect(receiver.received).toHaveLength(73);
    expect(mock.component.validVerifyTickets()).toHaveLength(72);
    const times = receiver.received.map((r) => Number(field(openPush(r, TOKEN, AES_KEY).xml, 'CreateTime')));
    expect(times.slice(0, 3)).toEqual([T0 / 1000, T0 / 1000 + 600, T0 / 1000 + 1200]);
    mock.component.stopPushing();
    clock.advance(600_000);
    expect(await mock.component.tick()).toBeUndefined();
  });

  it('api_start_push_ticket checks the secret and pushes a ticket at once when pushing was started', async () => {
    const mock = await startMock();
    const receiver = await startReceiver();
    await mock.component.startPushing(receiver.url);
    const wrong = await post(mock, '/cgi-bin/component/api_start_push_ticket', { component_appid: COMPONENT, component_secret: 'nope' });
    expect(wrong.body).toMatchObject({ errcode: 40125 });
    const ok = await post(mock, '/cgi-bin/component/api_start_push_ticket', { component_appid: COMPONENT, component_secret: SECRET });
    expect(ok.body).toEqual({ errcode: 0, errmsg: 'ok' });
    await mock.component.settled();
    expect(receiver.received).toHaveLength(2);
    expect(mock.component.calls.startPushTicket).toBe(2);
  });
});

describe('authorization events', () => {
  it('authorized on the first scan, updateauthorized on the next, unauthorized on withdrawal', async () => {
    const clock = fakeClock();
    const mock = await startMock({ now: clock.now });
    const receiver = await startReceiver();
    await mock.component.startPushing(receiver.url);
    const { authCode } = mock.component.authorize(BRAND_A, 'preauthcode@@@abc');
    mock.component.authorize(BRAND_A);
    await mock.component.settled();
    mock.component.unauthorize(BRAND_A);
    await mock.component.settled();
    const inner = receiver.received.slice(1).map((r) => openPush(r, TOKEN, AES_KEY).xml);
    expect(inner.map((xml) => field(xml, 'InfoType'))).toEqual(['authorized', 'updateauthorized', 'unauthorized']);
    expect(field(inner[0]!, 'AuthorizerAppid')).toBe(BRAND_A);
    expect(field(inner[0]!, 'AuthorizationCode')).toBe(authCode);
    expect(field(inner[0]!, 'AuthorizationCodeExpiredTime')).toBe(String(T0 / 1000 + 3600));
    expect(field(inner[0]!, 'PreAuthCode')).toBe('preauthcode@@@abc');
    expect(field(inner[2]!, 'AuthorizerAppid')).toBe(BRAND_A);
    expect(field(inner[2]!, 'AuthorizationCode')).toBeUndefined();
    expect(mock.component.pushes.map((p) => p.infoType)).toEqual(['component_verify_ticket', 'authorized', 'updateauthorized', 'unauthorized']);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
