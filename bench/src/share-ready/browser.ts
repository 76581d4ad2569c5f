// Headless Chromium as WeChat on Android: opens a page twice (empty cache, then a repeat visit) and reads when the
// share data was applied, from navigation start.
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { userAgents } from '@share/wechat-mock/bridge';
import { requestsInARow, type TimedRequest } from './critical-path.js';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  // Nothing leaves the machine: any other host fails at once (jweixin's report beacon to open.weixin.qq.com), without
  // routing every request through the driver.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];
const MARK = 'share-ready';
/** The emulated WeixinJSBridge for desktop browsers (a classic script), as apps/demo serves it. */
const BRIDGE_FILE = createRequire(import.meta.url).resolve('@share/wechat-mock/bridge.js');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

/** One page view: ms from navigation start. */
export interface ViewTiming {
  /** The bridge has applied both share data calls (updateAppMessageShareData and updateTimelineShareData). */
  shareReady: number;
  /** jweixin's responseEnd (from the HTTP cache on a repeat visit); undefined when the page did not load it. */
  jweixinLoaded: number | undefined;
  /** The page's own requests ('page' for the document, then each path): when each was sent and fully received. */
  requests: TimedRequest[];
  /** Round trips the view waited for before it was share-ready (requestsInARow). */
  roundTrips: number;
}

/** Marks `share-ready` when the emulated bridge's record first holds both share cards. Runs in the page. */
function markShareReady(mark: string): void {
  (globalThis as unknown as EventTarget).addEventListener('wechatmock:change', (event: Event) => {
    const state = (event as CustomEvent<{ appMessageShareData?: unknown; timelineShareData?: unknown }>).detail;
    if (state.appMessageShareData && state.timelineShareData && performance.getEntriesByName(mark).length === 0) {
      performance.mark(mark);
    }
  });
}

/** A fresh context (empty cache, new connections) as WeChat on Android, with WeChat's bridge injected as WeChat does. */
export async function visitTwice(browser: Browser, url: string, timeoutMs: number): Promise<{ first: ViewTiming; repeat: ViewTiming }> {
  const context = await browser.newContext({ userAgent: userAgents.android });
  try {
    await context.addInitScript(markShareReady, MARK);
    // Real WeChat injects its bridge natively, with no download: an init script, not a <script> the page waits for.
    await context.addInitScript({ path: BRIDGE_FILE });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const first = await view(page, url, timeoutMs, errors);
    const repeat = await view(page, url, timeoutMs, errors);
    return { first, repeat };
  } finally {
    await context.close();
  }
}

async function view(page: Page, url: string, timeoutMs: number, errors: string[]): Promise<ViewTiming> {
  await page.goto(url, { waitUntil: 'commit', timeout: timeoutMs });
  try {
    await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, MARK, { timeout: timeoutMs, polling: 50 });
  } catch {
    throw new Error(`${url} was not share-ready within ${timeoutMs} ms: ${await whyNot(page, errors)}`);
  }
  const timing = await page.evaluate((mark) => {
    type Timing = { name: string; startTime: number; responseEnd: number; transferSize: number };
    // The browser's Performance, not Node's (whose types this file is checked against). No named inner function:
    // tsx would wrap it in a __name() helper that the page does not have.
    const timeline = performance as unknown as { getEntriesByType(type: string): Timing[] };
    const document = timeline.getEntriesByType('navigation')[0]!;
    const resources = timeline.getEntriesByType('resource');
    const origin = new URL(document.name).origin;
    const requests = [
      { path: 'page', start: document.startTime, end: document.responseEnd, cached: false },
      ...resources
        .filter((entry) => new URL(entry.name).origin === origin)
        // Same origin, so transferSize is exposed: 0 means the HTTP cache answered.
        .map((entry) => ({ path: new URL(entry.name).pathname, start: entry.startTime, end: entry.responseEnd, cached: entry.transferSize === 0 })),
    ];
    const jweixin = requests.find((request) => request.path.endsWith('/jweixin-1.6.0.js'));
    return { shareReady: performance.getEntriesByName(mark)[0]!.startTime, jweixinLoaded: jweixin?.end, requests };
  }, MARK);
  return { ...timing, roundTrips: requestsInARow(timing.requests, timing.shareReady) };
}

/** What the bridge saw and the page threw, for a view that never became share-ready. */
async function whyNot(page: Page, errors: string[]): Promise<string> {
  const state = await page
    .evaluate(() => (globalThis as unknown as { WechatMockBridge?: { state(): unknown } }).WechatMockBridge?.state() ?? null)
    .catch(() => null);
  const seen = state === null ? 'no bridge state' : JSON.stringify(state).slice(0, 600);
  return `${errors.length > 0 ? `page errors: ${errors.join('; ')}; ` : ''}bridge: ${seen}`;
}
