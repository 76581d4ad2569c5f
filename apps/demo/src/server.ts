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
import { mountAgency } from './agency.js';
import { CARD_PAGES, renderCardIndex, renderCardPage } from './card-pages.js';
import { bridgeFile, clientDir, jweixin12File, jweixinFile, publicDir, wecomSdkFile } from './assets.js';
import { resolveDemoOptions, type DemoOptions } from './options.js';
import { credentialsFileFor, DEMO_MOCK_OPTIONS, DEMO_PLATFORM, emulatesDemoPlatform, openCredentialStore } from './platform.js';
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
  /**
   * Offline with the agency's platform: the SQLite file of share's credentials and records (verify ticket, refresh
   * tokens), `credentials.db` in the data folder; undefined when kept in memory.
   */
  credentialsFile?: string;
  /**
   * Tells the demo where it listens (`http://127.0.0.1:3000`). Offline, the emulated platform then pushes its verify
   * ticket now and every 10 minutes, and its authorization events, to `${baseUrl}/wx/component/events`.
   */
  listening(baseUrl: string): Promise<void>;
  /** Closes share (wxShare() and its stores) and starts a new one on the same files; the emulated WeChat runs on. */
  restartShare(): Promise<void>;
  /** Stops what createServer started (the emulator's loopback server and pushes, the middleware's timers). */
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
  /** Offline with the demo's platform: where share keeps its credentials and the platform's records. */
  let credentialsFile: string | undefined;
  if (config.offline) {
    mock = config.mock ?? createWechatMock(DEMO_MOCK_OPTIONS);
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
    // The agency's third-party platform signs the brands' pages (?appid=), when the emulator plays that platform.
    const platform = emulatesDemoPlatform(mock);
    share = {
      accounts: [
        { appId: DEFAULT_ACCOUNT.appId, appSecret: DEFAULT_ACCOUNT.appSecret, ...hosts },
        { ...wecom, allowedHosts: ['127.0.0.1'] },
        { ...wecom, agentId: corpApp!.agentId, ...hosts },
      ],
      ...(platform ? { component: { ...DEMO_PLATFORM } } : {}),
      apiBase,
      wecomApiBase: apiBase,
    };
    if (platform) credentialsFile = credentialsFileFor(config.dataDir, mock);
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
  const logger = config.logger ?? console;

  /** One wxShare() with its stores; "restart share" on the agency page replaces it by a new one on the same files. */
  function openShare() {
    const store = credentialsFile === undefined ? undefined : openCredentialStore(credentialsFile, logger);
    const router = wxShare({
      ...share,
      cors: config.cors,
      ...(store ? { store } : {}),
      ...(config.logger ? { logger: config.logger } : {}),
      ...(config.warm === undefined ? {} : { warm: config.warm }),
      // Views, arrivals and shares, kept in a file so a restart keeps them; the dashboard at /dashboard/ reads them.
      analytics: { store: analyticsStore(config.dataDir, logger), ...(config.analyticsKeys ? { keys: config.analyticsKeys } : {}) },
    });
    return {
      router,
      durable: store !== undefined,
      async close() {
        await router.signer.close();
        store?.close();
      },
    };
  }
  let live = openShare();
  const durable = live.durable;
  let restarting: Promise<void> = Promise.resolve();
  let pushing = false;
  const restartShare = () => {
    restarting = restarting.catch(() => undefined).then(async () => {
      const old = live;
      live = openShare();
      await old.close();
    });
    return restarting;
  };

  // This is all an existing app adds to sign urls for its pages (app.use(wxShare())); the demo goes through `live`
  // so that the agency page can restart share without restarting the emulated WeChat.
  app.use((req, res, next) => live.router(req, res, next));

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
      const signed = await signRequest(live.router.signer, req);
      configScript = renderConfigScript(signed);
      note = `Signed on the server for ${signed.url}`;
    } catch (error) {
      // The page still renders; the client then asks /wx/signature, and the QA panel shows what it answers.
      note = `The server could not sign this page: ${error instanceof ShareError ? error.message : 'unexpected error'}`;
      if (!(error instanceof ShareError)) (config.logger ?? console).error(`share demo: signing /ssr/ failed: ${String(error)}`);
    }
    res.type('html').set(noStore.headers).send(ssrPage({ configScript, note }));
  });

  // The agency page's brands and actions (offline, with the agency's platform); the page itself is public/agency/.
  if (mock && credentialsFile !== undefined) {
    mountAgency(app, { mock, restartShare, credentialsFile: durable ? credentialsFile : undefined });
  }

  // The card check pages (card-pages.ts): /cards/ and /cards/<name>.html; their images are files under public/cards/img/.
  app.get('/cards/', (_req, res) => res.type('html').send(renderCardIndex()));
  app.get('/cards/:page', (req, res, next) => {
    const page = CARD_PAGES.find((card) => `${card.name}.html` === req.params.page || card.name === req.params.page);
    if (page === undefined) return next();
    res.type('html').send(renderCardPage(page));
  });

  // The static page (script tag) at /, the single-page app (ESM) under /app/, the agency page at /agency/.
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
    ...(credentialsFile !== undefined && durable ? { credentialsFile } : {}),
    async listening(baseUrl) {
      if (!mock || credentialsFile === undefined) return;
      pushing = true;
      const first = await mock.component.startPushing(`${baseUrl.replace(/\/$/, '')}/wx/component/events`);
      if (!first.ok) logger.warn(`share demo: the emulated platform's first push to ${first.url} failed (${first.error ?? `HTTP ${first.status}`})`);
    },
    restartShare,
    async close() {
      if (pushing) mock?.component.stopPushing();
      await restarting;
      await live.close();
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
