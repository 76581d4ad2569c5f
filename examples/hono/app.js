// The Hono recipe of @share/server's README: createFetchHandler() answers every request under /wx/.
import { Hono } from 'hono';
import { createFetchHandler } from '@share/server';

export function createApp(options) {
  const share = createFetchHandler(options);
  const app = new Hono();
  // @hono/node-server puts the node request in c.env.incoming: its socket's address is the client's, for the per-client limits.
  app.all('/wx/*', (c) => share(c.req.raw, { remoteAddress: c.env.incoming.socket.remoteAddress }));
  return { app, share };
}
