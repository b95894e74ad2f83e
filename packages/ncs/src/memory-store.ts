import { randomUUID } from 'node:crypto';
import type { NcsRtcEvent } from './events';
import { NcsError } from './errors';
import {
  DEFAULT_LOG_SIZE,
  DEFAULT_TOMBSTONE_MS,
  type ApplyResult,
  type ChannelPresence,
  type FeedEvent,
  type FeedListener,
  type PresenceMember,
  type NcsPresenceStore,
  type NcsPresenceStoreOptions,
} from './store';
import { DEFAULT_STATS_WINDOW_MS } from './stats';
import { createStatsTracker, DEFAULT_STATS_MAX_EVENTS } from './stats-tracker';
import { destroyedLeave, toMember, transition, type FeedChange, type UserRecord } from './tracker';

interface ChannelState {
  readonly users: Map<number, UserRecord>;
  destroyedAt: number | undefined;
  lastId: number;
  /** the newest feed events; `log[i].id === firstId + i` */
  log: FeedEvent[];
  /** the last presence read, reused until the channel changes (a big channel is read often) */
  cached: ChannelPresence | null;
}

/** Checks the numeric options both stores share. */
export function resolveStoreOptions(
  options: NcsPresenceStoreOptions,
): Required<NcsPresenceStoreOptions> {
  const tombstoneMs = options.tombstoneMs ?? DEFAULT_TOMBSTONE_MS;
  const dedupeMs = options.dedupeMs ?? tombstoneMs;
  const logSize = options.logSize ?? DEFAULT_LOG_SIZE;
  const statsWindowMs = options.statsWindowMs ?? DEFAULT_STATS_WINDOW_MS;
  const statsMaxEvents = options.statsMaxEvents ?? DEFAULT_STATS_MAX_EVENTS;
  if (statsWindowMs < 60_000) {
    throw new NcsError(
      'INVALID_CONFIG',
      `statsWindowMs must be at least one minute, got ${statsWindowMs}.`,
    );
  }
  for (const [name, value] of [
    ['tombstoneMs', tombstoneMs],
    ['dedupeMs', dedupeMs],
    ['logSize', logSize],
    ['statsWindowMs', statsWindowMs],
    ['statsMaxEvents', statsMaxEvents],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new NcsError(
        'INVALID_CONFIG',
        `${name} must be a positive integer, got ${String(value)}.`,
      );
    }
  }
  return {
    now: options.now ?? Date.now,
    tombstoneMs,
    dedupeMs,
    logSize,
    stats: options.stats ?? true,
    statsWindowMs,
    statsMaxEvents,
  };
}

/** The error of `store.stats()` on a store made with `stats: false`. */
export function statsDisabled(): NcsError {
  return new NcsError('STATS_DISABLED', 'This store was created with stats: false.');
}

/** Sorts members by join time, then uid, so every read is deterministic. */
export function byJoin(a: PresenceMember, b: PresenceMember): number {
  return a.joinedAt - b.joinedAt || a.uid - b.uid;
}

/** Splits online members into the {@link ChannelPresence} shape. */
export function toChannelPresence(
  channelName: string,
  members: PresenceMember[],
  lastEventId: number,
): ChannelPresence {
  members.sort(byJoin);
  const hosts = members.filter((m) => m.role === 'host');
  const audience = members.filter((m) => m.role === 'audience');
  // Frozen: the memory store hands the same object to every reader until the channel changes.
  return Object.freeze({
    channelName,
    hosts: Object.freeze(hosts),
    audience: Object.freeze(audience),
    counts: Object.freeze({ hosts: hosts.length, audience: audience.length }),
    lastEventId,
  });
}

/**
 * A {@link NcsPresenceStore} in this process's memory: the default, and the
 * fastest. State is lost on restart and not shared between instances; use
 * {@link createRedisPresenceStore} for that.
 */
export function createMemoryPresenceStore(options: NcsPresenceStoreOptions = {}): NcsPresenceStore {
  const { now, tombstoneMs, dedupeMs, logSize, ...resolved } = resolveStoreOptions(options);
  const stats = resolved.stats
    ? createStatsTracker(resolved.statsWindowMs, resolved.statsMaxEvents)
    : null;
  const channels = new Map<string, ChannelState>();
  // Insertion-ordered maps whose values expire in insertion order (one fixed TTL,
  // monotonic enough clock), so expiry pops from the front in O(1) amortised.
  const seen = new Map<string, number>();
  const tombstones = new Map<string, { channelName: string; uid: number; expiresAt: number }>();
  // Channels in the order of their last event. One with nobody online is
  // forgotten `tombstoneMs` after its last event (its offline records have
  // expired by then), log included: the store does not grow with every
  // channel it has ever seen.
  const idle = new Map<string, number>();
  // Feed ids never go back: a forgotten channel that comes back numbers its
  // events above every id a forgotten channel reached, so a client holding an
  // old id gets a snapshot, never a replay of somebody else's events.
  let idFloor = 0;
  const listeners = new Set<FeedListener>();
  let closed = false;
  // The earliest expiry among the three maps' first entries: no walk before then.
  let nextExpiry = Infinity;

  function channel(name: string, at: number): ChannelState {
    let state = channels.get(name);
    if (!state) {
      state = { users: new Map(), destroyedAt: undefined, lastId: idFloor, log: [], cached: null };
      channels.set(name, state);
    }
    idle.delete(name);
    idle.set(name, at + tombstoneMs);
    nextExpiry = Math.min(nextExpiry, at + tombstoneMs);
    return state;
  }

  function hasOnline(state: ChannelState): boolean {
    for (const record of state.users.values()) if (record.online) return true;
    return false;
  }

  function expire(at: number): void {
    if (at < nextExpiry) return;
    nextExpiry = Infinity;
    for (const [key, expiresAt] of seen) {
      if (expiresAt > at) {
        nextExpiry = expiresAt;
        break;
      }
      seen.delete(key);
    }
    for (const [key, t] of tombstones) {
      if (t.expiresAt > at) {
        nextExpiry = Math.min(nextExpiry, t.expiresAt);
        break;
      }
      tombstones.delete(key);
      const users = channels.get(t.channelName)?.users;
      if (users?.get(t.uid)?.online === false) users.delete(t.uid);
    }
    for (const [name, expiresAt] of idle) {
      if (expiresAt > at) {
        nextExpiry = Math.min(nextExpiry, expiresAt);
        break;
      }
      idle.delete(name);
      const state = channels.get(name);
      // A channel with people online stays; its next event puts it back in line.
      if (state && !hasOnline(state)) {
        channels.delete(name);
        idFloor = Math.max(idFloor, state.lastId);
      }
    }
  }

  function setRecord(
    channelName: string,
    state: ChannelState,
    uid: number,
    record: UserRecord,
    at: number,
  ): void {
    state.users.set(uid, record);
    state.cached = null;
    const key = `${channelName}\n${uid}`;
    tombstones.delete(key);
    if (!record.online) {
      tombstones.set(key, { channelName, uid, expiresAt: at + tombstoneMs });
      nextExpiry = Math.min(nextExpiry, at + tombstoneMs);
    }
  }

  function append(channelName: string, state: ChannelState, change: FeedChange): FeedEvent {
    // Object.assign, not a spread: the three change shapes make a spread megamorphic.
    const event = Object.assign({ id: ++state.lastId, channelName }, change) as FeedEvent;
    state.log.push(event);
    // Trim in batches so the log costs O(1) amortised per event.
    if (state.log.length >= logSize * 2) state.log = state.log.slice(-logSize);
    return event;
  }

  function applySync(event: NcsRtcEvent): ApplyResult {
    const at = now();
    expire(at);
    const dedupeKey = `${event.productId}:${event.noticeId}`;
    if (seen.has(dedupeKey)) return { status: 'duplicate', events: [] };
    seen.set(dedupeKey, at + dedupeMs);
    nextExpiry = Math.min(nextExpiry, at + dedupeMs);
    // Before the ordering rules: a stale event is still history for the stats.
    stats?.apply(event, at);
    const state = channel(event.channelName, at);
    const changes: FeedChange[] = [];
    if (event.kind === 'channel-destroyed') {
      state.destroyedAt = Math.max(state.destroyedAt ?? 0, event.ts);
      for (const [uid, record] of state.users) {
        if (!record.online) continue;
        setRecord(event.channelName, state, uid, { ...record, online: false }, at);
        changes.push(destroyedLeave(uid, record, event.ts));
      }
    } else if (event.kind !== 'channel-created') {
      const next = transition(event.uid, state.users.get(event.uid), event, state.destroyedAt);
      if (next === null) return { status: 'stale', events: [] };
      setRecord(event.channelName, state, event.uid, next.record, at);
      if (next.change) changes.push(next.change);
    }
    const events = changes.map((change) => append(event.channelName, state, change));
    for (const feedEvent of events) {
      for (const listener of listeners) {
        try {
          listener(feedEvent);
        } catch {
          // A failing subscriber (a closed SSE socket) must not undo a stored event.
        }
      }
    }
    return { status: 'applied', events };
  }

  return {
    epoch: randomUUID(),
    apply: (event) => Promise.resolve(applySync(event)),
    presence(channelName) {
      expire(now());
      const state = channels.get(channelName);
      if (state?.cached) return Promise.resolve(state.cached);
      const members: PresenceMember[] = [];
      for (const [uid, record] of state?.users ?? []) {
        if (record.online) members.push(toMember(uid, record));
      }
      const presence = toChannelPresence(channelName, members, state?.lastId ?? idFloor);
      if (state) state.cached = presence;
      return Promise.resolve(presence);
    },
    replay(channelName, afterId) {
      expire(now());
      const state = channels.get(channelName);
      const lastId = state?.lastId ?? idFloor;
      if (!Number.isInteger(afterId) || afterId < 0 || afterId > lastId)
        return Promise.resolve(null);
      if (afterId === lastId) return Promise.resolve([]);
      const log = state?.log ?? [];
      const firstId = log[0]?.id ?? lastId + 1;
      if (afterId + 1 < firstId) return Promise.resolve(null);
      return Promise.resolve(log.slice(afterId + 1 - firstId));
    },
    stats(channelName) {
      if (!stats) return Promise.reject(statsDisabled());
      return Promise.resolve(stats.stats(channelName, now()));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    watch(channelName, listener) {
      const filtered: FeedListener = (event) => {
        if (event.channelName === channelName) listener(event);
      };
      listeners.add(filtered);
      return Promise.resolve(() => {
        listeners.delete(filtered);
      });
    },
    // Nothing outside this process can lose its data or cut its feed.
    onReset: () => () => {},
    ping: () =>
      closed
        ? Promise.reject(new NcsError('STORE_UNAVAILABLE', 'The store is closed.'))
        : Promise.resolve(),
    close() {
      closed = true;
      listeners.clear();
      return Promise.resolve();
    },
  };
}
