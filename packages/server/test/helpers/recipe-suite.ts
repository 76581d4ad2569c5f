// The suite of every framework recipe in examples/: on the same options as http.createServer(wxShare()), the recipe
// answers the whole answer table exactly like it, and leaves other paths to its app.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWechatMock, DEFAULT_ACCOUNT } from '@share/wechat-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_TABLE, observe, TABLE_OPTIONS, type Observed } from './answer-table.js';

interface Closable {
  signer: { close(): Promise<void> };
}

export interface Recipe<App> {
  /** wxShare() of the @share/server the recipe runs on: the reference answers come from it. */
  wxShare(options: object): RequestListener & Closable;
  /** The recipe's own app, made from the same options. */
  createApp(options: object): { app: App; share: Closable };
  /** Starts the app on a loopback port and returns its base url; `listen` serves a node:http listener. */
  serve(app: App, listen: (listener: RequestListener) => Promise<string>): Promise<string>;
  /** Stops what serve() started other than through `listen` (e.g. Fastify's own server). */
  close?(app: App): Promise<unknown>;
}

export function describeRecipe<App>(name: string, recipe: Recipe<App>): void {
  const servers: Server[] = [];
  const closers: (() => Promise<unknown>)[] = [];
  const reference = new Map<string, Observed>();
  let base = '';

  const listen = async (listener: RequestListener) => {
    const server = createServer(listener);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    const mock = createWechatMock();
    const apiBase = await mock.listen(0, '127.0.0.1');
    closers.push(() => mock.close());
    const options = { appId: DEFAULT_ACCOUNT.appId, appSecret: DEFAULT_ACCOUNT.appSecret, apiBase, ...TABLE_OPTIONS, allowedHosts: [...TABLE_OPTIONS.allowedHosts], logger: { warn() {}, error() {} } };
    const bare = recipe.wxShare(options);
    const { app, share } = recipe.createApp(options);
    closers.unshift(() => bare.signer.close(), () => share.signer.close());
    const referenceBase = await listen(bare);
    for (const c of ANSWER_TABLE) reference.set(c.name, await observe(referenceBase, c));
    base = await recipe.serve(app, listen);
    if (recipe.close) closers.unshift(() => recipe.close!(app));
  });

  afterAll(async () => {
    for (const server of servers) server.closeAllConnections();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    for (const close of closers) await close();
  });

  describe(name, () => {
    it.each(ANSWER_TABLE)('answers $name like the middleware ($status)', async (c) => {
      const answer = await observe(base, c);
      expect(answer.status).toBe(c.status);
      expect(answer).toEqual(reference.get(c.name));
    });

    it('leaves other paths to the app', async () => {
      expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
    });
  });
}
