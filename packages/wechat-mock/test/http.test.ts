import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, clientIp, readJsonBody, sendJson } from '../src/http.js';

async function withServer(
  handle: (req: IncomingMessage) => Promise<unknown> | unknown,
  run: (base: string) => Promise<void>,
): Promise<void> {
  const server = createServer((req, res) => {
    void Promise.resolve(handle(req)).then((value) => sendJson(res, 200, { value: value ?? null }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('http helpers', () => {
  it('readJsonBody parses JSON and gives undefined for non-JSON and too large bodies', async () => {
    await withServer(readJsonBody, async (base) => {
      const post = async (body: string) => (await (await fetch(base, { method: 'POST', body })).json()) as unknown;
      expect(await post('{"a":1}')).toEqual({ value: { a: 1 } });
      expect(await post('nope')).toEqual({ value: null });
      expect(await post(JSON.stringify({ a: 'x'.repeat(MAX_BODY_BYTES) }))).toEqual({ value: null });
    });
  });

  it('clientIp gives the IPv4 form of the loopback caller', async () => {
    await withServer(clientIp, async (base) => {
      expect(await (await fetch(base)).json()).toEqual({ value: '127.0.0.1' });
    });
  });

  it('sendJson sets a JSON content type and length', async () => {
    await withServer(() => 'é', async (base) => {
      const res = await fetch(base);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength('{"value":"é"}')));
    });
  });
});
