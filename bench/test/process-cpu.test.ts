// processCpuMicros reads a process's CPU time from /proc (Linux only: elsewhere the bench leaves the figure out).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { processCpuMicros } from '../src/process-cpu.js';

describe.runIf(process.platform === 'linux')('processCpuMicros', () => {
  it("agrees with the process's own cpuUsage() to within a few ticks", () => {
    const before = process.cpuUsage();
    const read = processCpuMicros(process.pid);
    const after = process.cpuUsage();
    expect(read).toBeDefined();
    // /proc rounds each of user and system time down to a 10 ms tick.
    expect(read!).toBeGreaterThan(before.user + before.system - 30_000);
    expect(read!).toBeLessThanOrEqual(after.user + after.system + 10_000);
  });

  it('is undefined for a process that has exited', () => {
    const { pid } = spawnSync(process.execPath, ['-e', '']);
    expect(processCpuMicros(pid!)).toBeUndefined();
  });
});
