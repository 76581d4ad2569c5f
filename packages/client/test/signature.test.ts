import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchSignature } from '../src/signature.js';

const SIGNATURE = { appId: 'wx1234567890abcdef', timestamp: 1700000000, nonceStr: 'n0nce', signature: 'b'.repeat(40), url: '' };

let server: Server;
let base = '';
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.url!);
    const route = new URL(req.url!, 'http://x').pathname;
    const send = (status: number, body: string, type = 'application/json') =>
      res.writeHead(status, { 'content-type': type }).end(body);
    if (route === '/ok') return send(200, JSON.stringify(SIGNATURE));
    if (route === '/forbidden')
      return send(403, JSON.stringify({ error: { code: 'host_not_allowed', message: 'evil.com is not allowed' } }));
    if (route === '/bad-gateway') return send(502, '<html>Bad Gateway</html>', 'text/html');
    if (route === '/garbage') return send(200, '<!doctype html>not json', 'text/html');
    if (route === '/empty-json') return send(200, '{}');
    if (route === '/null') return send(200, 'null');
    if (route === '/drop') return req.socket.destroy();
    return send(404, 'not found', 'text/plain');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const page = 'https://example.com/a b/页?x=1&y=%E4%BD%A0';

describe('fetchSignature', () => {
  it('GETs {endpoint}?url=<encodeURIComponent(url)> and answers the body', async () => {
    await expect(fetchSignature(base + '/ok', page, '')).resolves.toEqual(SIGNATURE);
    expect(seen.at(-1)).toBe('/ok?url=' + encodeURIComponent(page));
  });

  it('appends to a query string the endpoint already has', async () => {
    await fetchSignature(base + '/ok?site=a', page, '');
    expect(seen.at(-1)).toBe('/ok?site=a&url=' + encodeURIComponent(page));
  });

  it("appends the view's parameters after the url", async () => {
    await fetchSignature(base + '/ok', page, '&view=1&from=timeline');
    expect(seen.at(-1)).toBe('/ok?url=' + encodeURIComponent(page) + '&view=1&from=timeline');
    const query = new URL(seen.at(-1)!, 'http://x').searchParams;
    expect([query.get('url'), query.get('view'), query.get('from')]).toEqual([page, '1', 'timeline']);
  });

  it.each([
    ['/forbidden', 'endpoint: HTTP 403: evil.com is not allowed'],
    ['/bad-gateway', 'endpoint: HTTP 502'],
    ['/missing', 'endpoint: HTTP 404'],
    ['/garbage', 'endpoint: no signature'],
    ['/empty-json', 'endpoint: no signature'],
    ['/null', 'endpoint: no signature'],
    ['/drop', 'endpoint unreachable'],
  ])('%s rejects with "%s" and a hint', async (path, message) => {
    await expect(fetchSignature(base + path, page, '')).rejects.toEqual({ message, hint: expect.stringMatching(/\w/) });
  });

  it('a closed port rejects with "endpoint unreachable"', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    await expect(fetchSignature(`http://127.0.0.1:${port}/wx/signature`, page, '')).rejects.toMatchObject({
      message: 'endpoint unreachable',
    });
  });
});
