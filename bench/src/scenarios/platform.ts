// Scenario 13 (issue 22): a third-party platform (第三方平台) signing its authorizers' pages, against the emulator, on one
// injected clock that the scenario moves (the emulator, the instances and the store read it). Three parts:
// 1. a storm of concurrent cold requests for one authorizer's page, counted at the emulator;
// 2. a simulated day of many authorizers on several instances sharing a store, requests spread over the 24 hours;
// 3. every instance restarted on that store: the first request must sign with no push and no authorization again.
import { createInFlight } from '../in-flight.js';
import { load } from '../load.js';
import { byMinute, MINUTE_MS, PAGES_PER_AUTHORIZER, platformTraffic } from '../platform-traffic.js';
import {
  authorizerAppId,
  callsSince,
  pageOf,
  platformCalls,
  sign,
  startInstance,
  startPlatformEmulator,
  startPushing,
  startSharedStore,
  type Instance,
  type SharedStore,
} from '../platform-world.js';
import type { PlatformResult } from '../results.js';
import type { WechatMock } from '@share/wechat-mock';
import type { ScenarioContext } from './context.js';

const HOUR = 3_600_000;
/** Midnight in China (UTC+8), where the emulator's daily counts reset: the simulated day is one counting day. */
const DAY_START = Date.UTC(2026, 0, 2, 0) - 8 * HOUR;
/** Every token and ticket (2 h) has expired by then; the verify ticket (12 h) and the refresh tokens have not. */
const DOWNTIME_HOURS = 3;
/** Authorizations pushed at once while setting up, and pages asked at once after the restart. */
const BATCH = 50;

export async function runPlatform(context: ScenarioContext): Promise<PlatformResult[]> {
  const shared = await startSharedStore();
  try {
    context.log(`platform: the instances share ${shared.label}`);
    const storm = await coldStorm(context, shared);
    const { day, restart } = await dayThenRestart(context, shared);
    return [{ store: shared.label, storm, day, restart }];
  } finally {
    await shared.stop();
  }
}

/** 1. An instance that has never signed, on a store holding the verify ticket and the authorizer's refresh token. */
async function coldStorm(context: ScenarioContext, shared: SharedStore): Promise<PlatformResult['storm']> {
  const { stormRequests, upstreamDelayMs } = context.settings;
  let now = DAY_START - 12 * HOUR;
  const clock = () => now;
  const inFlight = createInFlight();
  const emulator = await startPlatformEmulator(clock, inFlight, upstreamDelayMs);
  const { mock } = emulator;
  let earlier: Instance | undefined;
  let cold: Instance | undefined;
  try {
    const appId = authorizerAppId(0);
    // Earlier, another instance received a verify ticket and the authorizer's authorization, then stopped.
    earlier = await startInstance(emulator.url, shared, 'storm', clock, inFlight);
    await startPushing(mock, earlier.eventsUrl);
    await authorize(mock, [appId]);
    mock.component.stopPushing();
    await earlier.close();
    earlier = undefined;
    await inFlight.settled();
    now += DOWNTIME_HOURS * HOUR;

    cold = await startInstance(emulator.url, shared, 'storm', clock, inFlight);
    const before = platformCalls(mock);
    const path = `/wx/signature?${new URLSearchParams({ url: pageOf(appId, 0), appid: appId })}`;
    const result = await load(cold.url, [path], { connections: stormRequests, amount: stormRequests, timeoutSeconds: 30 });
    const calls = callsSince(before, platformCalls(mock));
    const check = await sign(mock, cold, appId, pageOf(appId, 0));
    const failed = result.non2xx + result.errors + result.timeouts + (check.valid ? 0 : 1);
    context.log(
      `platform storm: ${calls.componentToken} component token + ${calls.authorizerToken} authorizer token + ${calls.ticket} ticket calls ` +
        `(${calls.getAuthorizerList} list, ${calls.startPushTicket} start_push_ticket), ${failed} failed of ${stormRequests}`,
    );
    return { requests: stormRequests, ok: result.requests - result.non2xx, failed, calls, seconds: result.seconds, p99: result.p99 };
  } finally {
    await Promise.all([earlier?.close(), cold?.close()]);
    await emulator.close();
  }
}

/** 2 and 3. The day on N instances, then every instance restarted after DOWNTIME_HOURS on the same store. */
async function dayThenRestart(context: ScenarioContext, shared: SharedStore) {
  const { settings, log } = context;
  let now = DAY_START;
  const clock = () => now;
  const inFlight = createInFlight();
  const emulator = await startPlatformEmulator(clock, inFlight);
  const { mock } = emulator;
  const warnings: string[] = [];
  const onProcessWarning = (warning: Error) => void warnings.push(`process: ${warning.name}: ${warning.message}`);
  process.on('warning', onProcessWarning);
  let instances: Instance[] = [];
  // Into `instances` one by one, so that the finally below closes those that started when a later one fails.
  const startAll = async () => {
    for (let i = 0; i < settings.instances; i++) instances.push(await startInstance(emulator.url, shared, 'day', clock, inFlight));
  };
  try {
    await startAll();
    const appIds = Array.from({ length: settings.platformAuthorizers }, (_, i) => authorizerAppId(i));
    // WeChat pushes to one url; a load balancer would hand each push to any instance: here the first one gets them.
    await startPushing(mock, instances[0]!.eventsUrl);
    await authorize(mock, appIds);

    const traffic = platformTraffic({
      authorizers: appIds.length,
      requestsPerAuthorizer: settings.platformRequests,
      instances: instances.length,
      pagesPerAuthorizer: PAGES_PER_AUTHORIZER,
      seed: 22,
    });
    log(`platform day: ${appIds.length} authorizers, ${traffic.length} requests over 24 simulated hours on ${instances.length} instances`);
    let failed = 0;
    let invalidSignatures = 0;
    const refusals = new Map<string, number>();
    const started = performance.now();
    for (const [minute, requests] of byMinute(traffic).entries()) {
      now = DAY_START + minute * MINUTE_MS;
      await mock.component.tick();
      const answers = await Promise.all(
        requests.map((r) => sign(mock, instances[r.instance]!, appIds[r.authorizer]!, pageOf(appIds[r.authorizer]!, r.page))),
      );
      // The renewals these requests started in the background finish before the clock moves on.
      if (requests.length > 0) await inFlight.settled();
      for (const answer of answers) {
        if (answer.valid) continue;
        failed++;
        if (answer.status === 200) invalidSignatures++;
        const why = `${answer.status} ${answer.code ?? 'invalid signature'}`;
        refusals.set(why, (refusals.get(why) ?? 0) + 1);
      }
      if (minute % 360 === 359) log(`platform day: ${(minute + 1) / 60} h simulated, ${failed} failed so far`);
    }
    const wallSeconds = (performance.now() - started) / 1000;
    for (const [why, count] of refusals) log(`platform day: ${count} answered ${why}`);
    // Still 23:59 of the counting day: the emulator's per-account counts hold the whole day.
    const day: PlatformResult['day'] = {
      authorizers: appIds.length,
      instances: instances.length,
      requests: traffic.length,
      failed,
      invalidSignatures,
      maxAuthorizerTokenCalls: Math.max(...appIds.map((appId) => mock.component.usedToday(appId).authorizerToken)),
      maxTicketCalls: Math.max(...appIds.map((appId) => mock.usedToday(appId).ticket)),
      calls: platformCalls(mock),
      verifyTicketPushes: mock.component.pushes.filter((push) => push.infoType === 'component_verify_ticket').length,
      warnings: 0,
      wallSeconds,
    };

    // 3. Every instance stops; WeChat's pushes stop reaching them; they start again DOWNTIME_HOURS later.
    mock.component.stopPushing();
    await inFlight.settled();
    for (const instance of instances) warnings.push(...instance.warnings);
    await Promise.all(instances.map((instance) => instance.close()));
    instances = [];
    now += DOWNTIME_HOURS * HOUR;
    const restartedAt = now;
    await startAll();
    const before = platformCalls(mock);
    const firstStarted = performance.now();
    const first = await sign(mock, instances[0]!, appIds[0]!, pageOf(appIds[0]!, 0));
    const firstMs = performance.now() - firstStarted;
    const firstCalls = callsSince(before, platformCalls(mock));
    let authorizersSigned = 0;
    for (let i = 0; i < appIds.length; i += BATCH) {
      const batch = appIds.slice(i, i + BATCH);
      const answers = await Promise.all(batch.map((appId, j) => sign(mock, instances[(i + j) % instances.length]!, appId, pageOf(appId, 1))));
      authorizersSigned += answers.filter((answer) => answer.valid).length;
    }
    for (const instance of instances) warnings.push(...instance.warnings);
    day.warnings = warnings.length;
    for (const warning of new Set(warnings)) log(`platform: an instance warned: ${warning}`);
    const restart: PlatformResult['restart'] = {
      downtimeHours: DOWNTIME_HOURS,
      firstStatus: first.status,
      firstSignatureValid: first.valid,
      firstMs,
      firstCalls,
      pushesAfter: mock.component.pushes.filter((push) => push.at >= restartedAt).length,
      authorizersSigned,
      allCalls: callsSince(before, platformCalls(mock)),
    };
    log(
      `platform restart: first request ${first.status}${first.valid ? ' (valid)' : ''} in ${firstMs.toFixed(0)} ms; ` +
        `${authorizersSigned}/${appIds.length} authorizers signed after it`,
    );
    return { day, restart };
  } finally {
    process.off('warning', onProcessWarning);
    await Promise.all(instances.map((instance) => instance.close()));
    await emulator.close();
  }
}

/** The accounts authorize the platform (the emulator's scan), in batches; each `authorized` push is exchanged by share. */
async function authorize(mock: WechatMock, appIds: readonly string[]): Promise<void> {
  const before = mock.component.calls.queryAuth;
  for (let i = 0; i < appIds.length; i += BATCH) {
    for (const appId of appIds.slice(i, i + BATCH)) mock.component.authorize(appId);
    await mock.component.settled();
  }
  const refused = mock.component.pushes.filter((push) => push.infoType === 'authorized' && !push.ok);
  const exchanged = mock.component.calls.queryAuth - before;
  if (refused.length > 0 || exchanged !== appIds.length) {
    throw new Error(`setting up: ${appIds.length} authorizations pushed, ${refused.length} pushes refused, ${exchanged} codes exchanged`);
  }
}
