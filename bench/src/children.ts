// Runner side of the fixtures: forks each one in its own process, talks to it over IPC, and never lets one outlive us.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FixtureReply, FixtureRequest, FixtureReady } from './protocol.js';

export interface StartOptions {
  /** Start the child with --cpu-prof, writing the profile into this folder when it exits. */
  cpuProfDir?: string | undefined;
  /** How long the child may take to say it is listening, ms. Defaults to 60000. */
  readyTimeoutMs?: number;
}

export interface Fixture {
  readonly name: string;
  readonly pid: number;
  /** The base url the child listens on ('' for fixtures that serve nothing). */
  readonly url: string;
  /** Asks the child to do something and waits for its answer, at most timeoutMs (default 60000). */
  call<T>(type: string, args?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  /** Asks the child to exit (so that a CPU profile is written), then kills it if it has not within 5 s. */
  close(): Promise<void>;
}

const live = new Set<ChildProcess>();
const tsxLoader = import.meta.resolve('tsx');

/** Adds a process started elsewhere (e.g. redis-server) to those killAll() ends. */
export function track(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
}

/** Kills every fixture still running, at once. Safe to call from an 'exit' handler (synchronous). */
export function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

export function liveCount(): number {
  return live.size;
}

export async function startFixture(
  name: string,
  file: string,
  config: Record<string, unknown>,
  options: StartOptions = {},
): Promise<Fixture> {
  const execArgv = ['--import', tsxLoader, '--expose-gc'];
  if (options.cpuProfDir !== undefined) {
    // A folder per fixture, Node's default file names: tsx's loader thread writes a profile too (CPU.….<tid>.…;
    // the main thread's has tid 0), and a fixed --cpu-prof-name would let it overwrite the main thread's.
    const dir = join(options.cpuProfDir, name);
    mkdirSync(dir, { recursive: true });
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${dir}`);
  }
  const child = fork(file, [JSON.stringify(config)], {
    execArgv,
    // DEBUG would make wechat-jssdk log on every request; NODE_OPTIONS could slip in another loader.
    env: { ...process.env, DEBUG: '', NODE_OPTIONS: '' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));

  const url = await waitForReady(name, child, options.readyTimeoutMs ?? 60_000);
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  child.on('message', (message: FixtureReply) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message.result);
    else waiter.reject(new Error(`${name}: ${message.error}`));
  });
  child.once('exit', (code, signal) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${name} exited (${signal ?? code})`));
    pending.clear();
  });

  return {
    name,
    pid: child.pid ?? -1,
    url,
    call<T>(type: string, args: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${name}: '${type}' got no answer within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value as T);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        const request: FixtureRequest = { id, type, args };
        child.send(request);
      });
    },
    close: () => stop(child),
  };
}

function waitForReady(name: string, child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', function onMessage(message: FixtureReady) {
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message.url);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before it was ready (${signal ?? code})`));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.connected) child.disconnect();
    else child.kill('SIGKILL');
  });
}
