import type { NcsRtcEvent } from './events';

/**
 * Audience analytics of one channel over the stats window (default 24 h), all
 * by EVENT time (`payload.ts`), never by arrival. Hosts are never counted in
 * `peak`, `uniqueViewers`, `watch` or a bucket's `peak`.
 */
export interface ChannelStats {
  /** the channel asked for */
  readonly channelName: string;
  /** who is online now, by the same event history (hosts: users whose current role is host) */
  readonly now: { readonly hosts: number; readonly audience: number };
  /** the highest audience online at once; `at`: ms event time it was FIRST reached (`null`: nobody yet) */
  readonly peak: { readonly audience: number; readonly at: number | null };
  /** distinct audience uids with a session in the window (exact) */
  readonly uniqueViewers: number;
  /** completed audience sessions (join..leave of one uid) that ended in the window */
  readonly watch: {
    readonly sessions: number;
    /** rounded to 0.1 s; 0 without sessions */
    readonly averageSeconds: number;
    /** of an even count: the mean of the middle two; 0 without sessions */
    readonly medianSeconds: number;
  };
  /** one bucket per minute, oldest first, from the first minute with audience to now */
  readonly timeline: readonly TimelineBucket[];
}

/** One minute of the audience timeline. */
export interface TimelineBucket {
  /** ms: the minute's start */
  readonly t: number;
  /** highest concurrent audience at any moment of the minute, counting those already there at its start */
  readonly peak: number;
  /** audience sessions started in the minute (a 112 host -> audience counts) */
  readonly joins: number;
  /** audience sessions ended in the minute (a 111 audience -> host, a 102 destroy count) */
  readonly leaves: number;
}

/** Default stats window: 24 hours. */
export const DEFAULT_STATS_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Per-user event codes of the stats history. A leave's own role is not used:
 * the role a user has at that point of its history decides (111/112 move it).
 */
export const StatsCode = {
  AudienceJoin: 0,
  HostJoin: 1,
  Leave: 2,
  ToHost: 3,
  ToAudience: 4,
} as const;
/** One of {@link StatsCode}. */
export type StatsCode = (typeof StatsCode)[keyof typeof StatsCode];

/** The stats code of a per-user event; `null` for 101/102. */
export function statsCode(event: NcsRtcEvent): StatsCode | null {
  switch (event.kind) {
    case 'join':
      return event.role === 'audience' ? StatsCode.AudienceJoin : StatsCode.HostJoin;
    case 'leave':
      return StatsCode.Leave;
    case 'role-change':
      return event.role === 'audience' ? StatsCode.ToAudience : StatsCode.ToHost;
    default:
      return null;
  }
}

/**
 * What is known of a user before its first kept event (its trimmed past, or
 * nothing): online, host or audience, the start of its open audience session,
 * the last trimmed clientSeq and the latest time reached (all seconds).
 */
export interface UserFold {
  on: boolean;
  host: boolean;
  /** start (s) of the open audience session; -1 when none */
  since: number;
  /** last folded clientSeq; -1 when nothing was folded */
  seq: number;
  /** latest event or destroy time (s) walked so far; -1 at first */
  last: number;
}

/** A user with no history. */
export function emptyFold(): UserFold {
  return { on: false, host: false, since: -1, seq: -1, last: -1 };
}

/**
 * Inserts one event (`seq`, `ts` s, `code`) into a user's flat history
 * `[seq, ts, code, ...]`, kept sorted by (seq, ts, code) so the result never
 * depends on arrival order. Returns false when the very same event is already
 * there (a retry, even under another noticeId: same clientSeq is the same event).
 */
export function insertEvent(events: number[], seq: number, ts: number, code: number): boolean {
  let i = events.length;
  while (i > 0) {
    const s = events[i - 3]!;
    const t = events[i - 2]!;
    const c = events[i - 1]!;
    if (s === seq && t === ts && c === code) return false;
    if (s < seq || (s === seq && (t < ts || (t === ts && c < code)))) break;
    i -= 3;
  }
  events.splice(i, 0, seq, ts, code);
  return true;
}

/**
 * Walks a user's history from `fold` and returns its audience sessions as a
 * flat `[start, end, ...]` (seconds; end -1 while open). With `cut`, walks only
 * the leading events before `cut` (and the destroys before it), updates `fold`
 * in place to the state there and returns how many events it consumed.
 *
 * Per user, in clientSeq order (docs/agora-behaviour.md §3: clientSeq orders one user's
 * events): 105 starts an audience session unless one is open; 103/107 and 111
 * end it and make the user a host; a leave ends it; 112 starts one (also from
 * offline: a role change proves the user is there, as in `transition()`). A 102
 * at `d` (`destroys`, sorted) ends what is open when it falls after the last
 * event walked and at or before the next one: a join in the destroy's second
 * survives it, as the tracker lets it. A session whose leave carries an earlier
 * `ts` than its join lasts 0 s.
 */
export function walkUser(
  fold: UserFold,
  events: readonly number[],
  destroys: readonly number[],
  sessions: number[] | null,
  cut = Infinity,
): number {
  const st = fold;
  let di = 0;
  let i = 0;
  for (; i < events.length; i += 3) {
    const seq = events[i]!;
    const ts = events[i + 1]!;
    const code = events[i + 2]!;
    if (ts >= cut) break;
    di = destroyUpTo(st, destroys, di, sessions, ts, true);
    const audienceOpen = st.on && !st.host;
    if (code === StatsCode.AudienceJoin || code === StatsCode.ToAudience) {
      if (!audienceOpen) st.since = ts;
      st.on = true;
      st.host = false;
    } else if (code === StatsCode.HostJoin || code === StatsCode.ToHost) {
      endSession(st, sessions, ts);
      st.on = true;
      st.host = true;
    } else {
      endSession(st, sessions, ts);
      st.on = false;
    }
    st.seq = seq;
    st.last = Math.max(st.last, ts);
  }
  if (cut === Infinity) {
    destroyUpTo(st, destroys, di, sessions, Infinity, true);
    if (st.on && !st.host && st.since >= 0) sessions?.push(st.since, -1);
  } else destroyUpTo(st, destroys, di, sessions, cut, false);
  return i / 3;
}

// walkUser's two steps, at module level rather than closures made per walk
// (it runs for every delivery).

/** Closes the user's open audience session at `at`, if any. */
function endSession(st: UserFold, sessions: number[] | null, at: number): void {
  if (st.on && !st.host && st.since >= 0) sessions?.push(st.since, Math.max(at, st.since));
  st.since = -1;
}

/** Applies the destroys from index `di` up to `limit`; returns the next index. */
function destroyUpTo(
  st: UserFold,
  destroys: readonly number[],
  di: number,
  sessions: number[] | null,
  limit: number,
  inclusive: boolean,
): number {
  while (di < destroys.length) {
    const d = destroys[di]!;
    if (inclusive ? d > limit : d >= limit) break;
    di += 1;
    if (d <= st.last) continue;
    endSession(st, sessions, d);
    st.on = false;
    st.last = d;
  }
  return di;
}

/** One minute of the window as the stores keep it. */
export interface MinuteSummary {
  readonly joins: number;
  readonly leaves: number;
  /** audience change over the minute */
  readonly net: number;
  /** highest running sum of its changes (>= 0: the level at the start counts) */
  readonly best: number;
  /** second of the minute that first reached `best`; -1 when `best` is 0 */
  readonly bestAt: number;
}

/** What the stats computation reads; both stores produce it. */
export interface StatsInput {
  readonly channelName: string;
  /** first minute of the window (minute number: ms / 60000) */
  readonly cutMinute: number;
  /** the current minute */
  readonly nowMinute: number;
  readonly hosts: number;
  readonly audience: number;
  readonly uniqueViewers: number;
  /** minute number -> its summary */
  readonly minutes: ReadonlyMap<number, MinuteSummary>;
  /** completed session durations (s) -> how many */
  readonly durations: ReadonlyMap<number, number>;
}

/** The highest running sum inside a minute (>= 0: the start counts) and the first second reaching it. */
export function minutePeak(deltas: ArrayLike<number>): { best: number; bestAt: number } {
  let level = 0;
  let best = 0;
  let bestAt = -1;
  for (let s = 0; s < deltas.length; s += 1) {
    const d = deltas[s]!;
    if (d === 0) continue;
    level += d;
    if (level > best) {
      best = level;
      bestAt = s;
    }
  }
  return { best, bestAt };
}

/** Mean and median of a duration histogram. */
export function watchOf(durations: ReadonlyMap<number, number>): ChannelStats['watch'] {
  const keys = [...durations.keys()].filter((k) => durations.get(k)! > 0).sort((a, b) => a - b);
  let sessions = 0;
  let total = 0;
  for (const k of keys) {
    const n = durations.get(k)!;
    sessions += n;
    total += k * n;
  }
  if (sessions === 0) return { sessions: 0, averageSeconds: 0, medianSeconds: 0 };
  const lo = Math.floor((sessions - 1) / 2);
  const hi = Math.floor(sessions / 2);
  let seen = 0;
  let a = 0;
  let b = 0;
  for (const k of keys) {
    const n = durations.get(k)!;
    if (seen <= lo && lo < seen + n) a = k;
    if (seen <= hi && hi < seen + n) {
      b = k;
      break;
    }
    seen += n;
  }
  return {
    sessions,
    averageSeconds: Math.round((total / sessions) * 10) / 10,
    medianSeconds: (a + b) / 2,
  };
}

/**
 * The {@link ChannelStats} of one channel from its per-minute summaries. The
 * audience already online when the window begins is `audience` minus every
 * change inside it, so nothing before the window needs keeping.
 */
export function computeStats(input: StatsInput): ChannelStats {
  const minutes = [...input.minutes.keys()]
    .filter((m) => m >= input.cutMinute)
    .sort((a, b) => a - b);
  let level = input.audience;
  for (const m of minutes) level -= input.minutes.get(m)!.net;
  const timeline: TimelineBucket[] = [];
  let peak = level;
  let at: number | null = level > 0 ? input.cutMinute * 60_000 : null;
  const first = level > 0 ? input.cutMinute : minutes[0];
  if (first !== undefined) {
    const last = Math.max(input.nowMinute, minutes[minutes.length - 1] ?? first);
    for (let m = first; m <= last; m += 1) {
      const b = input.minutes.get(m);
      if (!b) {
        timeline.push({ t: m * 60_000, peak: level, joins: 0, leaves: 0 });
        continue;
      }
      const high = level + b.best;
      if (high > peak) {
        peak = high;
        at = (m * 60 + b.bestAt) * 1000;
      }
      timeline.push({ t: m * 60_000, peak: high, joins: b.joins, leaves: b.leaves });
      level += b.net;
    }
  }
  return {
    channelName: input.channelName,
    now: { hosts: input.hosts, audience: input.audience },
    peak: { audience: peak, at: peak > 0 ? at : null },
    uniqueViewers: input.uniqueViewers,
    watch: watchOf(input.durations),
    timeline,
  };
}
