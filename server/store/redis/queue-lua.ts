/**
 * Join, for a batch of joins in one call (every join that reached this node in one turn of its
 * event loop): one live ticket per client slot; a client still waiting keeps its number. The join
 * limits are counted in the same step, as fixed windows the way @fastify/rate-limit counts them:
 * the first hit of a window sets its expiry. The joins are taken in order, exactly as if each had
 * been its own call (a client twice in one batch keeps the number its first join got).
 * KEYS: tail, head, then for each join: client bucket, per-address counter, per-client counter.
 * ARGV: ticket ttl (s), address window (ms), client window (ms), then for each join: digest
 * ('' = no client id), address max (-1 = not counted), client max (-1 = not counted), issue ('0' = count only).
 * Returns, for each join in turn, six numbers: number (0 = none issued), reused, address count,
 * address ttl (ms), client count, client ttl (ms).
 */
export const JOIN_LUA = `
local tailKey, headKey = KEYS[1], KEYS[2]
local ttl, addressWindow, clientWindow = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local head = nil

local function count(key, window)
  local current = redis.call('INCR', key)
  if current == 1 then
    redis.call('PEXPIRE', key, window)
    return current, window
  end
  return current, redis.call('PTTL', key)
end

local function joinOne(bucketKey, addressKey, clientKey, digest, addressMax, clientMax, issue)
  local addressCount, addressTtl, clientCount, clientTtl = 0, 0, 0, 0
  if addressMax >= 0 then
    addressCount, addressTtl = count(addressKey, addressWindow)
    if addressCount > addressMax then return 0, 0, addressCount, addressTtl, 0, 0 end
  end
  if clientMax >= 0 then
    clientCount, clientTtl = count(clientKey, clientWindow)
    if clientCount > clientMax then return 0, 0, addressCount, addressTtl, clientCount, clientTtl end
  end
  if issue == '0' then return 0, 0, addressCount, addressTtl, clientCount, clientTtl end
  if digest ~= '' then
    local held = redis.call('HGET', bucketKey, digest)
    if held then
      -- The head does not move while a script runs: read once a batch.
      if head == nil then head = tonumber(redis.call('GET', headKey) or '0') end
      if tonumber(held) > head then return tonumber(held), 1, addressCount, addressTtl, clientCount, clientTtl end
    end
  end
  local n = redis.call('INCR', tailKey)
  if digest ~= '' then
    redis.call('HSET', bucketKey, digest, n)
    redis.call('EXPIRE', bucketKey, ttl)
  end
  return n, 0, addressCount, addressTtl, clientCount, clientTtl
end

local out = {}
for i = 0, (#KEYS - 2) / 3 - 1 do
  local k, a = 3 + i * 3, 4 + i * 4
  local n, reused, ac, at, cc, ct = joinOne(KEYS[k], KEYS[k + 1], KEYS[k + 2], ARGV[a], tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), ARGV[a + 3])
  local o = i * 6
  out[o + 1], out[o + 2], out[o + 3], out[o + 4], out[o + 5], out[o + 6] = n, reused, ac, at, cc, ct
end
return out
`;

/**
 * Admission tick, leaderless: any node may run it at any time; elapsed time is measured from
 * the last tick stored here, so more nodes ticking does not admit more. Mirrors admissionStep().
 * An empty ARGV[1] takes the time from Redis (TIME): one clock for every node, however theirs drift.
 */
export const TICK_LUA = `
local headKey, tailKey, tickAtKey, creditKey, pendingKey, activeKey, controlsKey, statsKey =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local now, claimWindow, maxElapsed = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
if ARGV[1] == '' then
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
local defRate, defMax = tonumber(ARGV[4]), tonumber(ARGV[5])

local unclaimed = redis.call('ZREMRANGEBYSCORE', pendingKey, '-inf', now)
if unclaimed > 0 then redis.call('HINCRBY', statsKey, 'unclaimed', unclaimed) end
local ended = redis.call('ZREMRANGEBYSCORE', activeKey, '-inf', now)
if ended > 0 then redis.call('HINCRBY', statsKey, 'sessionsEnded', ended) end

local head = tonumber(redis.call('GET', headKey) or '0')
local tail = tonumber(redis.call('GET', tailKey) or '0')
local last = tonumber(redis.call('GET', tickAtKey) or '0')
local admitted = 0

local function result()
  local stats = redis.call('HMGET', statsKey, 'unclaimed', 'sessionsEnded')
  return {head, tail, redis.call('ZCARD', pendingKey), redis.call('ZCARD', activeKey),
          tonumber(stats[1] or '0'), tonumber(stats[2] or '0'), admitted}
end

if last == 0 or now <= last then
  if last == 0 then redis.call('SET', tickAtKey, now) end
  return result()
end
redis.call('SET', tickAtKey, now)

local c = redis.call('HMGET', controlsKey, 'gate', 'rate', 'maxActive')
local gate = c[1] or 'open'
if gate ~= 'open' then
  redis.call('SET', creditKey, '0')
  return result()
end
local rate = tonumber(c[2] or defRate)
local maxActive = tonumber(c[3] or defMax)

local elapsed = now - last
if elapsed > maxElapsed then elapsed = maxElapsed end
local credit = tonumber(redis.call('GET', creditKey) or '0') + rate * elapsed / 1000
local admit = math.floor(credit)
local limited = false
local room = maxActive - redis.call('ZCARD', pendingKey) - redis.call('ZCARD', activeKey)
if admit > room then admit = room; limited = true end
if admit > tail - head then admit = tail - head; limited = true end
if admit < 0 then admit = 0 end
if limited then credit = 0 else credit = credit - admit end
redis.call('SET', creditKey, tostring(credit))

if admit > 0 then
  local deadline = now + claimWindow
  local i = 1
  while i <= admit do
    local batch = {}
    local last_i = math.min(i + 499, admit)
    for j = i, last_i do
      batch[#batch + 1] = deadline
      batch[#batch + 1] = head + j
    end
    redis.call('ZADD', pendingKey, unpack(batch))
    i = last_i + 1
  end
  head = head + admit
  redis.call('SET', headKey, head)
end
admitted = admit
return result()
`;

/** Claim: an admitted ticket becomes an active session once; repeats return the same session. */
export const CLAIM_LUA = `
local headKey, pendingKey, activeKey = KEYS[1], KEYS[2], KEYS[3]
local n, now, ttl = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local expires = redis.call('ZSCORE', activeKey, n)
if expires and tonumber(expires) > now then return {'active', expires} end
local head = tonumber(redis.call('GET', headKey) or '0')
if tonumber(n) > head then return {'waiting', '0'} end
local deadline = redis.call('ZSCORE', pendingKey, n)
if deadline and tonumber(deadline) > now then
  redis.call('ZREM', pendingKey, n)
  local ends = now + ttl
  redis.call('ZADD', activeKey, ends, n)
  return {'active', tostring(ends)}
end
return {'expired', '0'}
`;

export const END_SESSION_LUA = `
local removed = redis.call('ZREM', KEYS[1], ARGV[1])
if removed > 0 then redis.call('HINCRBY', KEYS[2], 'sessionsEnded', 1) end
return removed
`;

export const COUNTERS_LUA = `
local stats = redis.call('HMGET', KEYS[5], 'unclaimed', 'sessionsEnded')
return {tonumber(redis.call('GET', KEYS[1]) or '0'), tonumber(redis.call('GET', KEYS[2]) or '0'),
        redis.call('ZCARD', KEYS[3]), redis.call('ZCARD', KEYS[4]),
        tonumber(stats[1] or '0'), tonumber(stats[2] or '0')}
`;
