// createServer() over loopback HTTP: the pages and assets it serves, signing against the emulator, offline and online.
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createWechatMock, DEFAULT_ACCOUNT, DEFAULT_CORP, type WechatMock } from '@share/wechat-mock';
import { DEMO_ANALYTICS_KEY } from '../src/options.js';
import { createServer, type Demo } from '../src/server.js';

const quiet = { warn() {}, error() {}, info() {} };

async function start(demo: Demo): Promise<{ base: string; server: Server }> {
  const server = demo.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function stop(server: Server | undefined, demo: Demo | undefined): Promise<void> {
  server?.closeAllConnections();
  return new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())).then(() => demo?.close());
}

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

const CONFIG_ELEMENT = /<script type="application\/json" id="wx-share-config">(.*?)<\/script>/;

/** The server-rendered page: its HTML and the signature in its #wx-share-config, if any. */
async function ssr(url: string, headers?: Record<string, string>) {
  const res = await fetch(url, { headers });
  const html = await res.text();
  const element = CONFIG_ELEMENT.exec(html);
  const config = element ? (JSON.parse(element[1]!) as { appId: string; timestamp: number; nonceStr: string; signature: string; url: string }) : undefined;
  return { res, html, config };
}

describe('demo server, offline (no WX_APPID / WX_APPSECRET)', () => {
  let demo: Demo;
  let base: string;
  let server: Server;
  beforeAll(async () => {
    vi.stubEnv('WX_APPID', '');
    vi.stubEnv('WX_APPSECRET', '');
    demo = await createServer({ logger: quiet });
    vi.unstubAllEnvs();
    ({ base, server } = await start(demo));
  });
  afterAll(() => stop(server, demo));

  it('runs the emulated WeChat API', () => {
    expect(demo.offline).toBe(true);
    expect(demo.mock).toBeDefined();
    expect(demo.appId).toBe(DEFAULT_ACCOUNT.appId);
  });

  it('serves the static page with the script tag, and the SPA shell on every /app route', async () => {
    const page = await (await fetch(`${base}/`)).text();
    expect(page).toContain('<script src="/share.min.js" data-sdk-url="/jweixin-1.6.0.js" data-wecom-sdk-url="/wecom-jssdk.js"></script>');
    expect(page).toContain('property="og:image" content="/img/share-card.jpg"');
    for (const route of ['/app', '/app/', '/app/tea/longjing', '/app/about?ref=nav']) {
      const res = await fetch(`${base}${route}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('"@share/client": "/client/share.js"');
    }
  });

  it.each([
    ['/share.min.js', '@share/client'],
    ['/client/share.js', 'export'],
    ['/jweixin-1.6.0.js', 'preVerifyJSAPI'],
    ['/share-apps.js', 'container=wecom'],
    ['/share-debug.js', '[share]'],
    ['/client/share-containers.js', 'agentConfig'],
    ['/wecom-jssdk.js', 'agentConfig'],
    ['/jweixin-1.2.0.js', 'beta'],
    ['/__wechat/bridge.js', 'WechatMockBridge'],
    ['/qa/panel.js', 'createPanel'],
  ])('serves %s as JavaScript', async (path, marker) => {
    const res = await fetch(`${base}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(await res.text()).toContain(marker);
  });

  it('signs WeCom pages (container=wecom) with the emulator’s corp: agentConfig on any host, corp only on 127.0.0.1', async () => {
    const ask = async (host: string) => (await fetch(`${base}/wx/signature?container=wecom&url=${encodeURIComponent(`http://${host}/`)}`)).json();
    expect(await ask('localhost')).toMatchObject({ appId: DEFAULT_CORP.corpId, agentConfig: { corpid: DEFAULT_CORP.corpId, agentid: '1000002' } });
    const corpOnly = await ask('127.0.0.1');
    expect(corpOnly).toMatchObject({ appId: DEFAULT_CORP.corpId, signature: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(corpOnly).not.toHaveProperty('agentConfig');
    expect(await ask('localhost').then((answer) => answer.appId)).not.toBe(DEFAULT_ACCOUNT.appId);
  });

  it('serves the real jweixin file, not the npm CommonJS wrapper', async () => {
    const code = await (await fetch(`${base}/jweixin-1.6.0.js`)).text();
    expect(code).not.toContain('module.exports');
    expect(code).toContain('jWeixin');
  });

  it('signs urls with a ticket of the emulator (wxShare mounted as a user would)', async () => {
    const url = `${base}/?a=1`;
    const res = await fetch(`${base}/wx/signature?url=${encodeURIComponent(url)}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { appId: string; timestamp: number; nonceStr: string; signature: string };
    expect(body.appId).toBe(DEFAULT_ACCOUNT.appId);
    const [ticket] = demo.mock!.validTickets(DEFAULT_ACCOUNT.appId);
    expect(body.signature).toBe(sha1(`jsapi_ticket=${ticket}&noncestr=${body.nonceStr}&timestamp=${body.timestamp}&url=${url}`));
  });

  it('renders /ssr/ with a valid signature of its own url in #wx-share-config, before the script tag', async () => {
    for (const path of ['/ssr/', '/ssr/?utm_source=qa', '/ssr']) {
      const { res, html, config } = await ssr(`${base}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(config).toMatchObject({ appId: DEFAULT_ACCOUNT.appId, url: `${base}${path}` });
      const [ticket] = demo.mock!.validTickets(DEFAULT_ACCOUNT.appId);
      expect(config!.signature).toBe(sha1(`jsapi_ticket=${ticket}&noncestr=${config!.nonceStr}&timestamp=${config!.timestamp}&url=${base}${path}`));
      expect(html.indexOf('id="wx-share-config"')).toBeLessThan(html.indexOf('<script src="/share.min.js" data-sdk-url="/jweixin-1.6.0.js" data-wecom-sdk-url="/wecom-jssdk.js"></script>'));
      expect(html.indexOf('<link rel="preload" as="script" href="/jweixin-1.6.0.js">')).toBeLessThan(html.indexOf('<script src="/share.min.js"'));
      expect(html).toContain('<script type="module" src="/qa/static.js"></script>');
      expect(html).toContain('<body data-page="ssr">');
      expect(html).toContain(`Signed on the server for ${base}${path}`);
    }
  });

  it('signs /ssr/ as the browser sees it behind a reverse proxy on loopback (trust proxy defaults to loopback)', async () => {
    const { config } = await ssr(`${base}/ssr/?a=1`, { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'share.example.com' });
    expect(config?.url).toBe('https://share.example.com/ssr/?a=1');
    const [ticket] = demo.mock!.validTickets(DEFAULT_ACCOUNT.appId);
    expect(config!.signature).toBe(sha1(`jsapi_ticket=${ticket}&noncestr=${config!.nonceStr}&timestamp=${config!.timestamp}&url=https://share.example.com/ssr/?a=1`));
  });

  it('answers CORS for a static page on another origin', async () => {
    const res = await fetch(`${base}/wx/signature?url=${encodeURIComponent('http://localhost:9/')}`, { headers: { origin: 'http://localhost:9' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:9');
  });

  it('verifies preVerifyJSAPI for the emulated bridge, without revealing the ticket', async () => {
    const signature = (await (await fetch(`${base}/wx/signature?url=${encodeURIComponent(`${base}/`)}`)).json()) as Record<string, string>;
    const request = {
      appId: signature.appId,
      verifyTimestamp: String(signature.timestamp),
      verifyNonceStr: signature.nonceStr,
      verifySignature: signature.signature,
      url: `${base}/`,
    };
    const res = await fetch(`${base}/__wechat/bridge/verify`, { method: 'POST', body: JSON.stringify(request) });
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ err_msg: 'preVerifyJSAPI:ok' });
    for (const ticket of demo.mock!.validTickets()) expect(text).not.toContain(ticket);
  });

  it('answers a missing file as JSON, without a stack trace', async () => {
    const res = await fetch(`${base}/client/nope.js`);
    expect(res.status).toBe(404);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'not_found' } });
    expect(text).not.toContain(' at ');
  });

  it('tells the pages its mode, and answers unknown paths with a JSON 404', async () => {
    expect(await (await fetch(`${base}/__demo/mode.json`)).json()).toEqual({ offline: true, appId: DEFAULT_ACCOUNT.appId, analyticsKey: DEMO_ANALYTICS_KEY });
    const res = await fetch(`${base}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'no such page' } });
  });
});

describe('demo server, online (credentials given)', () => {
  let wechat: WechatMock;
  let demo: Demo;
  let base: string;
  let server: Server;
  beforeAll(async () => {
    wechat = createWechatMock();
    const apiBase = await wechat.listen();
    demo = await createServer({
      appId: DEFAULT_ACCOUNT.appId,
      appSecret: DEFAULT_ACCOUNT.appSecret,
      apiBase,
      logger: quiet,
      allowedHosts: ['example.com'],
      trustProxy: false,
    });
    ({ base, server } = await start(demo));
  });
  afterAll(async () => {
    await stop(server, demo);
    await wechat.close();
  });

  it('uses the given WeChat API and emulates nothing', async () => {
    expect(demo.offline).toBe(false);
    expect(demo.mock).toBeUndefined();
    const res = await fetch(`${base}/wx/signature?url=${encodeURIComponent('https://example.com/')}`);
    expect(res.status).toBe(200);
    expect(wechat.calls.stableToken).toBe(1);
    expect(await (await fetch(`${base}/__wechat/bridge.js`)).text()).not.toContain('WeixinJSBridge');
    expect((await fetch(`${base}/__wechat/bridge/verify`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect(await (await fetch(`${base}/__demo/mode.json`)).json()).toEqual({ offline: false, appId: DEFAULT_ACCOUNT.appId });
  });

  it('renders /ssr/ without #wx-share-config when its url is outside allowedHosts, and says why', async () => {
    const { res, html, config } = await ssr(`${base}/ssr/`);
    expect(res.status).toBe(200);
    expect(config).toBeUndefined();
    expect(html).toContain('The server could not sign this page: the host 127.0.0.1 (or this path) is not in allowedHosts');
    expect(html).toContain('<script src="/share.min.js" data-sdk-url="/jweixin-1.6.0.js" data-wecom-sdk-url="/wecom-jssdk.js"></script>');
  });

  it('does not believe X-Forwarded-* with trust proxy off', async () => {
    const { config, html } = await ssr(`${base}/ssr/`, { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'example.com' });
    // Believed, the page would be https://example.com/ssr/, which allowedHosts accepts; it is 127.0.0.1 instead.
    expect(config).toBeUndefined();
    expect(html).toContain('the host 127.0.0.1 (or this path) is not in allowedHosts');
  });
});
