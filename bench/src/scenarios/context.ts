// What every scenario gets from the runner.
import type { Settings } from '../results.js';

export interface ScenarioContext {
  settings: Settings;
  /** Folder for --cpu-prof profiles of the server fixtures; undefined when not profiling. */
  cpuProfDir: string | undefined;
  log: (line: string) => void;
  /** Records why something could not be measured; it ends up in results.md. */
  skip: (reason: string) => void;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
