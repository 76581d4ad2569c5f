import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { load } from '../src/load.js';

let server: Server;
let base: string;
const hits = new Map<string, number>();

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.set(req.url ?? '', (hits.get(req.url ?? '') ?? 0) + 1);
    res.statusCode = req.url === '/missing' ? 404 : 200;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('load', () => {
  it('sends every request to the one path given', async () => {
    hits.clear();
    const result = await load(base, ['/one?x=1'], { connections: 2, amount: 20 });
    expect(result.requests).toBe(20);
    expect(hits.get('/one?x=1')).toBe(20);
    expect(result.non2xx).toBe(0);
  });

  it('rotates through many paths evenly', async () => {
    hits.clear();
    const paths = Array.from({ length: 10 }, (_, i) => `/p${i}`);
    await load(base, paths, { connections: 5, amount: 100 });
    expect([...hits.keys()].sort()).toEqual([...paths].sort());
    for (const path of paths) expect(hits.get(path)).toBe(10);
  });

  it('counts answers that are not 2xx', async () => {
    const result = await load(base, ['/missing'], { connections: 1, amount: 5 });
    expect(result.non2xx).toBe(5);
  });

  it('refuses an empty path list', async () => {
    await expect(load(base, [], { connections: 1, amount: 1 })).rejects.toThrow('at least one path');
  });
}, 120_000);
