// Scenario 3: RSS growth of a process that signs many distinct urls (crawlers), in a fresh fixture per server.
import type { MemoryReport } from '../protocol.js';
import type { MemoryRow } from '../results.js';
import { account, startEmulator, startServer, type Account } from '../servers.js';
import { errorMessage, type ScenarioContext } from './context.js';

const SIDES = [
  { key: 'ours', kind: 'ours', label: 'wxShare (createSigner)', maxSignatures: undefined },
  // The same work with nothing kept: what signing a million urls costs in RSS whatever is cached.
  { key: 'ours-control', kind: 'ours', label: 'control: wxShare with maxSignatures: 1', maxSignatures: 1 },
  { key: 'theirs', kind: 'theirs', label: 'wechat-jssdk 5.1.0 (default FileStore)', maxSignatures: undefined },
] as const;

export async function runMemory(context: ScenarioContext): Promise<MemoryRow[]> {
  const { settings } = context;
  const accounts = SIDES.map((_, i) => account(200 + i));
  const emulator = await startEmulator(accounts);
  try {
    // The loops run side by side (each in its own process, so the RSS figures stay apart): the run stays short.
    const rows = await Promise.all(
      SIDES.map(async (side, i): Promise<MemoryRow | undefined> => {
        try {
          return await measure(side, accounts[i] ?? account(200), emulator.url, context);
        } catch (error) {
          context.skip(`memory: ${side.label}: ${errorMessage(error)}`);
          return undefined;
        }
      }),
    );
    return rows.filter((row): row is MemoryRow => row !== undefined);
  } finally {
    await emulator.close();
  }
}

async function measure(
  side: (typeof SIDES)[number],
  credentials: Account,
  apiBase: string,
  context: ScenarioContext,
): Promise<MemoryRow> {
  const { settings } = context;
  const server = await startServer(
    side.kind,
    `memory-${side.key}`,
    { mode: 'memory', apiBase, ...credentials, ...(side.maxSignatures ? { maxSignatures: side.maxSignatures } : {}) },
    { cpuProfDir: context.cpuProfDir },
  );
  try {
    const timeLimitMs = settings.memoryTimeLimitSeconds * 1000;
    const report = await server.call<MemoryReport>('sign-many', { count: settings.memoryUrls, timeLimitMs }, timeLimitMs + 60_000);
    context.log(
      `memory ${side.label}: ${report.signed} signed in ${report.seconds.toFixed(1)} s, RSS ` +
        `${mb(report.rssBefore)} -> peak ${mb(report.rssPeak)} -> ${mb(report.rssAfterGc)} MB after GC`,
    );
    return { key: side.key, label: side.label, ...report };
  } finally {
    await server.close();
  }
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}
