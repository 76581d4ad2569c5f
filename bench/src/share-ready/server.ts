// The share-ready scenario's server: the five pages, wxShare(), wechat-jssdk's route, jweixin and the emulated
// WeChat (API and bridge verification), all behind one fixed network latency.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import express from 'express';
import { wxShare } from '@share/server';
import { renderConfigScript, signRequest } from '@share/server/ssr';
import { createWechatMock } from '@share/wechat-mock';
import { createBridgeVerifier } from '@share/wechat-mock/bridge';
import { Wechat } from 'wechat-jssdk';
import { account } from '../servers.js';
import { SIGNATURE_PATH } from '../urls.js';
import { delayEveryRequest } from './latency.js';
import { JWEIXIN_PATH, SHARE_PAGES, sharePageHtml, THEIRS_CLIENT_PATH, THEIRS_SIGNATURE_PATH } from './pages.js';

const require = createRequire(import.meta.url);
/** The real jweixin 1.6.0 as WeChat serves it (the npm mirror's original file, not its CommonJS wrapper). */
const JWEIXIN_FILE = join(dirname(require.resolve('weixin-js-sdk/package.json')), 'index.original.js');
const THEIRS_CLIENT_FILE = join(dirname(require.resolve('wechat-jssdk/package.json')), 'dist', 'client.umd.js');
/** Scripts are cached for a week, as wxShare() serves share.min.js: a repeat visit loads them from the HTTP cache. */
const SCRIPT_MAX_AGE_MS = 7 * 24 * 3_600_000;
const quiet = { warn() {}, error() {}, info() {} };

export interface SharePagesServer {
  /** Where the pages are, e.g. http://127.0.0.1:40123 (page paths: SHARE_PAGES). */
  url: string;
  /** Requests that reached a signature route (wxShare's or wechat-jssdk's) so far. */
  signatureRequests(): number;
  close(): Promise<void>;
}

export async function startSharePages(latencyMs: number): Promise<SharePagesServer> {
  const ours = account(13);
  const theirs = account(14);
  const mock = createWechatMock({ accounts: [ours, theirs] });
  const apiBase = await mock.listen(0, '127.0.0.1');
  const share = wxShare({ ...ours, apiBase, logger: quiet });
  // Its default FileStore, in a fresh folder (see bench/README.md, "wechat-jssdk against the emulator").
  const storeDir = mkdtempSync(join(tmpdir(), 'share-bench-ready-'));
  const wechat = new Wechat({
    ...theirs,
    accessTokenUrl: `${apiBase}/cgi-bin/token`,
    ticketUrl: `${apiBase}/cgi-bin/ticket/getticket`,
    storeOptions: { fileStorePath: join(storeDir, 'wechat-info.json') },
  });

  let signatureRequests = 0;
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use((req, _res, next) => {
    if (req.path === SIGNATURE_PATH || req.path === THEIRS_SIGNATURE_PATH) signatureRequests += 1;
    next();
  });
  app.use(delayEveryRequest(latencyMs));
  app.use(share);
  // wechat-jssdk's README route, plus the .catch it lacks.
  app.get(THEIRS_SIGNATURE_PATH, (req, res) => {
    wechat.jssdk.getSignature(String(req.query.url)).then(
      (signature) => res.json(signature),
      () => res.status(502).json({ error: { code: 'wechat_error', message: 'signing failed' } }),
    );
  });
  // What WeChat's own check of wx.config costs, one round trip: the emulated bridge posts each preVerifyJSAPI here.
  app.all('/bridge/verify', createBridgeVerifier({ mock }));
  const script = (file: string) => (_req: express.Request, res: express.Response) =>
    // root: the file's folder lies under node_modules/.pnpm, a dot folder that sendFile refuses in the file's own path.
    res.sendFile(basename(file), { root: dirname(file), maxAge: SCRIPT_MAX_AGE_MS, lastModified: false });
  app.get(JWEIXIN_PATH, script(JWEIXIN_FILE));
  app.get(THEIRS_CLIENT_PATH, script(THEIRS_CLIENT_FILE));
  for (const page of SHARE_PAGES) {
    app.get(page.path, async (req, res, next) => {
      try {
        const configScript = page.serverSigned ? renderConfigScript(await signRequest(share.signer, req)) : undefined;
        res.type('html').set('cache-control', 'no-store').send(sharePageHtml(page.key, { configScript, signaturePath: SIGNATURE_PATH }));
      } catch (error) {
        next(error);
      }
    });
  }
  app.use((_req: express.Request, res: express.Response) => {
    res.status(404).json({ error: { code: 'not_found', message: 'no such page' } });
  });
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).json({ error: { code: 'internal_error', message: error instanceof Error ? error.message : 'failed' } });
  });

  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    signatureRequests: () => signatureRequests,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await share.signer?.close();
      wechat.store.destroy();
      rmSync(storeDir, { recursive: true, force: true });
      await mock.close();
    },
  };
}
