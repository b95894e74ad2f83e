/**
 * Lua scripts of the Redis store. Every key one script touches is in one
 * bucket, so one Redis Cluster slot (see redis-keys.ts). Each runs atomically inside Redis, so the
 * per-user compare-and-set on clientSeq, the dedupe, the log append and the
 * publish happen as one step even with several server instances writing.
 *
 * The apply script is the Lua twin of `transition()` in tracker.ts
 * (docs/agora-behaviour.md §3); both stores run the same contract tests.
 *
 * Records are JSON: o = online (1/0), r = role, s = clientSeq (a string: Lua
 * numbers are doubles, exact up to 2^53, and cjson would print them with 14
 * digits), p = platform code, j = joinedAt ms (string), a = account.
 * Numbers in feed JSON are written by hand for the same reason.
 */

const COMMON = `
local PLATFORMS = { [1] = 'android', [2] = 'ios', [5] = 'windows', [6] = 'linux', [7] = 'web', [8] = 'macos' }
local function member_json(uid, rec)
  local s = '{"uid":' .. uid .. ',"role":"' .. rec.r .. '","platform":"' .. (PLATFORMS[tonumber(rec.p)] or 'other') ..
    '","joinedAt":' .. rec.j
  if rec.a then s = s .. ',"account":' .. cjson.encode(rec.a) end
  return s .. '}'
end
`;

/** Keys of one delivery in {@link APPLY_SCRIPT}, and ARGV fields of one delivery. */
export const APPLY_KEYS_PER_DELIVERY = 7;
export const APPLY_ARGS_PER_DELIVERY = 11;
/** KEYS and ARGV before the first delivery's. */
export const APPLY_SHARED_KEYS = 2;
export const APPLY_SHARED_ARGS = 7;

/**
 * Stores a batch of deliveries of ONE bucket (so one Redis Cluster slot), in
 * order, as if each had its own call: one round trip and one publish for all.
 *
 * KEYS: marker (bucket epoch), pubseq (bucket), then per delivery:
 *       seen, users (hash), tombstones (zset of expiry), seq, log (stream),
 *       meta (hash: on = online count, v = version, destroyedAt),
 *       floor (hash: i = last id, v = last version; outlives a forgotten channel)
 * ARGV: now, dedupeMs, tombstoneMs, logSize, feed (sharded pub/sub channel),
 *       epoch the caller believes in, floorMs, then per delivery:
 *       channelName, kind, uid, clientSeq, role, platform, ts, joinedAtMs,
 *       account, reason, reasonName
 * Returns { 'reset', marker or '' } (nothing written: the bucket's marker is
 * missing, its node lost its data, or holds another epoch) | { 'ok', result... }
 * with one result per delivery: { 'duplicate' } | { 'stale' } | { 'applied', eventJson... }
 *
 * Published message: "<epoch> <pubseq> [eventJson,...]" (every event of the
 * batch), so every subscriber sees a reset (another epoch) or a lost message
 * (a gap in the bucket's pubseq).
 */
export const APPLY_SCRIPT = `${COMMON}
-- Reset detection on the write path, at the cost of one GET inside the script
-- (no extra round trip): without it, ids would start again at 1 under the old epoch.
local marker = redis.call('GET', KEYS[1])
if marker ~= ARGV[6] then return { 'reset', marker or '' } end
local now = tonumber(ARGV[1])
local tomb_ms = tonumber(ARGV[3])
local floor_ms = ARGV[7]

local function deliver(K, A)
  -- K: seen, users, tomb, seq, log, meta, floor; A: channelName, kind, uid, clientSeq,
  -- role, platform, ts, joinedAtMs, account, reason, reasonName
  if redis.call('EXISTS', K[1]) == 1 then return { 'duplicate' } end
  -- The dedupe mark is written last (SET NX with a TTL): Redis does not roll back a
  -- script that fails halfway, and a mark without the write would turn NCS's
  -- retry of a lost event into a "duplicate".
  local function mark() redis.call('SET', K[1], '1', 'NX', 'PX', ARGV[2]) end
  local kind = A[2]
  local uid = A[3]
  local ts = tonumber(A[7])
  local rec = nil
  if kind ~= 'create' and kind ~= 'destroy' then
    -- staleness first: a dropped delivery writes nothing but its dedupe mark
    local raw = redis.call('HGET', K[2], uid)
    rec = raw and cjson.decode(raw) or nil
    if rec and rec.o == 0 then
      -- an offline record past its horizon counts as unknown (the expiry below removes it)
      local expires = redis.call('ZSCORE', K[3], uid)
      if expires and tonumber(expires) <= now then rec = nil end
    end
    if rec and tonumber(A[4]) <= tonumber(rec.s) then mark() return { 'stale' } end
    local destroyed = redis.call('HGET', K[6], 'destroyedAt')
    if kind ~= 'leave' and destroyed and ts < tonumber(destroyed) then mark() return { 'stale' } end
  end

  if redis.call('HEXISTS', K[6], 'on') == 0 then
    -- A new channel, or one written before the online count existed: count once.
    local on = 0
    for _, raw in ipairs(redis.call('HVALS', K[2])) do
      if cjson.decode(raw).o == 1 then on = on + 1 end
    end
    redis.call('HSET', K[6], 'on', on)
  end
  if redis.call('HEXISTS', K[6], 'v') == 0 then
    -- versions go on from a forgotten channel's, else from a time-based start
    -- (1000 per ms): a version is never seen twice for one channel
    redis.call('HSET', K[6], 'v', redis.call('HGET', K[7], 'v') or string.format('%.0f', now * 1000))
  end
  local expired = redis.call('ZRANGEBYSCORE', K[3], '-inf', now, 'LIMIT', 0, 200)
  for _, u in ipairs(expired) do
    local raw = redis.call('HGET', K[2], u)
    if raw and cjson.decode(raw).o == 0 then redis.call('HDEL', K[2], u) end
    redis.call('ZREM', K[3], u)
  end

  local channel_json = cjson.encode(A[1])
  local changes = {}

  local function put(u, r, was_online)
    redis.call('HSET', K[2], u, cjson.encode(r))
    redis.call('HINCRBY', K[6], 'v', 1)
    if r.o == 1 and not was_online then redis.call('HINCRBY', K[6], 'on', 1)
    elseif r.o == 0 and was_online then redis.call('HINCRBY', K[6], 'on', -1) end
    if r.o == 1 then redis.call('ZREM', K[3], u) else redis.call('ZADD', K[3], now + tomb_ms, u) end
  end

  if kind == 'destroy' then
    local destroyed = tonumber(redis.call('HGET', K[6], 'destroyedAt') or '0')
    if ts > destroyed then redis.call('HSET', K[6], 'destroyedAt', A[7]) end
    local all = redis.call('HGETALL', K[2])
    for i = 1, #all, 2 do
      local r = cjson.decode(all[i + 1])
      if r.o == 1 then
        r.o = 0
        put(all[i], r, true)
        changes[#changes + 1] = '"type":"leave","uid":' .. all[i] .. ',"role":"' .. r.r ..
          '","reason":null,"reasonName":"channel-destroyed","at":' .. A[8]
      end
    end
  elseif kind ~= 'create' then
    local account = A[9] ~= '' and A[9] or (rec and rec.a or nil)
    local role = A[5]
    local nextrec
    if kind == 'join' then
      nextrec = { o = 1, r = role, s = A[4], p = tonumber(A[6]), j = A[8], a = account }
      changes[1] = '"type":"join","member":' .. member_json(uid, nextrec)
    elseif kind == 'leave' then
      nextrec = { o = 0, r = rec and rec.r or role, s = A[4], p = tonumber(A[6]),
        j = rec and rec.j or A[8], a = account }
      if rec and rec.o == 1 then
        changes[1] = '"type":"leave","uid":' .. uid .. ',"role":"' .. rec.r .. '","reason":' .. A[10] ..
          ',"reasonName":"' .. A[11] .. '","at":' .. A[8]
      end
    elseif rec and rec.o == 1 then
      nextrec = { o = 1, r = role, s = A[4], p = rec.p, j = rec.j, a = account }
      if rec.r ~= role then changes[1] = '"type":"role","uid":' .. uid .. ',"role":"' .. role .. '"' end
    else
      nextrec = { o = 1, r = role, s = A[4], p = rec and rec.p or 0, j = A[8], a = account }
      changes[1] = '"type":"join","member":' .. member_json(uid, nextrec)
    end
    put(uid, nextrec, rec ~= nil and rec.o == 1)
  end

  local out = { 'applied' }
  if #changes > 0 and redis.call('EXISTS', K[4]) == 0 then
    -- A channel coming back after it was forgotten numbers above every id it had.
    local floor = redis.call('HGET', K[7], 'i')
    if floor then redis.call('SET', K[4], floor) end
  end
  for i, change in ipairs(changes) do
    local id = redis.call('INCR', K[4])
    local json = '{"id":' .. id .. ',"channelName":' .. channel_json .. ',' .. change .. '}'
    redis.call('XADD', K[5], 'MAXLEN', ARGV[4], id .. '-0', 'e', json)
    out[i + 1] = json
  end
  -- Nobody online: the channel's keys expire tombstoneMs after this last write
  -- (its offline records are past their horizon by then), and its floor keeps
  -- its last id and version for floorMs. Someone online: kept.
  local channel_keys = { K[2], K[3], K[4], K[5], K[6] }
  if tonumber(redis.call('HGET', K[6], 'on')) > 0 then
    -- the keys get and lose their TTLs together: meta's tells for all
    if redis.call('PTTL', K[6]) ~= -1 then
      for _, key in ipairs(channel_keys) do redis.call('PERSIST', key) end
    end
  else
    local last = redis.call('GET', K[4]) or redis.call('HGET', K[7], 'i') or '0'
    redis.call('HSET', K[7], 'i', last, 'v', redis.call('HGET', K[6], 'v'))
    redis.call('PEXPIRE', K[7], floor_ms)
    for _, key in ipairs(channel_keys) do redis.call('PEXPIRE', key, tomb_ms) end
  end
  mark()
  return out
end

local results = { 'ok' }
local events = {}
local n = (#KEYS - ${APPLY_SHARED_KEYS}) / ${APPLY_KEYS_PER_DELIVERY}
for d = 0, n - 1 do
  local K, A = {}, {}
  for i = 1, ${APPLY_KEYS_PER_DELIVERY} do K[i] = KEYS[${APPLY_SHARED_KEYS} + d * ${APPLY_KEYS_PER_DELIVERY} + i] end
  for i = 1, ${APPLY_ARGS_PER_DELIVERY} do A[i] = ARGV[${APPLY_SHARED_ARGS} + d * ${APPLY_ARGS_PER_DELIVERY} + i] end
  local result = deliver(K, A)
  results[d + 2] = result
  for i = 2, #result do events[#events + 1] = result[i] end
end
if #events > 0 then
  redis.call('SPUBLISH', ARGV[5],
    ARGV[6] .. ' ' .. redis.call('INCR', KEYS[2]) .. ' [' .. table.concat(events, ',') .. ']')
end
return results
`;

/**
 * KEYS: users, seq, meta, floor, marker (the bucket's epoch). Returns { lastEventId, version, epoch,
 * member json... } in one atomic read, so a snapshot and its lastEventId always
 * agree. `version` changes with every record write ('0': no such channel):
 * equal versions mean an identical list. `epoch` ('' when missing) lets the
 * reader see a reset.
 */
export const PRESENCE_SCRIPT = `${COMMON}
local last = redis.call('GET', KEYS[2]) or redis.call('HGET', KEYS[4], 'i') or '0'
local out = { tonumber(last), redis.call('HGET', KEYS[3], 'v') or '0', redis.call('GET', KEYS[5]) or '' }
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local rec = cjson.decode(all[i + 1])
  if rec.o == 1 then out[#out + 1] = member_json(all[i], rec) end
end
return out
`;

/** KEYS: meta, marker. Returns { version, epoch } ('0' / '' when missing): the cached-read check. */
export const VERSION_SCRIPT = `
return { redis.call('HGET', KEYS[1], 'v') or '0', redis.call('GET', KEYS[2]) or '' }
`;

/**
 * KEYS: log, seq, floor, marker. ARGV: afterId, epoch the caller believes in.
 * Returns { 'ok', eventJson... }, { 'gone' } when the events after afterId
 * cannot all be replayed, or { 'reset' } when the epoch is not the caller's.
 */
export const REPLAY_SCRIPT = `
if redis.call('GET', KEYS[4]) ~= ARGV[2] then return { 'reset' } end
local after = tonumber(ARGV[1])
local last = tonumber(redis.call('GET', KEYS[2]) or redis.call('HGET', KEYS[3], 'i') or '0')
if after > last then return { 'gone' } end
if after == last then return { 'ok' } end
local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)[1]
if not first or tonumber(string.match(first[1], '^(%d+)')) > after + 1 then return { 'gone' } end
local entries = redis.call('XRANGE', KEYS[1], '(' .. ARGV[1] .. '-0', '+')
local out = { 'ok' }
for _, entry in ipairs(entries) do out[#out + 1] = entry[2][2] end
return out
`;

/** KEYS: the global epoch key. ARGV: expected, next. Moves the epoch of record only if it is still `expected`. */
export const BUMP_EPOCH_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) return 1 end
return 0
`;
