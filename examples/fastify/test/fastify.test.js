// The Fastify recipe answers the whole answer table of @share/server exactly like http.createServer(wxShare()).
import { wxShare } from '@share/server';
import { describeRecipe } from '../../../packages/server/test/helpers/recipe-suite.ts';
import { createApp } from '../app.js';

describeRecipe('Fastify', {
  wxShare,
  createApp,
  serve: (app) => app.listen({ port: 0, host: '127.0.0.1' }),
  close: (app) => app.close(),
});
