// The agency page's flow over loopback HTTP against the emulator: two brands authorize the demo's third-party platform
// through its routes, their pages sign with their own appIds, a new server on the same SQLite file still signs, and an
// unauthorized brand's pages are refused.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createWechatMock, DEFAULT_ACCOUNT, type WechatMock } from '@share/wechat-mock';
import { DEMO_BRANDS, DEMO_MOCK_OPTIONS, DEMO_PLATFORM } from '../src/platform.js';
import { createServer, type Demo } from '../src/server.js';

const quiet = { warn() {}, error() {}, info() {} };
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
const [brandA, brandB] = DEMO_BRANDS as [(typeof DEMO_BRANDS)[0], (typeof DEMO_BRANDS)[0]];

interface Running {
  demo: Demo;
  base: string;
  server: Server;
}

async function start(demo: Demo): Promise<Running> {
  const server = demo.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { demo, server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function stop(running: Running | undefined): Promise<void> {
  if (!running) return;
  running.server.closeAllConnections();
  await new Promise((resolve) => running.server.close(resolve));
  await running.demo.close();
}

/** As a browser does: /wx/component/authorize, WeChat's authorization page, the brand's "scan", back to the callback. */
async function authorizeThroughRoutes(base: string, appId: string): Promise<{ status: number; text: string }> {
  const authorize = await fetch(`${base}/wx/component/authorize`, { redirect: 'manual' });
  expect(authorize.status).toBe(302);
  const loginUrl = authorize.headers.get('location')!;
  const login = await fetch(loginUrl);
  expect(login.status).toBe(200);
  const links = [...(await login.text()).matchAll(/href="([^"]+)"/g)].map((match) => new URL(match[1]!.replaceAll('&amp;', '&'), loginUrl));
  const scan = links.find((link) => link.searchParams.get('authorizer_appid') === appId);
  expect(scan, `the authorization page offers ${appId}`).toBeDefined();
  const scanned = await fetch(scan!, { redirect: 'manual' });
  expect(scanned.status).toBe(302);
  const callback = new URL(scanned.headers.get('location')!);
  expect(`${callback.origin}${callback.pathname}`).toBe(`${base}/wx/component/callback`);
  const answer = await fetch(callback);
  return { status: answer.status, text: await answer.text() };
}

interface Signed {
  status: number;
  url: string;
  body: { appId?: string; timestamp?: number; nonceStr?: string; signature?: string; error?: { code: string } };
}

/** What the brand's page asks (its script tag's endpoint names the brand). */
async function signBrandPage(base: string, appId: string): Promise<Signed> {
  const url = `${base}/agency/brands/${appId}/`;
  const res = await fetch(`${base}/wx/signature?appid=${appId}&url=${encodeURIComponent(url)}`);
  return { status: res.status, url, body: (await res.json()) as Signed['body'] };
}

/** True when the signature was made with one of `appId`'s jsapi_tickets, as the emulated bridge checks wx.config. */
function signedWithTicketOf(mock: WechatMock, appId: string, { url, body }: Signed): boolean {
  return mock.validTickets(appId).some((ticket) => sha1(`jsapi_ticket=${ticket}&noncestr=${body.nonceStr}&timestamp=${body.timestamp}&url=${url}`) === body.signature);
}

function expectSignedFor(mock: WechatMock, appId: string, signed: Signed): void {
  expect(signed.status).toBe(200);
  expect(signed.body.appId).toBe(appId);
  expect(signedWithTicketOf(mock, appId, signed)).toBe(true);
  expect(signedWithTicketOf(mock, DEFAULT_ACCOUNT.appId, signed)).toBe(false);
}

/** The emulator's calls that a restart must not need: pushes, authorizations, a request for a new push. */
function restartCosts(mock: WechatMock) {
  const { startPushTicket, queryAuth, loginPage, createPreauthcode } = mock.component.calls;
  return { pushes: mock.component.pushes.length, startPushTicket, queryAuth, loginPage, createPreauthcode };
}

describe('the agency page: a third-party platform, offline', () => {
  let mock: WechatMock;
  let dataDir: string;
  let first: Running | undefined;
  let second: Running | undefined;

  beforeAll(async () => {
    mock = createWechatMock(DEMO_MOCK_OPTIONS);
    await mock.listen();
    dataDir = mkdtempSync(join(tmpdir(), 'share-demo-agency-'));
    first = await start(await createServer({ mock, dataDir, logger: quiet }));
    await first.demo.listening(first.base);
  });
  afterAll(async () => {
    await stop(first);
    await stop(second);
    await mock.close();
  });

  it('lists the emulated brands and keeps its credentials in a SQLite file in the data folder', async () => {
    const res = await fetch(`${first!.base}/__demo/agency.json`);
    expect(await res.json()).toEqual({
      platform: { appId: DEMO_PLATFORM.appId },
      brands: DEMO_BRANDS.map(({ appId, name }) => ({ appId, name, page: `/agency/brands/${appId}/` })),
      credentialsFile: join(dataDir, 'credentials.db'),
    });
    expect(first!.demo.credentialsFile).toBe(join(dataDir, 'credentials.db'));
    expect(existsSync(join(dataDir, 'credentials.db'))).toBe(true);
    expect(mock.component.pushes[0]).toMatchObject({ url: `${first!.base}/wx/component/events`, infoType: 'component_verify_ticket', ok: true });
    const page = await (await fetch(`${first!.base}/agency/`)).text();
    expect(page).toContain('<script type="module" src="/agency/agency.js"></script>');
  });

  it("serves each brand's page with the script tag naming the brand, and the bridge", async () => {
    for (const brand of DEMO_BRANDS) {
      const res = await fetch(`${first!.base}/agency/brands/${brand.appId}/`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(`<script src="/share.min.js" data-appid="${brand.appId}" data-sdk-url="/jweixin-1.6.0.js"></script>`);
      expect(html).toContain('<script src="/__wechat/bridge.js"></script>');
      expect(html).toContain(`<meta property="og:image" content="${brand.image}">`);
    }
  });

  it('refuses the brands before they authorize: 403 account_not_authorized', async () => {
    for (const brand of DEMO_BRANDS) {
      const signed = await signBrandPage(first!.base, brand.appId);
      expect(signed.status).toBe(403);
      expect(signed.body.error?.code).toBe('account_not_authorized');
    }
  });

  it("authorizes two brands through the routes; each brand's page then signs with its appId and its ticket", async () => {
    for (const brand of [brandA, brandB]) {
      const callback = await authorizeThroughRoutes(first!.base, brand.appId);
      expect(callback).toMatchObject({ status: 200 });
      expect(callback.text).toContain(`Authorized: ${brand.appId}.`);
    }
    await mock.component.settled(); // the `authorized` pushes of the scans: the callback had exchanged their codes
    expect(mock.component.pushes.filter((push) => push.infoType === 'authorized').map((push) => push.ok)).toEqual([true, true]);
    for (const brand of [brandA, brandB]) expectSignedFor(mock, brand.appId, await signBrandPage(first!.base, brand.appId));
  });

  it('a new server on the same SQLite file signs both brands at once: no push awaited, no authorization repeated', async () => {
    await stop(first); // also stops the emulator's pushes to it
    first = undefined;
    const before = restartCosts(mock);
    second = await start(await createServer({ mock, dataDir, logger: quiet }));
    for (const brand of [brandA, brandB]) expectSignedFor(mock, brand.appId, await signBrandPage(second.base, brand.appId));
    expect(restartCosts(mock)).toEqual(before);
  });

  it('"Restart share" on the agency page: a new wxShare() on the same file, still signing without a push', async () => {
    const before = restartCosts(mock);
    const res = await fetch(`${second!.base}/__demo/agency/restart`, { method: 'POST' });
    expect(await res.json()).toEqual({ restarted: true });
    for (const brand of [brandA, brandB]) expectSignedFor(mock, brand.appId, await signBrandPage(second!.base, brand.appId));
    expect(restartCosts(mock)).toEqual(before);
  });

  it("unauthorize: the emulator pushes `unauthorized`; that brand's pages get 403, the other brand still signs", async () => {
    await second!.demo.listening(second!.base);
    const res = await fetch(`${second!.base}/__demo/agency/brands/${brandA.appId}/unauthorize`, { method: 'POST' });
    expect(await res.json()).toEqual({ appId: brandA.appId, pushed: true });
    const refused = await signBrandPage(second!.base, brandA.appId);
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe('account_not_authorized');
    expectSignedFor(mock, brandB.appId, await signBrandPage(second!.base, brandB.appId));
  });

  it('answers unknown brands with a JSON 404', async () => {
    for (const [method, path] of [
      ['POST', '/__demo/agency/brands/wxnotabrand/unauthorize'],
      ['GET', '/agency/brands/wxnotabrand/'],
    ] as const) {
      const res = await fetch(`${second!.base}${path}`, { method });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: 'unknown_brand', message: 'no such brand: the agency page lists them' } });
    }
  });
});

describe('the agency page with other emulators', () => {
  it('is absent with an emulator of another platform (a default createWechatMock())', async () => {
    const other = createWechatMock();
    const running = await start(await createServer({ mock: other, dataDir: mkdtempSync(join(tmpdir(), 'share-demo-agency-')), logger: quiet }));
    try {
      expect(running.demo.credentialsFile).toBeUndefined();
      expect((await fetch(`${running.base}/__demo/agency.json`)).status).toBe(404);
    } finally {
      await stop(running);
      await other.close();
    }
  });

  it("starts the credentials file afresh with a new emulator of its own (a new demo process): the old one's grants do not exist there", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'share-demo-agency-'));
    const mock = createWechatMock(DEMO_MOCK_OPTIONS);
    await mock.listen();
    const running = await start(await createServer({ mock, dataDir, logger: quiet }));
    try {
      await running.demo.listening(running.base);
      expect((await authorizeThroughRoutes(running.base, brandA.appId)).status).toBe(200);
    } finally {
      await stop(running);
      await mock.close();
    }
    vi.stubEnv('WX_APPID', '');
    vi.stubEnv('WX_APPSECRET', '');
    const fresh = await start(await createServer({ dataDir, logger: quiet }));
    vi.unstubAllEnvs();
    try {
      await fresh.demo.listening(fresh.base);
      const signed = await signBrandPage(fresh.base, brandA.appId);
      expect(signed.status).toBe(403);
      expect(signed.body.error?.code).toBe('account_not_authorized');
    } finally {
      await stop(fresh);
    }
  });
});
