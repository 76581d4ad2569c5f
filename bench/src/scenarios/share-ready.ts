// Scenario 9 (issue 13): time to share-ready in headless Chromium with the real jweixin and the emulated bridge,
// every response delayed by one fixed network latency: the static page, the server-rendered page, wechat-jssdk's
// browser flow and the floor (jweixin alone), side by side, interleaved round by round.
import { existsSync } from 'node:fs';
import type { ShareReadyRow } from '../results.js';
import { CHROMIUM, launchChromium, visitTwice } from '../share-ready/browser.js';
import { SHARE_PAGES } from '../share-ready/pages.js';
import { startSharePages } from '../share-ready/server.js';
import { errorMessage, type ScenarioContext } from './context.js';

/** A view that takes this long is broken, not slow (a view takes 4 to 5 round trips). */
const VIEW_TIMEOUT_MS = 20_000;

export async function runShareReady(context: ScenarioContext): Promise<ShareReadyRow[]> {
  if (!existsSync(CHROMIUM)) {
    context.skip(`share-ready: ${CHROMIUM} not found (apt-get install -y chromium); the bench never downloads a browser`);
    return [];
  }
  const { shareLatencyMs, shareRounds } = context.settings;
  const server = await startSharePages(shareLatencyMs);
  const browser = await launchChromium();
  const rows: ShareReadyRow[] = SHARE_PAGES.map((page) => ({
    key: page.key,
    label: page.label,
    first: [],
    repeat: [],
    firstRoundTrips: [],
    repeatRoundTrips: [],
    jweixinLoaded: [],
    waterfall: {},
    signatureRequests: 0,
    views: 0,
    failures: [],
  }));
  try {
    // Round 0 warms up (the server's credentials, Chromium's start-up) and is not counted.
    for (let round = 0; round <= shareRounds; round++) {
      context.log(`share-ready: ${round === 0 ? 'warm-up round' : `round ${round} of ${shareRounds}`} (${shareLatencyMs} ms a response)`);
      // Each round starts with another page, so that drift in the machine's load does not always hit the same one.
      for (let i = 0; i < SHARE_PAGES.length; i++) {
        const index = (i + round) % SHARE_PAGES.length;
        const page = SHARE_PAGES[index]!;
        const row = rows[index]!;
        const before = server.signatureRequests();
        try {
          const { first, repeat } = await visitTwice(browser, server.url + page.path, VIEW_TIMEOUT_MS);
          if (round === 0) continue;
          row.first.push(first.shareReady);
          row.repeat.push(repeat.shareReady);
          row.firstRoundTrips.push(first.roundTrips);
          row.repeatRoundTrips.push(repeat.roundTrips);
          if (first.jweixinLoaded !== undefined) row.jweixinLoaded.push(first.jweixinLoaded);
          for (const request of first.requests) {
            const timings = (row.waterfall[request.path] ??= { start: [], end: [] });
            timings.start.push(request.start);
            timings.end.push(request.end);
          }
        } catch (error) {
          if (round > 0) row.failures.push(errorMessage(error).split('\n')[0]!);
          else context.log(`share-ready: warm-up of ${page.path} failed: ${errorMessage(error)}`);
        } finally {
          if (round > 0) {
            row.views += 2;
            row.signatureRequests += server.signatureRequests() - before;
          }
        }
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return rows;
}
