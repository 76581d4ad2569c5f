// The Lua script that adds one day's increments atomically, keeping the distinct-page cap and the retention TTL.

/**
 * KEYS[1]: the day's page set; KEYS[2]: the `other` page's hash; KEYS[2 + i]: increment i's page hash.
 * ARGV[1]: TTL in seconds; ARGV[2]: the page cap; then per increment i: page, metric, amount.
 * Pages past the cap go to KEYS[2]. Run as one script, two instances cannot both take the last free place.
 */
export const INCREMENT_DAY_SCRIPT = `
local ttl = tonumber(ARGV[1])
local maxPages = tonumber(ARGV[2])
local other = KEYS[2]
for i = 1, #KEYS - 2 do
  local page = ARGV[3 * i]
  local key = KEYS[2 + i]
  if key ~= other and redis.call('SISMEMBER', KEYS[1], page) == 0 then
    if redis.call('SCARD', KEYS[1]) < maxPages then
      redis.call('SADD', KEYS[1], page)
    else
      key = other
    end
  end
  redis.call('HINCRBY', key, ARGV[3 * i + 1], tonumber(ARGV[3 * i + 2]))
  redis.call('EXPIRE', key, ttl)
end
redis.call('EXPIRE', KEYS[1], ttl)
return 1
`;

/**
 * KEYS: page hashes of one day (one cluster slot). Answers their HGETALLs in order, in one round trip: a day's pages
 * are read together instead of one after the other.
 */
export const READ_PAGES_SCRIPT = `
local out = {}
for i = 1, #KEYS do
  out[i] = redis.call('HGETALL', KEYS[i])
end
return out
`;
