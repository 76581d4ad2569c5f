import { runAnalyticsCpu } from './src/scenarios/analytics.js';
for (let i = 0; i < 3; i++) {
  const [row] = await runAnalyticsCpu({ log: () => {}, skip: () => {}, settings: {} as never, cpuProfDir: undefined } as never);
  console.log(`off ${row!.offMicros.toFixed(1)} on ${row!.onMicros.toFixed(1)} diff ${(row!.onMicros - row!.offMicros).toFixed(1)}`);
}
