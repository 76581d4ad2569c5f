// Scenario 12 (issue 19): a simulated day of one instance with 1,000 official accounts and `warm` on, with no traffic:
// the credentials' one timer loads and renews every account on a fake clock that the scenario moves second by
// second (the emulator runs on it too). Counted: WeChat calls per account over the day, the most renewals started in
// one simulated second, and the heap the accounts' credentials take. 150 accounts run beside it, the count at which
// the earlier LRU of 100 accounts refetched every tick.
import { createSigner } from '@share/server';
import { createWechatMock } from '@share/wechat-mock';
import type { AccountsRow } from '../results.js';
import { captureTimers, type CapturedTimer } from './day.js';
import type { ScenarioContext } from './context.js';

const DAY_MS = 24 * 3_600_000;
/** Midnight in China (UTC+8), where the emulator's daily quotas reset: the simulated day is one quota day. */
const DAY_START = Date.UTC(2026, 0, 1, 0) - 8 * 3_600_000;

const heapMb = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

async function simulate(count: number): Promise<AccountsRow> {
  let now = DAY_START;
  const clock = () => now;
  const accounts = Array.from({ length: count }, (_, i) => ({ appId: `wxacct${String(i).padStart(10, '0')}`, appSecret: `secret-${i}` }));
  const mock = createWechatMock({ accounts, now: clock });
  const apiBase = await mock.listen(0, '127.0.0.1');
  const timers: CapturedTimer[] = [];
  const warnings: string[] = [];
  const onWarning = (warning: Error) => void warnings.push(warning.name);
  process.on('warning', onWarning);
  const heapBefore = heapMb();
  const signer = captureTimers(
    () =>
      createSigner({
        apiBase,
        now: clock,
        logger: { warn() {}, error() {} },
        accounts: accounts.map((a, i) => ({ ...a, allowedHosts: [`site${i}.example.com`] })),
      }),
    timers,
  );
  try {
    await signer.ready();
    const heapMbForAccounts = heapMb() - heapBefore;
    const callsNow = () => mock.calls.token + mock.calls.stableToken + mock.calls.ticket;
    const startUpCalls = callsNow();
    let mostInOneSecond = 0;
    const intervalMs = timers[0]!.intervalMs;
    for (let t = intervalMs; t < DAY_MS; t += intervalMs) {
      now = DAY_START + t;
      const before = callsNow();
      await timers[0]!.tick();
      mostInOneSecond = Math.max(mostInOneSecond, callsNow() - before);
    }
    const used = accounts.map((a) => mock.usedToday(a.appId));
    return {
      accounts: count,
      startUpCalls,
      tokenCallsPerAccount: Math.max(...used.map((u) => u.token + u.stableToken)),
      ticketCallsPerAccount: Math.max(...used.map((u) => u.ticket)),
      mostRenewalsInOneSecond: mostInOneSecond,
      heapMb: Math.round(heapMbForAccounts * 10) / 10,
      processWarnings: warnings.length,
    };
  } finally {
    process.off('warning', onWarning);
    await signer.close();
    await mock.close();
  }
}

export async function runAccounts(context: ScenarioContext): Promise<AccountsRow[]> {
  const rows: AccountsRow[] = [];
  for (const count of [150, 1000]) {
    context.log(`a simulated day of ${count} accounts, warm on`);
    rows.push(await simulate(count));
  }
  return rows;
}
