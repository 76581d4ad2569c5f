// Scenario 8 (issue 12): a simulated day. 4 signers share one store, in one process, on one fake clock that the
// scenario moves; the emulator runs on the same clock. Traffic comes at random moments of 24 simulated hours with
// quiet hours; counted: WeChat token and ticket calls (ideal about 12 + 12) and each first request's latency after
// a quiet period, with `warm` on and off. The signers' warm timers run on the simulated clock too (see captureTimers).
import { createSigner, MemoryStore, type Options } from '@share/server';
import { createWechatMock } from '@share/wechat-mock';
import type { DayRow } from '../results.js';
import { errorMessage, type ScenarioContext } from './context.js';
import { NOT_AVAILABLE } from './node-http.js';

const INSTANCES = 4;
const HOUR = 3_600_000;
const DAY_START = Date.UTC(2026, 0, 1, 0);
/** Busy from 07:00 to 12:00, 13:30 to 23:00; quiet at night and over lunch. */
const ACTIVE: readonly [number, number][] = [[7, 12], [13.5, 23]];
const REQUESTS = 600;
const PAGES = 20;
/** A gap in traffic longer than this counts as a quiet period (the night, the lunch hour). */
const QUIET_MS = HOUR;
const APP = { appId: 'wxday00000000001', appSecret: 'day-secret-0001' };

/** A small seeded generator (mulberry32): both runs see the same day. */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The request moments of the day, ms since DAY_START, sorted, with the instance and page of each. */
function traffic(): { at: number; instance: number; page: number }[] {
  const next = random(12);
  const activeHours = ACTIVE.reduce((sum, [from, to]) => sum + to - from, 0);
  const requests = Array.from({ length: REQUESTS }, () => {
    let offset = next() * activeHours;
    let at = 0;
    for (const [from, to] of ACTIVE) {
      if (offset < to - from) {
        at = (from + offset) * HOUR;
        break;
      }
      offset -= to - from;
    }
    return { at, instance: Math.floor(next() * INSTANCES), page: Math.floor(next() * PAGES) };
  });
  return requests.sort((a, b) => a.at - b.at);
}

const clockTime = (ms: number) => new Date(DAY_START + ms).toISOString().slice(11, 16);

export interface CapturedTimer {
  tick: () => unknown;
  intervalMs: number;
}

/**
 * Builds a signer with its warm timer captured instead of started, so that the scenario runs it on the simulated
 * clock: a real 30 s interval would never fire in a day that takes seconds. A tick's promise settles once the work
 * it started has (the server's timer ignores it), which lets the scenario finish each tick before moving the clock.
 */
export function captureTimers<T>(build: () => T, into: CapturedTimer[]): T {
  const real = globalThis.setInterval;
  const handle = { unref: () => handle, ref: () => handle, hasRef: () => false, refresh: () => handle };
  globalThis.setInterval = ((tick: () => unknown, intervalMs: number) => {
    into.push({ tick, intervalMs });
    return handle;
  }) as unknown as typeof setInterval;
  try {
    return build();
  } finally {
    globalThis.setInterval = real;
  }
}

async function simulate(warm: boolean): Promise<DayRow> {
  let now = DAY_START;
  const clock = () => now;
  const mock = createWechatMock({ accounts: [APP], now: clock });
  const apiBase = await mock.listen(0, '127.0.0.1');
  const store = new MemoryStore({ now: clock });
  const quiet = { warn() {}, error() {} };
  const label = `warm ${warm ? 'on' : 'off'}`;
  const signers: ReturnType<typeof createSigner>[] = [];
  const timers: CapturedTimer[] = [];
  /** The signers were built at one simulated instant, so their timers tick together. */
  let nextTickAt = Infinity;
  /** Moves the simulated clock to `target`, running the captured warm timers that fall due on the way. */
  const advanceTo = async (target: number) => {
    while (nextTickAt <= target) {
      now = nextTickAt;
      nextTickAt += timers[0]!.intervalMs;
      await Promise.all(timers.map((timer) => timer.tick()));
    }
    now = target;
  };
  try {
    for (let i = 0; i < INSTANCES; i++) {
      // warm is passed either way: its default is on, so leaving it out would make both runs warm.
      const options: Options & { warm?: boolean } = { ...APP, apiBase, store, now: clock, logger: quiet, allowedHosts: ['example.com'], warm };
      try {
        signers.push(captureTimers(() => createSigner(options), timers));
      } catch (error) {
        if (/unknown option `warm`/.test(errorMessage(error))) {
          return { label, warm, unavailable: `${NOT_AVAILABLE}: @share/server has no \`warm\` option` };
        }
        throw error;
      }
    }
    const ready = (signers[0] as { ready?: () => Promise<void> }).ready;
    if (warm && ready !== undefined) await Promise.all(signers.map((s) => (s as unknown as { ready(): Promise<void> }).ready()));
    if (timers.length > 0) nextTickAt = now + timers[0]!.intervalMs;
    const firstAfterQuiet: DayRow['firstAfterQuiet'] = [];
    let last = -Infinity;
    for (const request of traffic()) {
      await advanceTo(DAY_START + request.at);
      const started = performance.now();
      await signers[request.instance]!.sign(`https://example.com/page/${request.page}`);
      const ms = performance.now() - started;
      if (request.at - last > QUIET_MS) firstAfterQuiet.push({ at: clockTime(request.at), ms: Math.round(ms * 10) / 10 });
      last = request.at;
    }
    await advanceTo(DAY_START + 24 * HOUR);
    return { label, warm, requests: REQUESTS, tokenCalls: mock.calls.token + mock.calls.stableToken, ticketCalls: mock.calls.ticket, firstAfterQuiet };
  } finally {
    await Promise.all(signers.map((signer) => signer.close()));
    await mock.close();
  }
}

export async function runDay(context: ScenarioContext): Promise<DayRow[]> {
  const rows: DayRow[] = [];
  for (const warm of [false, true]) {
    context.log(`a simulated day, warm ${warm ? 'on' : 'off'}`);
    rows.push(await simulate(warm));
  }
  return rows;
}
