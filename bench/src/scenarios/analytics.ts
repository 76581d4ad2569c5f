// Scenario 9 (issue 14): the signature route's warm throughput with analytics off and on, side by side in one run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Fixture } from '../children.js';
import type { AnalyticsRow } from '../results.js';
import { bestOf, interleavedRounds } from '../rounds.js';
import { account, startEmulator, startServer } from '../servers.js';
import { pageUrl, signaturePath } from '../urls.js';
import { errorMessage, type ScenarioContext } from './context.js';

export const ANALYTICS_TARGETS = [
  { key: 'analytics-off', label: 'wxShare, analytics off, one url', analytics: false },
  { key: 'analytics-on', label: 'wxShare, analytics on (SQLite store), one url', analytics: true },
] as const;

/** A page load's first signature request: it reports the view and WeChat's from (ignored with analytics off). */
export const VIEW_PATH = `${signaturePath(pageUrl(0))}&view=1&from=timeline`;

export async function runAnalytics(context: ScenarioContext): Promise<AnalyticsRow[]> {
  const { settings, log } = context;
  const dir = mkdtempSync(join(tmpdir(), 'share-bench-analytics-'));
  const emulator = await startEmulator(ANALYTICS_TARGETS.map((_, i) => account(i + 20)));
  const running: { target: (typeof ANALYTICS_TARGETS)[number]; server: Fixture }[] = [];
  const unavailable = new Map<string, string>();
  try {
    await Promise.all(
      ANALYTICS_TARGETS.map(async (target, i) => {
        try {
          const analyticsFile = target.analytics ? { analyticsFile: join(dir, 'analytics.db') } : {};
          const server = await startServer('ours', target.key, { mode: 'http', apiBase: emulator.url, ...account(i + 20), ...analyticsFile }, { cpuProfDir: context.cpuProfDir });
          // Analytics is on exactly where it should be: the answer names the event route.
          const answer = (await (await fetch(`${server.url}${VIEW_PATH}`)).json()) as { events?: string };
          if ((answer.events === '/wx/event') !== target.analytics) {
            await server.close();
            throw new Error(`the signature answer ${target.analytics ? 'lacks' : 'has'} the events field`);
          }
          running.push({ target, server });
        } catch (error) {
          unavailable.set(target.key, errorMessage(error));
          context.skip(`analytics: ${target.label}: ${errorMessage(error)}`);
        }
      }),
    );
    running.sort((a, b) => ANALYTICS_TARGETS.indexOf(a.target) - ANALYTICS_TARGETS.indexOf(b.target));
    const results = await interleavedRounds(
      running.map(({ target, server }) => ({ label: target.label, url: server.url, paths: [VIEW_PATH] })),
      settings,
      log,
    );
    return ANALYTICS_TARGETS.map((target): AnalyticsRow => {
      const at = running.findIndex((run) => run.target === target);
      if (at === -1) return { key: target.key, label: target.label, unavailable: `not measured: ${unavailable.get(target.key) ?? 'did not start'}` };
      return { key: target.key, label: target.label, ...bestOf(results[at] ?? []) };
    });
  } finally {
    await Promise.all([...running.map((run) => run.server.close()), emulator.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
}
