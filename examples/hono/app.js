// The Hono recipe of @share/server's README: createFetchHandler() answers every request under /wx/.
import { Hono } from 'hono';
import { createFetchHandler } from '@share/server';

export function createApp(options) {
  const share = createFetchHandler(options);
  const app = new Hono();
  app.all('/wx/*', (c) => share(c.req.raw));
  return { app, share };
}
