// A WeChat stand-in on loopback HTTP that answers whatever the test scripts: short lifetimes, huge bodies, -1 forever.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { endpointOf, noCalls, type Calls, type Endpoint } from './wechat-endpoints.js';

export type Handler = (req: IncomingMessage, res: ServerResponse, endpoint: Endpoint) => void;

export interface HostileUpstream {
  apiBase: string;
  calls: Calls;
  /** Bytes written to bodies so far (a capped reader stops them early). */
  bytesSent: () => number;
  close(): Promise<void>;
}

export async function hostileUpstream(handler: Handler): Promise<HostileUpstream> {
  const calls = noCalls();
  let sent = 0;
  const server = createServer((req, res) => {
    const endpoint = endpointOf(req.url ?? '');
    calls[endpoint]++;
    const write = res.write.bind(res);
    res.write = ((chunk: Buffer | string, ...rest: never[]) => {
      sent += Buffer.byteLength(chunk);
      return write(chunk, ...rest);
    }) as typeof res.write;
    req.resume();
    handler(req, res, endpoint);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiBase: `http://127.0.0.1:${port}`,
    calls,
    bytesSent: () => sent,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Answers `body` as JSON with status 200. */
export function json(res: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A stand-in that grants tokens normally and answers getticket with `ticket(n)` for the n-th call. */
export function grantingTokens(ticket: (res: ServerResponse, n: number) => void): Handler {
  let n = 0;
  return (_req, res, endpoint) => {
    if (endpoint !== 'ticket') json(res, { access_token: `TOKEN_${'t'.repeat(100)}`, expires_in: 7200 });
    else ticket(res, ++n);
  };
}
