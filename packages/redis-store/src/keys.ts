// Where a store key lives in Redis: one hash tag per account, so that a Redis Cluster keeps an account's keys in one slot.

/**
 * The account part of a store key: `wx123:access_token` -> `wx123` (the whole key when it has no `:`), what is
 * before the last `:`. @share/server's keys are `${appId}:access_token` and `${appId}:jsapi_ticket`, and a WeCom
 * app's `wecom:${corpId}:${agentId}:access_token` (also `…:jsapi_ticket`, `…:agent_config_ticket`), so each app's
 * keys share a slot and different apps spread over the cluster.
 */
function accountOf(key: string): string {
  const colon = key.lastIndexOf(':');
  return colon === -1 ? key : key.slice(0, colon);
}

/** `wx123:access_token` -> `${prefix}{wx123}:access_token`: Redis Cluster hashes only what is inside the braces. */
export function dataKey(prefix: string, key: string): string {
  const account = accountOf(key);
  return `${prefix}{${account}}${key.slice(account.length)}`;
}

/** `wx123:access_token` -> `${prefix}lock:{wx123}:access_token`, in the same slot as the key it guards. */
export function lockKey(prefix: string, key: string): string {
  return dataKey(`${prefix}lock:`, key);
}

/**
 * What Redis Cluster hashes for a key (its hash tag, or the whole key), by Redis' own rule: the text between the
 * first `{` and the first `}` after it, when that is not empty. Keys with the same answer are in the same slot.
 */
export function slotOwnerOf(redisKey: string): string {
  const open = redisKey.indexOf('{');
  if (open === -1) return redisKey;
  const close = redisKey.indexOf('}', open + 1);
  if (close === -1 || close === open + 1) return redisKey;
  return redisKey.slice(open + 1, close);
}
