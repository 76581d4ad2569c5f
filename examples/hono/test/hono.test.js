// The Hono recipe answers the whole answer table of @share/server exactly like http.createServer(wxShare()).
import { getRequestListener } from '@hono/node-server';
import { wxShare } from '@share/server';
import { describeRecipe } from '../../../packages/server/test/helpers/recipe-suite.ts';
import { createApp } from '../app.js';

describeRecipe('Hono + @hono/node-server', { wxShare, createApp, serve: (app, listen) => listen(getRequestListener(app.fetch)) });
