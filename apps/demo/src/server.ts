// The demo app: an existing Express app that adds WeChat sharing the way a user would, plus its QA pages.
import { mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import express from 'express';
import { SqliteAnalyticsStore } from '@share/analytics-sqlite';
import { ShareError, wxShare, type Logger, type Options } from '@share/server';
import { MemoryAnalyticsStore, type AnalyticsStore } from '@share/server/analytics';
import { renderConfigScript, signRequest } from '@share/server/ssr';
import { createWechatMock, DEFAULT_ACCOUNT, DEFAULT_CORP, type WechatMock } from '@share/wechat-mock';
import { createBridgeVerifier } from '@share/wechat-mock/bridge';
import { CARD_PAGES, renderCardIndex, renderCardPage } from './card-pages.js';
import { bridgeFile, clientDir, jweixin12File, jweixinFile, publicDir, wecomSdkFile } from './assets.js';
import { resolveDemoOptions, type DemoOptions } from './options.js';
import { ssrPage } from './ssr-page.js';

export type { DemoOptions } from './options.js';

export interface Demo {
  app: express.Express;
  /** True when the WeChat API and the in-app bridge are emulated. */
  offline: boolean;
  /** The emulated WeChat API (offline only). */
  mock?: WechatMock;
  /** The AppID whose signatures the pages get. */
  appId: string;
  /** Where the analytics database (analytics.db) is kept. */
  dataDir: string;
  /** Stops what createServer started (the emulator's loopback server, the middleware's timers). */
  close(): Promise<void>;
}

const noStore = { headers: { 'cache-control': 'no-store' } };

/** Builds the demo. Offline (no WX_APPID/WX_APPSECRET), the emulated WeChat API listens on a loopback port first. */
export async function createServer(options?: DemoOptions): Promise<Demo> {
  const config = resolveDemoOptions(options);
  const app = express();
  app.disable('x-powered-by');
  // Behind a reverse proxy (see the README), the server-rendered page signs the url the browser has.
  app.set('trust proxy', config.trustProxy);

  let mock: WechatMock | undefined;
  let startedMock = false;
  let share: Options;
  let appId: string;
  if (config.offline) {
    mock = config.mock ?? createWechatMock();
    let apiBase = listeningUrl(mock);
    if (apiBase === undefined) {
      apiBase = await mock.listen(0, '127.0.0.1');
      startedMock = true;
    }
    // One host, two containers: the official account signs for WeChat; for WeCom (container=wecom) the emulator's
    // corp signs, with its app 1000002 (agentConfig) on every host but 127.0.0.1, where a corp-only account
    // (no agentId: wx.config only) is bound, so both kinds can be tried on one demo.
    const [corpApp] = DEFAULT_CORP.apps;
    const wecom = { type: 'wecom' as const, corpId: DEFAULT_CORP.corpId, corpSecret: corpApp!.secret };
    const hosts = config.allowedHosts ? { allowedHosts: config.allowedHosts } : {};
    share = {
      accounts: [
        { appId: DEFAULT_ACCOUNT.appId, appSecret: DEFAULT_ACCOUNT.appSecret, ...hosts },
        { ...wecom, allowedHosts: ['127.0.0.1'] },
        { ...wecom, agentId: corpApp!.agentId, ...hosts },
      ],
      apiBase,
      wecomApiBase: apiBase,
    };
    appId = DEFAULT_ACCOUNT.appId;
  } else {
    share = {
      appId: config.appId,
      appSecret: config.appSecret,
      apiBase: config.apiBase,
      ...(config.allowedHosts ? { allowedHosts: config.allowedHosts } : {}),
    };
    appId = config.appId;
  }
  const router = wxShare({
    ...share,
    cors: config.cors,
    ...(config.logger ? { logger: config.logger } : {}),
    ...(config.warm === undefined ? {} : { warm: config.warm }),
    // Views, arrivals and shares, kept in a file so a restart keeps them; the dashboard at /dashboard/ reads them.
    analytics: { store: analyticsStore(config.dataDir, config.logger ?? console), ...(config.analyticsKeys ? { keys: config.analyticsKeys } : {}) },
  });

  // This is all an existing app adds to sign urls for its pages:
  app.use(router);

  // The client: the script tag bundle, and the ESM build the single-page app imports (through an import map).
  app.get('/share.min.js', (_req, res) => res.sendFile('share.min.js', { root: clientDir }));
  // What share.min.js import()s from next to itself in WeCom and mini-program web-views.
  app.get('/share-apps.js', (_req, res) => res.sendFile('share-apps.js', { root: clientDir }));
  // What it import()s from there with data-debug (the run with the debug log).
  app.get('/share-debug.js', (_req, res) => res.sendFile('share-debug.js', { root: clientDir }));
  app.use('/client', express.static(clientDir, { index: false }));
  // The real jweixin 1.6.0, served locally (the pages point data-sdk-url / sdkUrl at it).
  app.get('/jweixin-1.6.0.js', (_req, res) => res.sendFile(basename(jweixinFile), { root: dirname(jweixinFile) }));
  // WeCom: its JS-SDK (@wecom/jssdk 2.4.4, the pages' data-wecom-sdk-url) and jweixin 1.2.0 (for tests of wx.config beta).
  app.get('/wecom-jssdk.js', (_req, res) => res.sendFile(basename(wecomSdkFile), { root: dirname(wecomSdkFile) }));
  app.get('/jweixin-1.2.0.js', (_req, res) => res.sendFile(basename(jweixin12File), { root: dirname(jweixin12File) }));

  // The emulated in-app bridge: real offline; online it is an empty script (real WeChat brings its own bridge).
  if (mock) {
    const safeDomains = config.offline ? config.safeDomains : undefined;
    app.get('/__wechat/bridge.js', (_req, res) => res.sendFile(basename(bridgeFile), { root: dirname(bridgeFile), ...noStore }));
    app.all('/__wechat/bridge/verify', createBridgeVerifier({ mock, ...(safeDomains ? { safeDomains } : {}) }));
  } else {
    app.get('/__wechat/bridge.js', (_req, res) => {
      res.type('js').set(noStore.headers).send('// online: WeChat provides the bridge; nothing is emulated\n');
    });
  }
  app.get('/__demo/mode.json', (_req, res) => {
    res.set(noStore.headers).json({ offline: Boolean(mock), appId, ...(config.dashboardKey ? { analyticsKey: config.dashboardKey } : {}) });
  });

  // The server-rendered page: signed while rendering, so the client needs no signature request.
  app.get('/ssr', async (req, res) => {
    let configScript: string | undefined;
    let note: string;
    try {
      const signed = await signRequest(router.signer, req);
      configScript = renderConfigScript(signed);
      note = `Signed on the server for ${signed.url}`;
    } catch (error) {
      // The page still renders; the client then asks /wx/signature, and the QA panel shows what it answers.
      note = `The server could not sign this page: ${error instanceof ShareError ? error.message : 'unexpected error'}`;
      if (!(error instanceof ShareError)) (config.logger ?? console).error(`share demo: signing /ssr/ failed: ${String(error)}`);
    }
    res.type('html').set(noStore.headers).send(ssrPage({ configScript, note }));
  });

  // The card check pages (card-pages.ts): /cards/ and /cards/<name>.html; their images are files under public/cards/img/.
  app.get('/cards/', (_req, res) => res.type('html').send(renderCardIndex()));
  app.get('/cards/:page', (req, res, next) => {
    const page = CARD_PAGES.find((card) => `${card.name}.html` === req.params.page || card.name === req.params.page);
    if (page === undefined) return next();
    res.type('html').send(renderCardPage(page));
  });

  // The static page (script tag) at /, the single-page app (ESM) under /app/.
  app.use(express.static(publicDir, { index: 'index.html', extensions: ['html'] }));
  app.get(['/app', '/app/{*route}'], (_req, res) => res.sendFile('app.html', { root: publicDir }));

  app.use((_req: express.Request, res: express.Response) => {
    res.status(404).json({ error: { code: 'not_found', message: 'no such page' } });
  });
  // Never express's default HTML error page with a stack trace.
  app.use((error: { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = typeof error.status === 'number' && error.status >= 400 && error.status < 600 ? error.status : 500;
    res.status(status).json({ error: { code: status === 404 ? 'not_found' : 'internal_error', message: status === 404 ? 'no such file' : 'the demo failed' } });
  });

  return {
    app,
    offline: Boolean(mock),
    ...(mock ? { mock } : {}),
    appId,
    dataDir: config.dataDir,
    async close() {
      await router.signer?.close();
      if (startedMock) await mock?.close();
    },
  };
}

/**
 * The demo's analytics database, `analytics.db` in its data folder (created when missing). Where no SQLite loads (Node
 * 20 without a built better-sqlite3), the counts are kept in memory instead, with one notice saying what to install.
 */
function analyticsStore(dataDir: string, logger: Pick<Logger, 'warn'>): AnalyticsStore {
  mkdirSync(dataDir, { recursive: true });
  try {
    return new SqliteAnalyticsStore({ filename: join(dataDir, 'analytics.db') });
  } catch (error) {
    logger.warn(`share demo: analytics counts are kept in memory until the server stops. ${error instanceof Error ? error.message : String(error)}`);
    return new MemoryAnalyticsStore();
  }
}

function listeningUrl(mock: WechatMock): string | undefined {
  try {
    return mock.url;
  } catch {
    return undefined; // not listening yet
  }
}
