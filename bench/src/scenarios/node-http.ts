// Scenario 6 (issue 10): the shapes that need no Express, each beside its own ceiling: http.createServer(wxShare())
// against a bare node:http handler, createFetchHandler() against a bare fetch handler served by the same adapter.
import type { Fixture } from '../children.js';
import { probe, type ProbeOptions } from '../probe.js';
import type { HandlerKey, HandlerRow } from '../results.js';
import { bestOf, interleavedRounds } from '../rounds.js';
import { account, startEmulator, startServer } from '../servers.js';
import { pageUrl, signaturePath } from '../urls.js';
import { errorMessage, type ScenarioContext } from './context.js';

interface HandlerTarget {
  key: HandlerKey;
  kind: 'node' | 'fetch';
  handler: 'bare' | 'ours';
  label: string;
  /** An export of @share/server the fixture needs; without it the row says so instead of a figure. */
  needsExport?: string;
  /** What the row is about, in the reason given when this build does not provide it. */
  shape?: string;
  probe?: ProbeOptions;
}

export const HANDLER_TARGETS: readonly HandlerTarget[] = [
  { key: 'node-bare', kind: 'node', handler: 'bare', label: 'bare node:http handler, writeHead + end (ceiling)' },
  {
    key: 'node-ours',
    kind: 'node',
    handler: 'ours',
    label: 'http.createServer(wxShare()), one url',
    shape: 'wxShare() as a bare node:http handler',
    probe: { notFoundElsewhere: true },
  },
  { key: 'fetch-bare', kind: 'fetch', handler: 'bare', label: 'bare fetch handler, bench adapter (ceiling)' },
  {
    key: 'fetch-ours',
    kind: 'fetch',
    handler: 'ours',
    label: 'createFetchHandler(), bench adapter, one url',
    needsExport: 'createFetchHandler',
  },
];

export const NOT_AVAILABLE = 'not available in this build';

export async function runNodeHttp(context: ScenarioContext): Promise<HandlerRow[]> {
  const { settings, log } = context;
  const exports = new Set(Object.keys(await import('@share/server')));
  const emulator = await startEmulator(HANDLER_TARGETS.map((_, i) => account(i + 10)));
  const running: { target: HandlerTarget; server: Fixture }[] = [];
  const unavailable = new Map<HandlerKey, string>();
  try {
    await Promise.all(
      HANDLER_TARGETS.map(async (target, i) => {
        if (target.needsExport !== undefined && !exports.has(target.needsExport)) {
          unavailable.set(target.key, `${NOT_AVAILABLE}: @share/server has no ${target.needsExport} export`);
          return;
        }
        let server: Fixture;
        try {
          server = await startServer(target.kind, target.key, {
            mode: 'http',
            apiBase: emulator.url,
            ...account(i + 10),
            handler: target.handler,
          });
        } catch (error) {
          context.skip(`node:http: ${target.label}: ${errorMessage(error)}`);
          return;
        }
        const problem = await probe(server.url, target.probe);
        if (problem === undefined) {
          running.push({ target, server });
          return;
        }
        await server.close();
        if (target.handler === 'bare') throw new Error(`node:http: the ceiling ${target.label} is broken: ${problem}`);
        unavailable.set(target.key, `${NOT_AVAILABLE}: ${target.shape ?? target.label}: ${problem}`);
      }),
    );
    for (const [key, reason] of unavailable) log(`node:http ${key}: ${reason}`);
    // Keep the table's order whatever order the fixtures started in.
    running.sort((a, b) => HANDLER_TARGETS.indexOf(a.target) - HANDLER_TARGETS.indexOf(b.target));
    const path = [signaturePath(pageUrl(0))];
    const results = await interleavedRounds(
      running.map(({ target, server }) => ({ label: target.label, url: server.url, paths: path })),
      settings,
      log,
    );
    const rows: HandlerRow[] = [];
    for (const target of HANDLER_TARGETS) {
      const reason = unavailable.get(target.key);
      const index = running.findIndex((run) => run.target === target);
      if (reason !== undefined) rows.push({ key: target.key, label: target.label, unavailable: reason });
      else if (index !== -1) rows.push({ key: target.key, label: target.label, ...bestOf(results[index] ?? []) });
    }
    return rows;
  } finally {
    await Promise.all([...running.map((run) => run.server.close()), emulator.close()]);
  }
}
