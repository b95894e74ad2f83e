import { NcsError } from './errors';
import { bucketOf } from './redis-keys';
import { computeStats, type ChannelStats, type MinuteSummary } from './stats';

/**
 * The Redis twin of `stats-tracker.ts` (the memory store's stats): one Lua
 * function, `stats_run`, run inside the apply script for each batch's
 * deliveries (redis-scripts.ts) and on its own for a read, keeps per channel,
 * in keys that all share the channel's hash tag (one Redis Cluster slot):
 *
 * - `st:u:<channel>` hash uid -> "on,host,since,seq,last,H,A|sessions|events": the user's
 *   fold state, its sessions as the aggregates hold them and its kept events
 *   (`seq,ts,code;...`, sorted by seq, ts, code; seq kept as the decimal
 *   string it came in, since Lua prints doubles with 14 digits);
 * - `st:q` zset uid -> ts of its first kept event: whom to trim when minutes
 *   leave the window;
 * - `st:m` hash minute -> "joins,leaves,net,best,bestAt", `st:d` hash minute ->
 *   its 60 per-second audience changes, `P` and 60 little-endian int32 (Redis's
 *   `struct`, in C, with no number printed or parsed: cjson spent about 25 µs
 *   per minute and call on them); the JSON arrays and "second:delta,..." strings
 *   of earlier releases are still read;
 * - `st:w` hash session seconds -> count; `st:k` zset of 102 times;
 * - `st:x` hash: h hosts, a audience, v unique viewers, c first minute of the
 *   window, n kept events.
 *
 * The walk is `walkUser()` of stats.ts line for line; both stores run the same
 * contract tests (test/helpers/stats-contract.ts). Every write is idempotent (the same
 * event twice is found in the user's history), so the store runs it for every
 * delivery, duplicates included, after the presence writes of the same call: a
 * delivery whose presence write landed but whose stats write failed is
 * answered 503 and the retry completes it.
 *
 * ARGV: now ms, windowMs, maxEvents, ttl ms, trim limit (0: all), op
 * ('write' | 'read'), then per event of a write (the deliveries of one
 * event-loop turn for this channel): kind ('user' | 'destroy'), uid, seq, ts s, code.
 * A write returns { hosts, audience, uniqueViewers, cutMinute }; a read adds
 * minuteCount, (minute, summary)..., (seconds, count)....
 */
export const STATS_LIB = `
local function stats_run(KEYS, ARGV)
local KU, KQ, KM, KD, KW, KX, KK = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local max_events = tonumber(ARGV[3])
local ttl = tonumber(ARGV[4])
local trim_limit = tonumber(ARGV[5])
local op = ARGV[6]

local function fmt(n) return string.format('%d', n) end
local function b(x) if x then return 1 else return 0 end end
-- strings written as they are: Lua turns a number into text with sprintf('%.14g')
local function bs(x) if x then return '1' else return '0' end end
local CODE = { [0] = '0', '1', '2', '3', '4' }
-- a minute's 60 per-second audience changes in st:d: 'P' then 60 little-endian int32
local DELTAS = '<' .. string.rep('i4', 60)

local meta = redis.call('HMGET', KX, 'h', 'a', 'v', 'c', 'n', 'e')
local hosts = tonumber(meta[1] or '0')
local aud = tonumber(meta[2] or '0')
local uv = tonumber(meta[3] or '0')
local computed_cut = math.floor((now - window) / 60000)
local cut = tonumber(meta[4] or '') or computed_cut
local n_events = tonumber(meta[5] or '0')
-- 1: the keys carry a TTL (nobody was online at the last write)
local expiring = meta[6] == '1'

local destroys = {}
for _, d in ipairs(redis.call('ZRANGE', KK, 0, -1)) do destroys[#destroys + 1] = tonumber(d) end

-- minutes touched by this call, written back once at the end
local mins = {}
local function minute_of(m)
  local e = mins[m]
  if e then return e end
  local f = fmt(m)
  -- d: the minute's 60 per-second changes, d[second + 1]
  e = { j = 0, l = 0, d = nil }
  local sm = redis.call('HGET', KM, f)
  local raw = sm and redis.call('HGET', KD, f) or ''
  if sm then
    local j, l = string.match(sm, '^(-?%d+),(-?%d+)')
    e.j = tonumber(j)
    e.l = tonumber(l)
  end
  local first = string.byte(raw, 1)
  if first == 80 then
    -- 'P': the 60 packed int32 this script writes (struct, in C: no number text either way)
    e.d = { struct.unpack(DELTAS, raw, 2) }
    e.d[61] = nil -- struct.unpack also returns the position after the last value
  elseif first == 91 then
    -- '[': a JSON array, written by an earlier release
    e.d = cjson.decode(raw)
  else
    e.d = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }
    -- written by an earlier release: "second:delta,..."
    for s, v in string.gmatch(raw, '(%d+):(-?%d+)') do e.d[tonumber(s) + 1] = tonumber(v) end
  end
  mins[m] = e
  return e
end
local function point(sec, delta, j, l)
  local m = math.floor(sec / 60)
  -- before the window: only the current audience count remembers it
  if m < cut then return end
  local e = minute_of(m)
  e.j = e.j + j
  e.l = e.l + l
  local i = sec - m * 60 + 1
  e.d[i] = e.d[i] + delta
end
local function session(sign, s, e)
  point(s, sign, sign, 0)
  if e < 0 then return end
  point(e, -sign, 0, sign)
  local f = fmt(e - s)
  if redis.call('HINCRBY', KW, f, sign) == 0 then redis.call('HDEL', KW, f) end
end

local function load(u)
  local r = { on = false, host = false, since = -1, seq = '-1', last = -1, H = false, A = false, sessions = {}, events = {} }
  local raw = redis.call('HGET', KU, u)
  if not raw then return r end
  local head, ses, evs = string.match(raw, '^([^|]*)|([^|]*)|(.*)$')
  local on, host, since, seq, last, H, A = string.match(head, '^(%d),(%d),(-?%d+),(-?%d+),(-?%d+),(%d),(%d)$')
  r.on = on == '1'
  r.host = host == '1'
  r.since = tonumber(since)
  r.seq = seq
  r.last = tonumber(last)
  r.H = H == '1'
  r.A = A == '1'
  for x in string.gmatch(ses, '-?%d+') do r.sessions[#r.sessions + 1] = tonumber(x) end
  for s, t, c in string.gmatch(evs, '(%d+),(%d+),(%d)') do
    r.events[#r.events + 1] = { s = s, n = tonumber(s), t = tonumber(t), c = tonumber(c) }
  end
  -- st:q's score for u as stored (nil: not in st:q), so save writes it only when it moves
  r.queued = r.events[1] and r.events[1].t
  return r
end
local function save(u, r)
  local ses = {}
  for i, x in ipairs(r.sessions) do ses[i] = fmt(x) end
  local evs = {}
  for i, e in ipairs(r.events) do evs[i] = e.s .. ',' .. fmt(e.t) .. ',' .. CODE[e.c] end
  redis.call('HSET', KU, u, bs(r.on) .. ',' .. bs(r.host) .. ',' .. fmt(r.since) .. ',' .. r.seq .. ',' ..
    fmt(r.last) .. ',' .. bs(r.H) .. ',' .. bs(r.A) .. '|' .. table.concat(ses, ',') .. '|' .. table.concat(evs, ';'))
  local first = r.events[1] and r.events[1].t
  if first ~= r.queued then
    if first then redis.call('ZADD', KQ, first, u) else redis.call('ZREM', KQ, u) end
    r.queued = first
  end
end

-- walkUser() of stats.ts
local function walk(st, events, sessions, cutsec)
  local di = 1
  local function fin(at)
    if st.on and not st.host and st.since >= 0 and sessions then
      sessions[#sessions + 1] = st.since
      sessions[#sessions + 1] = math.max(at, st.since)
    end
    st.since = -1
  end
  local function destroy_upto(limit, inclusive)
    while di <= #destroys do
      local d = destroys[di]
      if inclusive then
        if d > limit then break end
      elseif d >= limit then break end
      di = di + 1
      if d > st.last then
        fin(d)
        st.on = false
        st.last = d
      end
    end
  end
  local consumed = 0
  for k = 1, #events do
    local e = events[k]
    if cutsec and e.t >= cutsec then break end
    destroy_upto(e.t, true)
    local aud_open = st.on and not st.host
    if e.c == 0 or e.c == 4 then
      if not aud_open then st.since = e.t end
      st.on = true
      st.host = false
    elseif e.c == 1 or e.c == 3 then
      fin(e.t)
      st.on = true
      st.host = true
    else
      fin(e.t)
      st.on = false
    end
    st.seq = e.s
    st.last = math.max(st.last, e.t)
    consumed = k
  end
  if cutsec then
    destroy_upto(cutsec, false)
  else
    destroy_upto(math.huge, true)
    if st.on and not st.host and st.since >= 0 and sessions then
      sessions[#sessions + 1] = st.since
      sessions[#sessions + 1] = -1
    end
  end
  return consumed
end

local function refresh(u, r)
  local st = { on = r.on, host = r.host, since = r.since, seq = r.seq, last = r.last }
  local nxt = {}
  walk(st, r.events, nxt, nil)
  local old = r.sessions
  local same = 0
  while same < #old and same < #nxt and old[same + 1] == nxt[same + 1] do same = same + 1 end
  same = same - same % 2
  for i = same + 1, #old, 2 do session(-1, old[i], old[i + 1]) end
  for i = same + 1, #nxt, 2 do session(1, nxt[i], nxt[i + 1]) end
  uv = uv + b(#nxt > 0) - b(#old > 0)
  local H = st.on and st.host
  local A = st.on and not st.host
  hosts = hosts + b(H) - b(r.H)
  aud = aud + b(A) - b(r.A)
  r.sessions = nxt
  r.H = H
  r.A = A
  if #r.events == 0 and not r.on then
    redis.call('HDEL', KU, u)
    redis.call('ZREM', KQ, u)
  else
    save(u, r)
  end
end

local function trim_user(u, cutsec)
  local r = load(u)
  local st = { on = r.on, host = r.host, since = r.since, seq = r.seq, last = r.last }
  local n = walk(st, r.events, nil, cutsec)
  r.on, r.host, r.since, r.seq, r.last = st.on, st.host, st.since, st.seq, st.last
  local rest = {}
  for k = n + 1, #r.events do rest[#rest + 1] = r.events[k] end
  r.events = rest
  n_events = n_events - n
  refresh(u, r)
end

local function advance(newcut, limit)
  if newcut > cut then
    local cutsec = newcut * 60
    if #destroys > 0 and destroys[1] < cutsec then
      -- every user's walk may pass these destroys: fold everyone before forgetting them
      for _, u in ipairs(redis.call('HKEYS', KU)) do trim_user(u, cutsec) end
      redis.call('ZREMRANGEBYSCORE', KK, '-inf', '(' .. cutsec)
      local kept = {}
      for _, d in ipairs(destroys) do if d >= cutsec then kept[#kept + 1] = d end end
      destroys = kept
    end
    cut = newcut
    for _, key in ipairs({ KM, KD }) do
      for _, f in ipairs(redis.call('HKEYS', key)) do
        if tonumber(f) < cut then redis.call('HDEL', key, f) end
      end
    end
    for m in pairs(mins) do if m < cut then mins[m] = nil end end
  end
  -- users with events before the window: a few per delivery, all before a read
  local cutsec = cut * 60
  while true do
    local batch = redis.call('ZRANGEBYSCORE', KQ, '-inf', '(' .. cutsec, 'LIMIT', 0, limit > 0 and limit or 500)
    for _, u in ipairs(batch) do trim_user(u, cutsec) end
    if #batch == 0 or limit > 0 then break end
  end
end

advance(math.max(cut, computed_cut), trim_limit)

local function event_before(x, y)
  if x.n ~= y.n then return x.n < y.n end
  if x.t ~= y.t then return x.t < y.t end
  return x.c < y.c
end

local function apply_user(uid, seq, ts, code)
  if ts < cut * 60 then return end
  local r = load(uid)
  -- at or before the folded past: already accounted for
  if tonumber(seq) <= tonumber(r.seq) then return end
  local n = tonumber(seq)
  for _, e in ipairs(r.events) do
    if e.n == n and e.t == ts and e.c == code then return end
  end
  local evs = r.events
  local last = evs[#evs]
  evs[#evs + 1] = { s = seq, n = n, t = ts, c = code }
  -- most events arrive after the user's others: sort only one that does not
  if last and not event_before(last, evs[#evs]) then table.sort(evs, event_before) end
  n_events = n_events + 1
  refresh(uid, r)
  -- over maxEvents: the oldest minutes leave the window early
  while n_events > max_events do
    local first = redis.call('ZRANGE', KQ, 0, 0, 'WITHSCORES')
    if #first == 0 then break end
    advance(math.floor(tonumber(first[2]) / 60) + 1, 0)
  end
end

local function apply_destroy(ts_text)
  local ts = tonumber(ts_text)
  if ts < cut * 60 or redis.call('ZSCORE', KK, ts_text) then return end
  redis.call('ZADD', KK, ts, ts_text)
  destroys[#destroys + 1] = ts
  table.sort(destroys)
  for _, u in ipairs(redis.call('HKEYS', KU)) do refresh(u, load(u)) end
end

for i = 7, #ARGV, 5 do
  if ARGV[i] == 'user' then
    apply_user(ARGV[i + 1], ARGV[i + 2], tonumber(ARGV[i + 3]), tonumber(ARGV[i + 4]))
  elseif ARGV[i] == 'destroy' then
    apply_destroy(ARGV[i + 3])
  end
end

for m, e in pairs(mins) do
  local f = fmt(m)
  if e.j == 0 and e.l == 0 then
    redis.call('HDEL', KM, f)
    redis.call('HDEL', KD, f)
  else
    local level, best, at = 0, 0, -1
    local d = e.d
    for s = 1, 60 do
      level = level + d[s]
      if level > best then
        best = level
        at = s - 1
      end
    end
    redis.call('HSET', KM, f, fmt(e.j) .. ',' .. fmt(e.l) .. ',' .. fmt(level) .. ',' .. fmt(best) .. ',' .. fmt(at))
    -- packed, not JSON: cjson.encode prints each number with sprintf, 20 µs a minute
    redis.call('HSET', KD, f, 'P' .. struct.pack(DELTAS, unpack(d, 1, 60)))
  end
end
-- nobody online: forgotten a window after the last write, like the memory store;
-- someone online: kept (the TTLs come off once, not on every write)
local online = hosts + aud > 0
redis.call('HSET', KX, 'h', fmt(hosts), 'a', fmt(aud), 'v', fmt(uv), 'c', fmt(cut), 'n', fmt(n_events), 'e', online and '0' or '1')
if not online or expiring then
  for _, key in ipairs({ KU, KQ, KM, KD, KW, KX, KK }) do
    if online then redis.call('PERSIST', key) else redis.call('PEXPIRE', key, ttl) end
  end
end

local out = { fmt(hosts), fmt(aud), fmt(uv), fmt(cut) }
if op ~= 'read' then return out end
local m = redis.call('HGETALL', KM)
out[5] = fmt(#m / 2)
for _, x in ipairs(m) do out[#out + 1] = x end
for _, x in ipairs(redis.call('HGETALL', KW)) do out[#out + 1] = x end
return out
end
`;

/** The stats script on its own: reads (`op` 'read'); the writes run inside the apply script (redis-scripts.ts). */
export const STATS_SCRIPT = `${STATS_LIB}
return stats_run(KEYS, ARGV)
`;

/**
 * The stats keys of one channel: `<prefix>{<bucket>}:st:<k>:<channelName>`,
 * in the channel's bucket like its presence keys (redis-keys.ts), so the
 * script touches one Redis Cluster slot.
 */
export function statsKeys(prefix: string, channelName: string): string[] {
  const base = `${prefix}{${bucketOf(channelName)}}:`;
  return ['u', 'q', 'm', 'd', 'w', 'x', 'k'].map((k) => `${base}st:${k}:${channelName}`);
}

/** Stats settings of a Redis store. */
export interface RedisStatsConfig {
  readonly windowMs: number;
  readonly maxEvents: number;
}

/** ARGV of the stats script for a read. */
export function statsReadArgs(nowMs: number, config: RedisStatsConfig): (string | number)[] {
  return [nowMs, config.windowMs, config.maxEvents, config.windowMs + 60_000, 0, 'read'];
}

/** Turns the read reply into {@link ChannelStats}. */
export function statsFromReply(channelName: string, nowMs: number, reply: unknown): ChannelStats {
  if (!Array.isArray(reply) || reply.length < 5) {
    throw new NcsError('STORAGE_FAILED', 'Unexpected stats reply from Redis.');
  }
  const r = reply.map(String);
  const minuteCount = Number(r[4]);
  const minutes = new Map<number, MinuteSummary>();
  let i = 5;
  for (let k = 0; k < minuteCount; k += 1, i += 2) {
    const [joins = 0, leaves = 0, net = 0, best = 0, bestAt = -1] =
      r[i + 1]!.split(',').map(Number);
    minutes.set(Number(r[i]), { joins, leaves, net, best, bestAt });
  }
  const durations = new Map<number, number>();
  for (; i + 1 < r.length; i += 2) durations.set(Number(r[i]), Number(r[i + 1]));
  return computeStats({
    channelName,
    cutMinute: Number(r[3]),
    nowMinute: Math.floor(nowMs / 60_000),
    hosts: Number(r[0]),
    audience: Number(r[1]),
    uniqueViewers: Number(r[2]),
    minutes,
    durations,
  });
}
