// Describes the machine a run happens on, for the results file.
import os from 'node:os';
import type { Machine } from './results.js';

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    ramGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    loadBefore: os.loadavg()[0] ?? 0,
    loadAfter: 0,
  };
}

export function currentLoad(): number {
  return os.loadavg()[0] ?? 0;
}
