// Shared by the end-to-end tests: the demo on a loopback port, Debian's Chromium, pages as WeChat on iOS or Android.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { userAgentOf, userAgents, type BridgeState, type SharedCard, type ShareTarget, type WechatMockBridge } from '@share/wechat-mock/bridge';
import { createServer, type Demo, type DemoOptions } from '../../src/server.js';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/**
 * describe() for browser tests. Without Chromium they are skipped with a loud notice, and FAIL instead when
 * SHARE_REQUIRE_BROWSER=1 (CI): a skip must never pass for a run.
 */
export function describeBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM)) {
    describe(name, body);
    return;
  }
  const why = `${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium; .ci/system-packages does it)`;
  if (process.env.SHARE_REQUIRE_BROWSER === '1') {
    describe(name, () => {
      it('needs Chromium (SHARE_REQUIRE_BROWSER=1)', () => {
        throw new Error(`browser tests cannot run: ${why}`);
      });
    });
    return;
  }
  console.warn(`\n${'!'.repeat(100)}\n!!! SKIPPED browser tests "${name}": ${why}.\n!!! They did NOT pass. Set SHARE_REQUIRE_BROWSER=1 to make this a failure.\n${'!'.repeat(100)}\n`);
  describe.skip(name, body);
}

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

/** Listens `handler` on a free loopback port. */
export function listen(handler: RequestListener): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createHttpServer(handler);
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port }));
  });
}

export interface RunningDemo {
  demo: Demo;
  base: string;
  port: number;
  close(): Promise<void>;
}

export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const demo = await createServer({ logger: { warn() {}, error() {}, info() {} }, ...options });
  const { server, port } = await listen(demo.app);
  return {
    demo,
    port,
    base: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await demo.close();
    },
  };
}

/** One Chromium and one demo for a test file: started before its tests, closed after them. */
export function useBrowserAndDemo(options: DemoOptions = {}): { readonly browser: Browser; readonly demo: RunningDemo } {
  const started = {} as { browser: Browser; demo: RunningDemo };
  beforeAll(async () => {
    [started.browser, started.demo] = await Promise.all([launch(), startDemo(options)]);
  });
  afterAll(async () => {
    await started.browser?.close();
    await started.demo?.close();
  });
  return started;
}

/** The share data of the demo's pages (their metas in apps/demo/public/index.html). */
export const DEMO_META = {
  title: 'Spring tea tasting — Saturday 14:00',
  desc: 'Six spring green teas, brewed side by side. 20 free seats.',
};

export type Platform = 'ios' | 'android';
/** WeCom (企业微信) and a mini-program web-view, on an iPhone. */
export type Container = 'wecom' | 'miniprogram';

export interface Tab {
  context: BrowserContext;
  page: Page;
  /** Every request the page made, in order. */
  requests: string[];
  /** Requests to anything but loopback: aborted, listed (jweixin's report beacon goes to open.weixin.qq.com). */
  blocked: string[];
  /** Uncaught exceptions and unhandled rejections of the page. */
  errors: string[];
  /** Main-frame navigations (a redirect adds one). */
  navigations: string[];
}

/**
 * A new browser context. `ios` / `android`: WeChat's real user agent, as on a phone; `wecom` / `miniprogram`: WeCom's,
 * or a mini-program web-view's, on an iPhone. `desktop-…`: a desktop UA that the bridge emulation switches to that
 * (the offline demo's path). `plain`: a desktop browser that is not WeChat. `verifies`: the emulated WeChat verifies
 * wx.config against that url whatever the platform (where the iOS/Android rule fails). `userAgent`: another real
 * user agent of that kind (e.g. an older WeCom).
 */
export async function openTab(
  browser: Browser,
  as: Platform | Container | `desktop-${Platform | Container}` | 'plain',
  verifies?: 'landing' | 'current',
  userAgent?: string,
): Promise<Tab> {
  const real =
    userAgent ?? (as === 'ios' || as === 'android' ? userAgents[as] : as === 'wecom' || as === 'miniprogram' ? userAgentOf(as, 'ios') : undefined);
  const context = await browser.newContext(real ? { userAgent: real } : {});
  const mode = as === 'plain' ? 'off' : as.replace('desktop-', '');
  // The emulator's remembered mode, as if picked with the switch once (later switches win).
  await context.addInitScript((m) => localStorage.getItem('wechat-mock:platform') ?? localStorage.setItem('wechat-mock:platform', m), mode);
  if (verifies) await context.addInitScript((v) => localStorage.setItem('wechat-mock:verifies', v), verifies);
  const tab: Tab = { context, page: await context.newPage(), requests: [], blocked: [], errors: [], navigations: [] };
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (['127.0.0.1', 'localhost'].includes(url.hostname)) return route.continue();
    tab.blocked.push(url.href);
    return route.abort();
  });
  tab.page.on('request', (request) => tab.requests.push(request.url()));
  tab.page.on('pageerror', (error) => tab.errors.push(error.message));
  tab.page.on('console', (message) => {
    if (message.type() === 'error' && /uncaught/i.test(message.text())) tab.errors.push(message.text());
  });
  tab.page.on('framenavigated', (frame) => {
    if (frame === tab.page.mainFrame()) tab.navigations.push(frame.url());
  });
  return tab;
}

/** Waits until the QA panel leaves "pending" and returns its status: 'ok', 'error' or 'off'. */
export async function settled(page: Page): Promise<string> {
  const handle = await page.waitForFunction(() => {
    const status = document.querySelector<HTMLElement>('[data-qa="status"]')?.dataset.status;
    return status && status !== 'pending' ? status : false;
  });
  return (await handle.jsonValue()) as string;
}

/** What the emulated WeixinJSBridge saw. */
export function bridgeState(page: Page): Promise<BridgeState> {
  return page.evaluate(() => (window as unknown as { WechatMockBridge: WechatMockBridge }).WechatMockBridge.state()!);
}

/** The user taps share to `target` in WeChat's menu, then confirms or cancels. */
export function tapShare(page: Page, target: ShareTarget, result: 'ok' | 'cancel'): Promise<SharedCard> {
  return page.evaluate(([t, r]) => (window as unknown as { WechatMockBridge: WechatMockBridge }).WechatMockBridge.share(t, r)!, [target, result] as const);
}

/** The seven share APIs as jweixin declares them to the bridge (onMenuShare* renamed). */
export const SEVEN_DECLARED = [
  'updateAppMessageShareData',
  'updateTimelineShareData',
  'menu:share:timeline',
  'menu:share:appmessage',
  'menu:share:qq',
  'menu:share:weiboApp',
  'menu:share:QZone',
];
