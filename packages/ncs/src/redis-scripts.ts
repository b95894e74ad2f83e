/**
 * Lua scripts of the Redis store. Each runs atomically inside Redis, so the
 * per-user compare-and-set on clientSeq, the dedupe, the log append and the
 * publish happen as one step even with several server instances writing.
 *
 * The apply script is the Lua twin of `transition()` in tracker.ts
 * (agora-notes.md §3); both stores run the same contract tests.
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

/**
 * KEYS: dedupe, users (hash), tombstones (zset of expiry), seq, log (stream),
 *       meta (hash: on = online count, v = version, destroyedAt),
 *       floor (global: highest id of a forgotten channel), versions (global counter),
 *       epoch (global), pubseq (global: numbers the pub/sub messages)
 * ARGV: now, dedupeMs, tombstoneMs, logSize, pubsubChannel, channelName, kind,
 *       uid, clientSeq, role, platform, ts, joinedAtMs, account, reason, reasonName,
 *       epoch the caller believes in
 * Returns { 'reset' } (nothing written: the epoch key is missing or another one,
 * so Redis lost its data) | { 'duplicate' } | { 'stale' } | { 'applied', eventJson... }
 *
 * Published message: "<epoch> <pubseq> [eventJson,...]", so every instance's
 * subscriber sees a reset (another epoch) or a lost message (a pubseq gap).
 */
export const APPLY_SCRIPT = `${COMMON}
-- Reset detection on the write path, at the cost of one GET inside the script
-- (no extra round trip): without it, ids would start again at 1 under the old epoch.
if redis.call('GET', KEYS[9]) ~= ARGV[17] then return { 'reset' } end
local now = tonumber(ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 1 then return { 'duplicate' } end
-- The dedupe mark is written last (SET NX with a TTL): Redis does not roll back a
-- script that fails halfway, and a mark without the write would turn NCS's
-- retry of a lost event into a "duplicate".
local function mark() redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[2]) end

local tomb_ms = tonumber(ARGV[3])
if redis.call('HEXISTS', KEYS[6], 'on') == 0 then
  -- A new channel, or one written before the online count existed: count once.
  local on = 0
  for _, raw in ipairs(redis.call('HVALS', KEYS[2])) do
    if cjson.decode(raw).o == 1 then on = on + 1 end
  end
  redis.call('HSET', KEYS[6], 'on', on)
end
local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, 200)
for _, u in ipairs(expired) do
  local raw = redis.call('HGET', KEYS[2], u)
  if raw and cjson.decode(raw).o == 0 then redis.call('HDEL', KEYS[2], u) end
  redis.call('ZREM', KEYS[3], u)
end

local channel_json = cjson.encode(ARGV[6])
local kind = ARGV[7]
local uid = ARGV[8]
local ts = tonumber(ARGV[12])
local changes = {}

local function put(u, rec, was_online)
  redis.call('HSET', KEYS[2], u, cjson.encode(rec))
  -- versions come from one global counter, so a forgotten channel's come-back never repeats one
  redis.call('HSET', KEYS[6], 'v', redis.call('INCR', KEYS[8]))
  if rec.o == 1 and not was_online then redis.call('HINCRBY', KEYS[6], 'on', 1)
  elseif rec.o == 0 and was_online then redis.call('HINCRBY', KEYS[6], 'on', -1) end
  if rec.o == 1 then redis.call('ZREM', KEYS[3], u) else redis.call('ZADD', KEYS[3], now + tomb_ms, u) end
end

if kind == 'destroy' then
  local destroyed = tonumber(redis.call('HGET', KEYS[6], 'destroyedAt') or '0')
  if ts > destroyed then redis.call('HSET', KEYS[6], 'destroyedAt', ARGV[12]) end
  local all = redis.call('HGETALL', KEYS[2])
  for i = 1, #all, 2 do
    local rec = cjson.decode(all[i + 1])
    if rec.o == 1 then
      rec.o = 0
      put(all[i], rec, true)
      changes[#changes + 1] = '"type":"leave","uid":' .. all[i] .. ',"role":"' .. rec.r ..
        '","reason":null,"reasonName":"channel-destroyed","at":' .. ARGV[13]
    end
  end
elseif kind ~= 'create' then
  local seq = tonumber(ARGV[9])
  local raw = redis.call('HGET', KEYS[2], uid)
  local rec = raw and cjson.decode(raw) or nil
  if rec and seq <= tonumber(rec.s) then mark() return { 'stale' } end
  local destroyed = redis.call('HGET', KEYS[6], 'destroyedAt')
  if kind ~= 'leave' and destroyed and ts < tonumber(destroyed) then mark() return { 'stale' } end
  local account = ARGV[14] ~= '' and ARGV[14] or (rec and rec.a or nil)
  local role = ARGV[10]
  local nextrec
  if kind == 'join' then
    nextrec = { o = 1, r = role, s = ARGV[9], p = tonumber(ARGV[11]), j = ARGV[13], a = account }
    changes[1] = '"type":"join","member":' .. member_json(uid, nextrec)
  elseif kind == 'leave' then
    nextrec = { o = 0, r = rec and rec.r or role, s = ARGV[9], p = tonumber(ARGV[11]),
      j = rec and rec.j or ARGV[13], a = account }
    if rec and rec.o == 1 then
      changes[1] = '"type":"leave","uid":' .. uid .. ',"role":"' .. rec.r .. '","reason":' .. ARGV[15] ..
        ',"reasonName":"' .. ARGV[16] .. '","at":' .. ARGV[13]
    end
  elseif rec and rec.o == 1 then
    nextrec = { o = 1, r = role, s = ARGV[9], p = rec.p, j = rec.j, a = account }
    if rec.r ~= role then changes[1] = '"type":"role","uid":' .. uid .. ',"role":"' .. role .. '"' end
  else
    nextrec = { o = 1, r = role, s = ARGV[9], p = rec and rec.p or 0, j = ARGV[13], a = account }
    changes[1] = '"type":"join","member":' .. member_json(uid, nextrec)
  end
  put(uid, nextrec, rec ~= nil and rec.o == 1)
end

local out = { 'applied' }
if #changes > 0 and redis.call('EXISTS', KEYS[4]) == 0 then
  -- A channel coming back after it was forgotten numbers above every id it had.
  local floor = redis.call('GET', KEYS[7])
  if floor then redis.call('SET', KEYS[4], floor) end
end
for i, change in ipairs(changes) do
  local id = redis.call('INCR', KEYS[4])
  local json = '{"id":' .. id .. ',"channelName":' .. channel_json .. ',' .. change .. '}'
  redis.call('XADD', KEYS[5], 'MAXLEN', ARGV[4], id .. '-0', 'e', json)
  out[i + 1] = json
end
-- Nobody online: the channel's keys expire tombstoneMs after this last write
-- (its offline records are past their horizon by then). Someone online: kept.
local channel_keys = { KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6] }
if tonumber(redis.call('HGET', KEYS[6], 'on')) > 0 then
  -- the keys get and lose their TTLs together: meta's tells for all
  if redis.call('PTTL', KEYS[6]) ~= -1 then
    for _, key in ipairs(channel_keys) do redis.call('PERSIST', key) end
  end
else
  local last = tonumber(redis.call('GET', KEYS[4]) or '0')
  if last > tonumber(redis.call('GET', KEYS[7]) or '0') then redis.call('SET', KEYS[7], last) end
  for _, key in ipairs(channel_keys) do redis.call('PEXPIRE', key, tomb_ms) end
end
mark()
if #changes > 0 then
  redis.call('PUBLISH', ARGV[5],
    ARGV[17] .. ' ' .. redis.call('INCR', KEYS[10]) .. ' [' .. table.concat(out, ',', 2) .. ']')
end
return out
`;

/**
 * KEYS: users, seq, meta, floor, epoch. Returns { lastEventId, version, epoch,
 * member json... } in one atomic read, so a snapshot and its lastEventId always
 * agree. `version` changes with every record write ('0': no such channel):
 * equal versions mean an identical list. `epoch` ('' when missing) lets the
 * reader see a reset.
 */
export const PRESENCE_SCRIPT = `${COMMON}
local last = redis.call('GET', KEYS[2]) or redis.call('GET', KEYS[4]) or '0'
local out = { tonumber(last), redis.call('HGET', KEYS[3], 'v') or '0', redis.call('GET', KEYS[5]) or '' }
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local rec = cjson.decode(all[i + 1])
  if rec.o == 1 then out[#out + 1] = member_json(all[i], rec) end
end
return out
`;

/** KEYS: meta, epoch. Returns { version, epoch } ('0' / '' when missing): the cached-read check. */
export const VERSION_SCRIPT = `
return { redis.call('HGET', KEYS[1], 'v') or '0', redis.call('GET', KEYS[2]) or '' }
`;

/**
 * KEYS: log, seq, floor, epoch. ARGV: afterId, epoch the caller believes in.
 * Returns { 'ok', eventJson... }, { 'gone' } when the events after afterId
 * cannot all be replayed, or { 'reset' } when the epoch is not the caller's.
 */
export const REPLAY_SCRIPT = `
if redis.call('GET', KEYS[4]) ~= ARGV[2] then return { 'reset' } end
local after = tonumber(ARGV[1])
local last = tonumber(redis.call('GET', KEYS[2]) or redis.call('GET', KEYS[3]) or '0')
if after > last then return { 'gone' } end
if after == last then return { 'ok' } end
local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)[1]
if not first or tonumber(string.match(first[1], '^(%d+)')) > after + 1 then return { 'gone' } end
local entries = redis.call('XRANGE', KEYS[1], '(' .. ARGV[1] .. '-0', '+')
local out = { 'ok' }
for _, entry in ipairs(entries) do out[#out + 1] = entry[2][2] end
return out
`;
