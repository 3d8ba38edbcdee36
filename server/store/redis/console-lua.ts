/**
 * Stores one second's snapshot with the second as the stream id: the first writer wins, a
 * repeat returns what is stored, a second older than the newest one stored is refused.
 * KEYS[1] stream; ARGV: at (ms), snapshot JSON, oldest id to keep (ms).
 * Returns { 1 | 0 (won), json } or nil.
 */
export const PUT_SNAPSHOT_LUA = `
local at = tonumber(ARGV[1])
local id = ARGV[1] .. '-0'
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
if #last > 0 then
  local lastAt = tonumber(string.match(last[1][1], '^(%d+)'))
  if lastAt == at then return { 0, last[1][2][2] } end
  if lastAt > at then
    local same = redis.call('XRANGE', KEYS[1], id, id)
    if #same > 0 then return { 0, same[1][2][2] } end
    return false
  end
end
redis.call('XADD', KEYS[1], 'MINID', '~', ARGV[3], id, 's', ARGV[2])
return { 1, ARGV[2] }
`;

/** Starts a drill unless one runs. KEYS[1] drill key; ARGV[1] drill JSON. */
export const START_DRILL_LUA = `
local current = redis.call('GET', KEYS[1])
if current and cjson.decode(current).running then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
return 1
`;

/** Stops the running drill and returns it. KEYS[1] drill key. */
export const STOP_DRILL_LUA = `
local current = redis.call('GET', KEYS[1])
if not current or not cjson.decode(current).running then return false end
redis.call('DEL', KEYS[1])
return current
`;

/**
 * Stores one coarse-tier point, once per bucket: a bucket already held is left as it is (two
 * nodes never write it twice), and points older than the horizon are dropped.
 * KEYS[1] sorted set (score = bucket start, ms); ARGV: bucket start, point JSON, oldest start kept.
 * Returns 1 when stored, 0 when the bucket was held already.
 */
export const PUT_TREND_LUA = `
if redis.call('ZCOUNT', KEYS[1], ARGV[1], ARGV[1]) > 0 then return 0 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3])
return 1
`;
