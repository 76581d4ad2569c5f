// The Koa recipe answers the whole answer table of @share/server exactly like http.createServer(wxShare()).
import { wxShare } from '@share/server';
import { describeRecipe } from '../../../packages/server/test/helpers/recipe-suite.ts';
import { createApp } from '../app.js';

describeRecipe('Koa + @koa/router', { wxShare, createApp, serve: (app, listen) => listen(app.callback()) });
