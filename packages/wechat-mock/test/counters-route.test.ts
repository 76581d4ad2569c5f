// The counters route: GET reads mock.calls, DELETE resets them, other methods 405, other paths reach the emulator.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { withCountersRoute } from '../src/counters-route.js';
import { createWechatMock, type WechatMock } from '../src/index.js';
import { APPID, SECRET } from './helpers.js';

let server: Server | undefined;
let mock: WechatMock | undefined;
afterEach(async () => {
  await mock?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = mock = undefined;
});

async function serve(): Promise<string> {
  mock = createWechatMock();
  server = createServer(withCountersRoute(mock));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('withCountersRoute', () => {
  it('GET /__mock/counters answers the calls the emulator served, DELETE resets them', async () => {
    const base = await serve();
    await fetch(`${base}/cgi-bin/token?grant_type=client_credential&appid=${APPID}&secret=${SECRET}`);
    await fetch(`${base}/cgi-bin/token?grant_type=client_credential&appid=${APPID}&secret=wrong`);

    const read = await fetch(`${base}/__mock/counters`);
    expect(read.status).toBe(200);
    expect(read.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await read.json()).toMatchObject({ token: 2, stableToken: 0, ticket: 0 });

    const reset = await fetch(`${base}/__mock/counters`, { method: 'DELETE' });
    const zeroed = (await reset.json()) as Record<string, number>;
    expect(zeroed).toMatchObject({ token: 0, stableToken: 0, ticket: 0 });
    expect(Object.values(zeroed).every((count) => count === 0)).toBe(true);
    expect(mock?.calls).toEqual(zeroed);
  });

  it('answers another method with 405, an Allow header and a JSON message', async () => {
    const base = await serve();
    const res = await fetch(`${base}/__mock/counters`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, DELETE');
    expect(await res.json()).toEqual({ error: expect.stringContaining('DELETE (resets them)') });
  });

  it('leaves every other path to the emulator (an unknown one is its 40066)', async () => {
    const base = await serve();
    const res = await fetch(`${base}/__mock/other`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ errcode: 40066 });
  });
});
