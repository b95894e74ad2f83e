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

import { STATS_LIB } from './redis-stats';

const COMMON = `
local PLATFORMS = { [1] = 'android', [2] = 'ios', [5] = 'windows', [6] = 'linux', [7] = 'web', [8] = 'macos' }
local function member_json(uid, rec)
  local s = '{"uid":' .. uid .. ',"role":"' .. rec.r .. '","platform":"' .. (PLATFORMS[tonumber(rec.p)] or 'other') ..
    '","joinedAt":' .. rec.j
  if rec.a then s = s .. ',"account":' .. cjson.encode(rec.a) end
  return s .. '}'
end
`;

/** Keys per channel of a batch in {@link APPLY_SCRIPT}: presence, then (stats on) the 7 stats keys. */
export const APPLY_PRESENCE_KEYS = 6;
export const APPLY_STATS_KEYS = 7;
/** KEYS and ARGV before the first channel's. */
export const APPLY_SHARED_KEYS = 2;
export const APPLY_SHARED_ARGS = 11;

/**
 * Stores a batch of deliveries of ONE bucket (so one Redis Cluster slot),
 * presence and audience stats together, as if each delivery had its own
 * call: one round trip and one publish for all. The batch comes grouped by
 * channel (channels are independent; within a channel, arrival order).
 *
 * KEYS: marker (bucket epoch), pubseq (bucket), then per channel: users (hash),
 *       tomb (zset of expiry), seq, log (stream), meta (hash: on = online count,
 *       v = version, destroyedAt), floor (hash: i = last id, v = last version;
 *       outlives a forgotten channel), [stats on: the 7 stats keys of
 *       redis-stats.ts], then the dedupe mark ("seen") of each of its deliveries
 * ARGV: now, dedupeMs, tombstoneMs, logSize, feed (sharded pub/sub channel),
 *       epoch the caller believes in, floorMs, stats ('1' | '0'), statsWindowMs,
 *       statsMaxEvents, stats key TTL ms, then per channel: channelName, count,
 *       then per delivery one packed line (one argument instead of eleven):
 *       kind,uid,clientSeq,role,platform,ts,reason,reasonName,statsCode,account
 *       with '' for what the kind does not have; nothing before the account can
 *       contain a comma, and the account (free text) is the rest of the line.
 * Returns { 'reset', marker or '' } (nothing written: the bucket's marker is
 * missing, its node lost its data, or holds another epoch) | { 'ok', result... }
 * with one result per delivery, in batch order: 'd' (duplicate), 's' (stale) or
 * 'a' followed by the JSON array of its feed events.
 *
 * Per channel, the counters (online count, version, last id, destroyedAt) are
 * read once, kept in Lua while its deliveries run, and written back once; the
 * key TTLs are settled once. The dedupe marks are written after the channel's
 * writes (SET NX with a TTL): Redis does not roll back a script that fails
 * halfway, and a mark without its write would turn NCS's retry of a lost event
 * into a "duplicate". The stats run last, for every delivery (duplicates
 * included: they are idempotent), so a batch whose stats failed is answered
 * 503 and NCS's retry, a presence duplicate, completes them.
 *
 * Published message: "<epoch> <pubseq> [eventJson,...]" (every event of the
 * batch), so every subscriber sees a reset (another epoch) or a lost message
 * (a gap in the bucket's pubseq).
 */
export const APPLY_SCRIPT = `${COMMON}
${STATS_LIB}
-- Reset detection on the write path, at the cost of one GET inside the script
-- (no extra round trip): without it, ids would start again at 1 under the old epoch.
local marker = redis.call('GET', KEYS[1])
if marker ~= ARGV[6] then return { 'reset', marker or '' } end
local now = tonumber(ARGV[1])
local dedupe_ms = ARGV[2]
local tomb_ms = tonumber(ARGV[3])
local log_size = ARGV[4]
local floor_ms = ARGV[7]
local stats_on = ARGV[8] == '1'
local stats_args = { ARGV[1], ARGV[9], ARGV[10], ARGV[11], 50, 'write' }
local n_keys = ${APPLY_PRESENCE_KEYS} + (stats_on and ${APPLY_STATS_KEYS} or 0)
local function fmt(n) return string.format('%d', n) end
local function record_json(r)
  -- by hand: the fields are digits and our own words, the account the only free text
  local s = '{"o":' .. r.o .. ',"r":"' .. r.r .. '","s":"' .. r.s .. '","p":' .. r.p .. ',"j":"' .. r.j .. '"'
  if r.a then s = s .. ',"a":' .. cjson.encode(r.a) end
  return s .. '}'
end

local results = { 'ok' }
local published = {}

-- One channel's deliveries. K: its keys (presence, then stats); seen: first KEYS index of
-- its dedupe marks; a: ARGV index of its first delivery.
local function channel(K, seen, a, n, name)
  local users, tomb, seqk, log, meta, floor = K[1], K[2], K[3], K[4], K[5], K[6]
  local channel_json = cjson.encode(name)
  local m = redis.call('HMGET', meta, 'on', 'v', 'destroyedAt')
  local on, v, destroyed = tonumber(m[1]), tonumber(m[2]), tonumber(m[3])
  local destroyed_changed = false
  local ready = false -- counters and expiry settled (on the first delivery that writes)
  local last_id = nil -- the channel's last feed id, read when the first event needs one
  local ids_changed = false
  local marks = {}
  local marked = {} -- dedupe marks of this batch, not written yet
  local stats_events = {}

  local function setup()
    ready = true
    if not on then
      -- A new channel, or one written before the online count existed: count once.
      on = 0
      for _, raw in ipairs(redis.call('HVALS', users)) do
        if cjson.decode(raw).o == 1 then on = on + 1 end
      end
    end
    if not v then
      -- versions go on from a forgotten channel's, else from a time-based start
      -- (1000 per ms): a version is never seen twice for one channel
      v = tonumber(redis.call('HGET', floor, 'v') or '') or math.floor(now * 1000)
    end
    local expired = redis.call('ZRANGEBYSCORE', tomb, '-inf', now, 'LIMIT', 0, 200)
    for _, u in ipairs(expired) do
      local raw = redis.call('HGET', users, u)
      if raw and cjson.decode(raw).o == 0 then redis.call('HDEL', users, u) end
      redis.call('ZREM', tomb, u)
    end
  end

  -- had_record: u has a record in users, so maybe an expiry entry in tomb
  local function put(u, r, was_online, had_record)
    redis.call('HSET', users, u, record_json(r))
    v = v + 1
    if r.o == 1 then
      -- an online record never has an expiry entry: only one coming back does
      if not was_online then
        on = on + 1
        if had_record then redis.call('ZREM', tomb, u) end
      end
    else
      if was_online then on = on - 1 end
      redis.call('ZADD', tomb, now + tomb_ms, u)
    end
  end

  local function number(changes, out)
    if #changes == 0 then return end
    if not last_id then
      -- A channel coming back after it was forgotten numbers above every id it had.
      last_id = tonumber(redis.call('GET', seqk) or redis.call('HGET', floor, 'i') or '0')
    end
    for _, change in ipairs(changes) do
      last_id = last_id + 1
      local id = fmt(last_id)
      local json = '{"id":' .. id .. ',"channelName":' .. channel_json .. ',' .. change .. '}'
      redis.call('XADD', log, 'MAXLEN', log_size, id .. '-0', 'e', json)
      out[#out + 1] = json
      published[#published + 1] = json
    end
    ids_changed = true
  end

  local function deliver(seen_key, packed)
    -- the account last: the only free text, commas and all
    local kind, uid, cseq, role, platform, ts_s, reason, reason_name, code, account_arg =
      string.match(packed, '^(%a+),(%d*),(%d*),(%a*),(%d*),(%d+),(%d*),([%a-]*),(%d*),(.*)$')
    if not kind then error('malformed delivery: ' .. packed) end
    if code ~= '' then
      stats_events[#stats_events + 1] = 'user'
      stats_events[#stats_events + 1] = uid
      stats_events[#stats_events + 1] = cseq
      stats_events[#stats_events + 1] = ts_s
      stats_events[#stats_events + 1] = code
    elseif kind == 'destroy' then
      stats_events[#stats_events + 1] = 'destroy'
      stats_events[#stats_events + 1] = ''
      stats_events[#stats_events + 1] = '0'
      stats_events[#stats_events + 1] = ts_s
      stats_events[#stats_events + 1] = '0'
    end
    if marked[seen_key] or redis.call('EXISTS', seen_key) == 1 then return 'd' end
    marked[seen_key] = true
    marks[#marks + 1] = seen_key
    local ts = tonumber(ts_s)
    local at = fmt(ts * 1000)
    local rec = nil
    local raw = nil
    if kind ~= 'create' and kind ~= 'destroy' then
      -- staleness first: a dropped delivery writes nothing but its dedupe mark
      raw = redis.call('HGET', users, uid)
      rec = raw and cjson.decode(raw) or nil
      if rec and rec.o == 0 then
        -- an offline record past its horizon counts as unknown (the expiry below removes it)
        local expires = redis.call('ZSCORE', tomb, uid)
        if expires and tonumber(expires) <= now then rec = nil end
      end
      if rec and tonumber(cseq) <= tonumber(rec.s) then return 's' end
      if kind ~= 'leave' and destroyed and ts < destroyed then return 's' end
    end
    if not ready then setup() end

    local changes = {}
    if kind == 'destroy' then
      if ts > (destroyed or 0) then
        destroyed = ts
        destroyed_changed = true
      end
      local all = redis.call('HGETALL', users)
      for i = 1, #all, 2 do
        local r = cjson.decode(all[i + 1])
        if r.o == 1 then
          r.o = 0
          put(all[i], r, true, true)
          changes[#changes + 1] = '"type":"leave","uid":' .. all[i] .. ',"role":"' .. r.r ..
            '","reason":null,"reasonName":"channel-destroyed","at":' .. at
        end
      end
    elseif kind ~= 'create' then
      local account = account_arg ~= '' and account_arg or (rec and rec.a or nil)
      local nextrec
      if kind == 'join' then
        nextrec = { o = 1, r = role, s = cseq, p = tonumber(platform), j = at, a = account }
        changes[1] = '"type":"join","member":' .. member_json(uid, nextrec)
      elseif kind == 'leave' then
        nextrec = { o = 0, r = rec and rec.r or role, s = cseq, p = tonumber(platform),
          j = rec and rec.j or at, a = account }
        if rec and rec.o == 1 then
          changes[1] = '"type":"leave","uid":' .. uid .. ',"role":"' .. rec.r .. '","reason":' .. reason ..
            ',"reasonName":"' .. reason_name .. '","at":' .. at
        end
      elseif rec and rec.o == 1 then
        nextrec = { o = 1, r = role, s = cseq, p = rec.p, j = rec.j, a = account }
        if rec.r ~= role then changes[1] = '"type":"role","uid":' .. uid .. ',"role":"' .. role .. '"' end
      else
        nextrec = { o = 1, r = role, s = cseq, p = rec and rec.p or 0, j = at, a = account }
        changes[1] = '"type":"join","member":' .. member_json(uid, nextrec)
      end
      put(uid, nextrec, rec ~= nil and rec.o == 1, raw ~= nil)
    end
    local out = {}
    number(changes, out)
    return 'a[' .. table.concat(out, ',') .. ']'
  end

  for d = 0, n - 1 do
    results[#results + 1] = deliver(KEYS[seen + d], ARGV[a + d])
  end

  if ready then
    local fields = { 'on', on, 'v', string.format('%.0f', v) }
    if destroyed_changed then fields[5] = 'destroyedAt' fields[6] = fmt(destroyed) end
    redis.call('HSET', meta, unpack(fields))
    if ids_changed then redis.call('SET', seqk, fmt(last_id)) end
    -- Nobody online: the channel's keys expire tombstoneMs after this last write
    -- (its offline records are past their horizon by then), and its floor keeps
    -- its last id and version for floorMs. Someone online: kept.
    local channel_keys = { users, tomb, seqk, log, meta }
    if on > 0 then
      -- the keys get and lose their TTLs together: meta's tells for all
      if redis.call('PTTL', meta) ~= -1 then
        for _, key in ipairs(channel_keys) do redis.call('PERSIST', key) end
      end
    else
      local last = last_id and fmt(last_id) or redis.call('GET', seqk) or redis.call('HGET', floor, 'i') or '0'
      redis.call('HSET', floor, 'i', last, 'v', string.format('%.0f', v))
      redis.call('PEXPIRE', floor, floor_ms)
      for _, key in ipairs(channel_keys) do redis.call('PEXPIRE', key, tomb_ms) end
    end
  end
  for _, key in ipairs(marks) do redis.call('SET', key, '1', 'NX', 'PX', dedupe_ms) end

  if stats_on and #stats_events > 0 then
    local args = { stats_args[1], stats_args[2], stats_args[3], stats_args[4], stats_args[5], stats_args[6] }
    for _, x in ipairs(stats_events) do args[#args + 1] = x end
    stats_run({ K[7], K[8], K[9], K[10], K[11], K[12], K[13] }, args)
  end
end

local k, a = ${APPLY_SHARED_KEYS} + 1, ${APPLY_SHARED_ARGS} + 1
while a <= #ARGV do
  local name, n = ARGV[a], tonumber(ARGV[a + 1])
  local K = {}
  for i = 1, n_keys do K[i] = KEYS[k + i - 1] end
  channel(K, k + n_keys, a + 2, n, name)
  k = k + n_keys + n
  a = a + 2 + n
end
if #published > 0 then
  redis.call('SPUBLISH', ARGV[5],
    ARGV[6] .. ' ' .. redis.call('INCR', KEYS[2]) .. ' [' .. table.concat(published, ',') .. ']')
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
