// `pnpm bench`: runs every scenario, prints the markdown report and writes bench/results.md (a full run only).
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { killAll, liveCount } from './children.js';
import { currentLoad, describeMachine } from './machine.js';
import { renderMarkdown } from './report.js';
import type { BenchResults } from './results.js';
import { errorMessage, type ScenarioContext } from './scenarios/context.js';
import { runClient } from './scenarios/client.js';
import { runInstances } from './scenarios/instances.js';
import { runMemory } from './scenarios/memory.js';
import { runNodeHttp } from './scenarios/node-http.js';
import { runOutage } from './scenarios/outage.js';
import { runAccounts } from './scenarios/accounts.js';
import { runDay } from './scenarios/day.js';
import { runShareReady } from './scenarios/share-ready.js';
import { runStorm } from './scenarios/storm.js';
import { runWarm } from './scenarios/warm.js';
import { runAnalytics, runAnalyticsCpu } from './scenarios/analytics.js';
import { runFlood } from './scenarios/flood.js';
import { runPlatform } from './scenarios/platform.js';
import { platformChecks } from './platform-targets.js';
import { isDefault, readScenarios, readSettings, SCENARIOS, type Scenario } from './settings.js';

// Whatever happens (an error, Ctrl-C, turbo stopping us), no fixture process outlives the runner.
process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    console.error(`\nbench: ${signal}, stopping ${liveCount()} fixture process(es)`);
    killAll();
    process.exit(130);
  });
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const started = performance.now();
const settings = readSettings();
const scenarios = readScenarios();
const cpuProf = process.argv.includes('--cpu-prof') || process.env.BENCH_CPU_PROF === '1';
const results: BenchResults = {
  machine: describeMachine(),
  settings,
  warm: [],
  storm: [],
  memory: [],
  client: [],
  instances: [],
  nodeHttp: [],
  outage: [],
  day: [],
  accounts: [],
  analytics: [],
  analyticsCpu: [],
  shareReady: [],
  flood: [],
  platform: [],
  skipped: [],
  totalSeconds: 0,
};
const context: ScenarioContext = {
  settings,
  cpuProfDir: cpuProf ? here('../profiles') : undefined,
  log: (line) => console.log(`bench: ${line}`),
  skip: (reason) => {
    console.warn(`bench: NOT MEASURED: ${reason}`);
    results.skipped.push(reason);
  },
};

/** Runs one scenario if it was asked for; a scenario that throws is recorded as not measured, the others still run. */
async function attempt<T>(scenario: Scenario, run: (context: ScenarioContext) => Promise<T[]>): Promise<T[]> {
  if (!scenarios.includes(scenario)) return [];
  try {
    return await run(context);
  } catch (error) {
    context.skip(`${scenario}: ${errorMessage(error)}`);
    return [];
  }
}

results.warm = await attempt('warm', runWarm);
results.nodeHttp = await attempt('node:http', runNodeHttp);
results.storm = await attempt('storm', runStorm);
results.memory = await attempt('memory', runMemory);
results.client = await attempt('client', runClient);
results.instances = await attempt('instances', runInstances);
results.outage = await attempt('outage', runOutage);
results.day = await attempt('day', runDay);
results.accounts = await attempt('accounts', runAccounts);
results.analytics = await attempt('analytics', runAnalytics);
results.analyticsCpu = await attempt('analytics', runAnalyticsCpu);
results.shareReady = await attempt('share-ready', runShareReady);
results.flood = await attempt('flood', runFlood);
results.platform = await attempt('platform', runPlatform);

results.machine.loadAfter = currentLoad();
results.totalSeconds = (performance.now() - started) / 1000;
const markdown = renderMarkdown(results);
console.log(`\n${markdown}`);

if (scenarios.length === SCENARIOS.length && isDefault(settings)) {
  await writeFile(here('../results.md'), markdown);
  console.log('bench: wrote bench/results.md');
} else {
  console.log('bench: partial run (BENCH_ONLY or non-default BENCH_* settings): results.md left as it was');
}
// Issue 22's figures are a bar the platform code must clear: a miss (or a scenario that could not run) fails the run.
if (scenarios.includes('platform')) {
  const unmet = platformChecks(results.platform[0], settings).filter((check) => check.status !== 'met');
  for (const check of unmet) console.error(`bench: platform: target ${check.status}: ${check.target} (measured: ${check.measured})`);
  if (unmet.length > 0) process.exitCode = 1;
}
if (cpuProf) {
  console.log(`bench: CPU profiles of the server fixtures are in ${context.cpuProfDir}; summary: pnpm --filter @share/bench profile-summary`);
}
