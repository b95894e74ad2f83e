import type { NcsRtcEvent } from './events';
import {
  computeStats,
  emptyFold,
  insertEvent,
  minutePeak,
  statsCode,
  walkUser,
  type ChannelStats,
  type MinuteSummary,
  type UserFold,
} from './stats';

/** Default bound on the events kept per channel for the stats (memory store). */
export const DEFAULT_STATS_MAX_EVENTS = 1_000_000;

interface StatsUser {
  /** the user's state before its first kept event */
  readonly fold: UserFold;
  /** flat, sorted [seq, ts, code, ...] of the kept events */
  events: number[];
  /** flat [start, end, ...] s, end -1 while open: what the aggregates hold for this user */
  sessions: number[];
  host: boolean;
  audience: boolean;
  /** the trimQueue minute it is in (that of its first kept event); -1: none */
  queued: number;
}

interface Bucket {
  joins: number;
  leaves: number;
  net: number;
  readonly deltas: Int32Array;
  /** cached {@link minutePeak}; null when a delta changed since */
  peak: { best: number; bestAt: number } | null;
}

interface ChannelStatsState {
  readonly users: Map<number, StatsUser>;
  /** 102 times, s, ascending */
  destroys: number[];
  readonly buckets: Map<number, Bucket>;
  /** completed session seconds -> count */
  readonly durations: Map<number, number>;
  /** minute -> users whose first kept event is in it: who to trim when the minute leaves the window */
  readonly trimQueue: Map<number, Set<number>>;
  hosts: number;
  audience: number;
  uniqueViewers: number;
  events: number;
  /** first minute of the window: nothing before it is kept (only grows) */
  cut: number;
}

/** What the memory store needs of its stats. */
export interface StatsTracker {
  apply(event: NcsRtcEvent, nowMs: number): void;
  stats(channelName: string, nowMs: number): ChannelStats;
}

const MINUTE_MS = 60_000;

/**
 * The in-memory stats of every channel: per user the sorted event history of
 * the window (so the result never depends on arrival order), per minute the
 * joins, leaves and per-second audience changes, and a histogram of completed
 * session lengths. Each delivery re-walks only its user's history and applies
 * the difference. Bounded per channel: users and events of the window, at most
 * `maxEvents` events (beyond that the oldest minutes leave early) and one
 * bucket per minute of the window.
 */
export function createStatsTracker(windowMs: number, maxEvents: number): StatsTracker {
  const channels = new Map<string, ChannelStatsState>();
  // Channels in the order of their last delivery: one quiet for a whole window is forgotten.
  const idle = new Map<string, number>();

  const cutOf = (nowMs: number) => Math.floor((nowMs - windowMs) / MINUTE_MS);

  function point(
    state: ChannelStatsState,
    sec: number,
    delta: number,
    join: number,
    leave: number,
  ) {
    const minute = Math.floor(sec / 60);
    // Before the window: only the current audience count remembers it (see computeStats).
    if (minute < state.cut) return;
    let bucket = state.buckets.get(minute);
    if (!bucket) {
      bucket = { joins: 0, leaves: 0, net: 0, deltas: new Int32Array(60), peak: null };
      state.buckets.set(minute, bucket);
    }
    bucket.joins += join;
    bucket.leaves += leave;
    bucket.net += delta;
    bucket.deltas[sec - minute * 60]! += delta;
    bucket.peak = null;
    if (bucket.joins === 0 && bucket.leaves === 0) state.buckets.delete(minute);
  }

  function session(state: ChannelStatsState, sign: number, start: number, end: number) {
    point(state, start, sign, sign, 0);
    if (end < 0) return;
    point(state, end, -sign, 0, sign);
    const length = end - start;
    const count = (state.durations.get(length) ?? 0) + sign;
    if (count === 0) state.durations.delete(length);
    else state.durations.set(length, count);
  }

  /** Walks the user's history again and applies the difference to the aggregates. */
  function refresh(state: ChannelStatsState, uid: number, user: StatsUser) {
    const walk = { ...user.fold };
    const next: number[] = [];
    walkUser(walk, user.events, state.destroys, next);
    const old = user.sessions;
    let same = 0;
    while (same < old.length && same < next.length && old[same] === next[same]) same += 1;
    same -= same % 2;
    for (let i = same; i < old.length; i += 2) session(state, -1, old[i]!, old[i + 1]!);
    for (let i = same; i < next.length; i += 2) session(state, 1, next[i]!, next[i + 1]!);
    state.uniqueViewers += Number(next.length > 0) - Number(old.length > 0);
    user.sessions = next;
    const host = walk.on && walk.host;
    const audience = walk.on && !walk.host;
    state.hosts += Number(host) - Number(user.host);
    state.audience += Number(audience) - Number(user.audience);
    user.host = host;
    user.audience = audience;
    if (user.events.length === 0 && !user.fold.on) state.users.delete(uid);
  }

  /** Files the user under the minute of its first kept event (the Redis twin: a zset by that ts). */
  function requeue(state: ChannelStatsState, uid: number, user: StatsUser) {
    const minute = user.events.length > 0 ? Math.floor(user.events[1]! / 60) : -1;
    if (minute === user.queued) return;
    if (user.queued >= 0) {
      const old = state.trimQueue.get(user.queued);
      old?.delete(uid);
      if (old?.size === 0) state.trimQueue.delete(user.queued);
    }
    user.queued = minute;
    if (minute < 0) return;
    let queue = state.trimQueue.get(minute);
    if (!queue) state.trimQueue.set(minute, (queue = new Set()));
    queue.add(uid);
  }

  /** Folds the user's events before `cutSec` into its fold state. */
  function trimUser(state: ChannelStatsState, uid: number, cutSec: number) {
    const user = state.users.get(uid);
    if (!user) return;
    // The fold may change without consuming an event (a destroy before the cut ended its session).
    const n = walkUser(user.fold, user.events, state.destroys, null, cutSec);
    user.events.splice(0, n * 3);
    state.events -= n;
    requeue(state, uid, user);
    refresh(state, uid, user);
  }

  function advance(state: ChannelStatsState, cut: number) {
    if (cut <= state.cut) return;
    const cutSec = cut * 60;
    if (state.destroys.length > 0 && state.destroys[0]! < cutSec) {
      // Every user's walk may pass these destroys: fold everyone before forgetting them.
      for (const uid of [...state.users.keys()]) trimUser(state, uid, cutSec);
      state.destroys = state.destroys.filter((d) => d >= cutSec);
    }
    state.cut = cut;
    // a trimmed user is filed again under its new first event (at or after the cut)
    for (const [minute, uids] of state.trimQueue) {
      if (minute >= cut) continue;
      for (const uid of [...uids]) trimUser(state, uid, cutSec);
    }
    for (const minute of state.buckets.keys()) if (minute < cut) state.buckets.delete(minute);
  }

  /** Over `maxEvents`: the oldest minutes leave the window early. */
  function bound(state: ChannelStatsState) {
    while (state.events > maxEvents && state.trimQueue.size > 0) {
      let oldest = Infinity;
      for (const minute of state.trimQueue.keys()) oldest = Math.min(oldest, minute);
      advance(state, oldest + 1);
    }
  }

  /** Forgets channels with nothing left in the window (nobody online, no minute, no kept event). */
  function expire(nowMs: number) {
    for (const [name, until] of idle) {
      if (until > nowMs) break;
      idle.delete(name);
      const state = channels.get(name);
      if (!state) continue;
      advance(state, cutOf(nowMs));
      if (state.users.size === 0 && state.buckets.size === 0) channels.delete(name);
      else idle.set(name, nowMs + windowMs);
    }
  }

  function channel(name: string, nowMs: number): ChannelStatsState {
    let state = channels.get(name);
    if (!state) {
      state = {
        users: new Map(),
        destroys: [],
        buckets: new Map(),
        durations: new Map(),
        trimQueue: new Map(),
        hosts: 0,
        audience: 0,
        uniqueViewers: 0,
        events: 0,
        cut: cutOf(nowMs),
      };
      channels.set(name, state);
    }
    idle.delete(name);
    idle.set(name, nowMs + windowMs + MINUTE_MS);
    advance(state, cutOf(nowMs));
    return state;
  }

  return {
    apply(event, nowMs) {
      expire(nowMs);
      if (event.kind === 'channel-created') return;
      const state = channel(event.channelName, nowMs);
      if (event.ts < state.cut * 60) return; // already out of the window
      if (event.kind === 'channel-destroyed') {
        if (state.destroys.includes(event.ts)) return;
        state.destroys.push(event.ts);
        state.destroys.sort((a, b) => a - b);
        for (const [uid, user] of [...state.users]) refresh(state, uid, user);
        return;
      }
      const code = statsCode(event)!;
      let user = state.users.get(event.uid);
      if (!user) {
        user = {
          fold: emptyFold(),
          events: [],
          sessions: [],
          host: false,
          audience: false,
          queued: -1,
        };
        state.users.set(event.uid, user);
      }
      // At or before the folded past: already accounted for (or older than the window).
      if (event.clientSeq <= user.fold.seq) return;
      if (!insertEvent(user.events, event.clientSeq, event.ts, code)) return;
      state.events += 1;
      requeue(state, event.uid, user);
      refresh(state, event.uid, user);
      bound(state);
    },
    stats(channelName, nowMs) {
      expire(nowMs);
      const state = channels.get(channelName);
      if (state) advance(state, cutOf(nowMs));
      const minutes = new Map<number, MinuteSummary>();
      for (const [minute, bucket] of state?.buckets ?? []) {
        bucket.peak ??= minutePeak(bucket.deltas);
        minutes.set(minute, {
          joins: bucket.joins,
          leaves: bucket.leaves,
          net: bucket.net,
          ...bucket.peak,
        });
      }
      return computeStats({
        channelName,
        cutMinute: state?.cut ?? cutOf(nowMs),
        nowMinute: Math.floor(nowMs / MINUTE_MS),
        hosts: state?.hosts ?? 0,
        audience: state?.audience ?? 0,
        uniqueViewers: state?.uniqueViewers ?? 0,
        minutes,
        durations: state?.durations ?? new Map(),
      });
    },
  };
}
