// The Lua scripts that make each write atomic, run by EVALSHA with a fallback to EVAL after a Redis restart.
import { createHash } from 'node:crypto';
import type { SendCommand } from './command.js';
import { RedisStoreError } from './errors.js';

export interface Script {
  source: string;
  sha: string;
}

function script(source: string): Script {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/** KEYS[1] = key; ARGV = json, ttl ms, channel, notice. */
export const setAndPublish = script(`
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('PUBLISH', ARGV[3], ARGV[4])
return 1`);

/** KEYS[1] = key; ARGV = channel, notice. */
export const deleteAndPublish = script(`
local n = redis.call('DEL', KEYS[1])
if n > 0 then redis.call('PUBLISH', ARGV[1], ARGV[2]) end
return n`);

/** KEYS[1] = key; ARGV = the value that must still be stored, channel, notice. */
export const deleteIfValueAndPublish = script(`
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local ok, stored = pcall(cjson.decode, raw)
if ok and type(stored) == 'table' and stored.value == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('PUBLISH', ARGV[2], ARGV[3])
  return 1
end
return 0`);

/** KEYS[1] = lock key; ARGV[1] = the holder's token. Deletes the lock only while that holder still has it. */
export const releaseLock = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`);

/** EVALSHA first (one small round trip); NOSCRIPT (a fresh or restarted Redis) -> EVAL, which caches it again. */
export async function runScript(send: SendCommand, s: Script, keys: string[], args: string[]): Promise<unknown> {
  const rest = [String(keys.length), ...keys, ...args];
  try {
    return await send(['EVALSHA', s.sha, ...rest]);
  } catch (error) {
    if (!(error instanceof RedisStoreError) || !/NOSCRIPT/i.test(error.message)) throw error;
    return await send(['EVAL', s.source, ...rest]);
  }
}
