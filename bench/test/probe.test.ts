import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTHER_PATH, probe } from '../src/probe.js';
import { SIGNATURE_PATH } from '../src/urls.js';
import { startLoopback, type Loopback } from './helpers/loopback.js';

const signature = JSON.stringify({ appId: 'wx1', timestamp: 1, nonceStr: 'n', signature: 's', url: 'u' });
const json = (res: ServerResponse, status: number, body: string) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(body);

let server: Loopback;
beforeAll(async () => {
  server = await startLoopback();
});
afterAll(() => server.close());

describe('probe', () => {
  it('passes a server that signs on the route and answers a JSON 404 elsewhere', async () => {
    server.use((req, res) => (req.url?.startsWith(SIGNATURE_PATH) ? json(res, 200, signature) : json(res, 404, '{"error":{}}')));
    expect(await probe(server.url, { notFoundElsewhere: true })).toBeUndefined();
  });

  it('names an answer that is not a signature', async () => {
    server.use((_req, res) => json(res, 200, '{"appId":"wx1"}'));
    expect(await probe(server.url)).toMatch(/^GET \/wx\/signature\?url=.* answered 200 \{"appId":"wx1"\}, not a signature$/);
    server.use((_req, res) => json(res, 502, '{"error":{"code":"wechat_error"}}'));
    expect(await probe(server.url)).toContain('answered 502');
  });

  it('checks the other path only when asked, and then wants a JSON 404', async () => {
    server.use((req, res) => (req.url?.startsWith(SIGNATURE_PATH) ? json(res, 200, signature) : res.writeHead(404).end('Not Found')));
    expect(await probe(server.url)).toBeUndefined();
    expect(await probe(server.url, { notFoundElsewhere: true })).toBe(`GET ${OTHER_PATH} answered 404 Not Found, not a JSON 404`);
  });

  it('says so when the server closes the connection instead of answering', async () => {
    server.use((req, res) => (req.url?.startsWith(SIGNATURE_PATH) ? json(res, 200, signature) : req.socket.destroy()));
    expect(await probe(server.url, { notFoundElsewhere: true })).toMatch(/^GET \/elsewhere got no answer \(fetch failed/);
  });
});
