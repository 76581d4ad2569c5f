// The one error a RedisStore throws: which Redis command failed and why, without the command's arguments.

export class RedisStoreError extends Error {
  /** The Redis command that failed, e.g. 'GET' or 'EVALSHA'. */
  readonly command: string;
  /** 'timeout' when the command did not answer within commandTimeoutMs, else 'redis'. */
  readonly reason: 'timeout' | 'redis';

  constructor(command: string, reason: 'timeout' | 'redis', message: string) {
    super(message);
    this.name = 'RedisStoreError';
    this.command = command;
    this.reason = reason;
  }
}

/**
 * Copies only the message of the client's error: ioredis and node-redis attach the command's arguments to their
 * errors, and those arguments hold access tokens and tickets.
 */
export function commandFailed(command: string, cause: unknown): RedisStoreError {
  const text = cause instanceof Error ? cause.message : String(cause);
  const short = text.length > 300 ? `${text.slice(0, 300)}…` : text;
  return new RedisStoreError(command, 'redis', `Redis ${command} failed: ${short}`);
}

export function commandTimedOut(command: string, ms: number): RedisStoreError {
  return new RedisStoreError(command, 'timeout', `Redis ${command} did not answer within ${ms} ms (commandTimeoutMs)`);
}
