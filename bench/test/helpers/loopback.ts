// A node:http server on a free loopback port whose handler a test can swap, for the bench's HTTP helpers.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Loopback {
  url: string;
  /** Every request from now on goes to this handler. */
  use(handler: RequestListener): void;
  close(): Promise<void>;
}

export async function startLoopback(handler: RequestListener = (_req, res) => res.end()): Promise<Loopback> {
  let current = handler;
  const server: Server = createServer((req, res) => current(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    use(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
