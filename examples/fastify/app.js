// The Fastify recipe of @share/server's README: wxShare() on a route, writing its answers itself.
import Fastify from 'fastify';
import { wxShare } from '@share/server';

export function createApp(options) {
  const share = wxShare(options);
  const app = Fastify();
  app.all('/wx/*', (request, reply) => {
    reply.hijack(); // share answers on reply.raw itself, exactly as in Express
    share(request.raw, reply.raw);
  });
  return { app, share };
}
