// The NestJS recipe answers the whole answer table of @share/server exactly like http.createServer(wxShare()).
import { wxShare } from '@share/server';
import { describeRecipe } from '../../../packages/server/test/helpers/recipe-suite.ts';
import { createApp } from '../app.js';

const started = new Map();

describeRecipe('NestJS 11 (Express), MiddlewareConsumer forRoutes', {
  wxShare,
  createApp,
  async serve(create) {
    const nest = await create();
    started.set(create, nest);
    await nest.listen(0, '127.0.0.1');
    return (await nest.getUrl()).replace('[::1]', '127.0.0.1');
  },
  close: (create) => started.get(create).close(),
});
