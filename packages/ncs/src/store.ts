import type { LeaveReasonName, PlatformName } from './codes';
import type { NcsRole, NcsRtcEvent } from './events';
import type { ChannelStats } from './stats';

/** One online member as the read endpoints and the live feed show it. */
export interface PresenceMember {
  /** the unsigned 32-bit RTC uid */
  readonly uid: number;
  /** the current role (role changes included) */
  readonly role: NcsRole;
  /** the platform of the user's last join or leave notice (`other` when unknown) */
  readonly platform: PlatformName;
  /** ms: the NCS event time (`ts`) of the join */
  readonly joinedAt: number;
  /** the string user account, for users who joined with one */
  readonly account?: string;
}

/** Who is in a channel right now, split by role. */
export interface ChannelPresence {
  /** the channel asked for */
  readonly channelName: string;
  /** online hosts, by `joinedAt` then uid */
  readonly hosts: readonly PresenceMember[];
  /** online audience members, by `joinedAt` then uid */
  readonly audience: readonly PresenceMember[];
  /** the lengths of `hosts` and `audience` */
  readonly counts: { readonly hosts: number; readonly audience: number };
  /** id of the last feed event already reflected here (0 before the first) */
  readonly lastEventId: number;
}

/**
 * One change of a channel's presence, numbered per channel (consecutive: n,
 * n + 1, ...) so a live-feed client can resume after the last id it saw. Ids
 * never go back. A channel nobody has been in for `tombstoneMs` is forgotten;
 * when it comes back, and when a new channel starts, its ids start above every
 * id a forgotten channel reached (so the first id is not always 1), and a
 * resume from a forgotten id gets a snapshot.
 */
export type FeedEvent =
  | {
      readonly id: number;
      readonly channelName: string;
      readonly type: 'join';
      readonly member: PresenceMember;
    }
  | {
      readonly id: number;
      readonly channelName: string;
      readonly type: 'leave';
      readonly uid: number;
      readonly role: NcsRole;
      /** NCS leave reason code; `null` when the channel was destroyed (102) */
      readonly reason: number | null;
      readonly reasonName: LeaveReasonName;
      /** ms: the NCS event time */
      readonly at: number;
    }
  | {
      readonly id: number;
      readonly channelName: string;
      readonly type: 'role';
      readonly uid: number;
      readonly role: NcsRole;
    };

/** What happened to one delivery. */
export interface ApplyResult {
  /**
   * `applied`: stored (it may still change nothing visible); `duplicate`: this
   * (productId, noticeId) was already stored; `stale`: its clientSeq is not newer
   * than what is known for that user, so it was dropped (docs/agora-behaviour.md §3).
   */
  readonly status: 'applied' | 'duplicate' | 'stale';
  /** the feed events it produced, already numbered and logged */
  readonly events: readonly FeedEvent[];
}

/** Receives every feed event of every channel. */
export type FeedListener = (event: FeedEvent) => void;

/** Told the store's epoch after a reset (see {@link NcsPresenceStore.onReset}). */
export type ResetListener = (epoch: string) => void;

/**
 * Where presence lives. One interface, two implementations:
 * {@link createMemoryPresenceStore} (one process) and
 * {@link createRedisPresenceStore} (several server instances).
 */
export interface NcsPresenceStore {
  /**
   * Identifies this store's id sequence. Feed ids are only comparable within
   * one epoch: a memory store gets a new epoch per process, a Redis store
   * shares one per key prefix. A client resuming with another epoch's id gets
   * a fresh snapshot instead of a wrong replay. Read it each time: it CHANGES
   * when the store detects that its data was lost (see {@link NcsPresenceStore.onReset}).
   */
  readonly epoch: string;
  /** Dedupes, orders and stores one event; resolves only once it is stored. */
  apply(event: NcsRtcEvent): Promise<ApplyResult>;
  /** The channel's online members, with the id of the last event they reflect. */
  presence(channelName: string): Promise<ChannelPresence>;
  /**
   * Feed events of `channelName` with an id greater than `afterId`, oldest first;
   * `null` when they can no longer be replayed (trimmed from the log, or an id
   * this store never issued): the caller then starts again from a snapshot.
   */
  replay(channelName: string, afterId: number): Promise<readonly FeedEvent[] | null>;
  /**
   * Audience analytics of the channel over the stats window (see
   * {@link ChannelStats}). Rejects with {@link NcsError} `STATS_DISABLED` when
   * the store was made with `stats: false`.
   */
  stats(channelName: string): Promise<ChannelStats>;
  /**
   * Calls `listener` with every feed event of every channel stored by any
   * instance; returns an unsubscribe. With Redis every instance then receives
   * every event: a server that serves feeds of some channels should `watch` them.
   */
  subscribe(listener: FeedListener): () => void;
  /**
   * Calls `listener` with every feed event of `channelName` stored by any
   * instance, from the moment the returned promise resolves (take the snapshot
   * after that, and no event falls between the two). Resolves to an
   * unsubscribe. The Redis store subscribes to the channel's bucket only while
   * someone watches a channel in it, so an instance receives the events of the
   * channels it serves, not all of them.
   */
  watch(channelName: string, listener: FeedListener): Promise<() => void>;
  /**
   * Calls `listener` when feed events may have been missed, so whoever keeps a
   * live view (an SSE feed) must start again from a snapshot: the backend lost
   * its data and the store took a new `epoch` (passed in; ids start again
   * under it), or this instance's event subscription was cut and events were
   * published meanwhile (same epoch). The memory store never calls it.
   * Returns an unsubscribe.
   */
  onReset(listener: ResetListener): () => void;
  /**
   * Resolves when the store can serve; rejects with {@link NcsError}
   * `STORE_UNAVAILABLE` otherwise, within a bounded time (a readiness probe).
   */
  ping(): Promise<void>;
  /** Releases timers and connections the store opened itself. */
  close(): Promise<void>;
}

/** Options shared by both stores. */
export interface NcsPresenceStoreOptions {
  /** ms clock, injectable for tests; defaults to `Date.now` */
  readonly now?: () => number;
  /**
   * How long an offline record (tombstone) blocks late deliveries for that user.
   * Default 10 minutes, well beyond NCS's retries (docs/agora-behaviour.md §3).
   */
  readonly tombstoneMs?: number;
  /**
   * How long a (productId, noticeId) is remembered for dedupe. Default: `tombstoneMs`.
   * The Redis store keeps it as a key TTL, so Redis's clock counts it, not `now`.
   */
  readonly dedupeMs?: number;
  /** Feed events kept per channel for replay. Default 1000. */
  readonly logSize?: number;
  /** Keep audience stats (`store.stats()`). Default true; false saves their cost per delivery. */
  readonly stats?: boolean;
  /** How far back (by event time) the stats reach. Default 24 h, at least 1 minute. */
  readonly statsWindowMs?: number;
  /**
   * Bound on the events a channel keeps for its stats; beyond it the oldest
   * minutes leave the window early. Default 1,000,000 (about 120 MB at most in
   * memory, see the README).
   */
  readonly statsMaxEvents?: number;
}

/** Default tombstone and dedupe horizon: 10 minutes. */
export const DEFAULT_TOMBSTONE_MS = 10 * 60 * 1000;
/** Default number of feed events kept per channel. */
export const DEFAULT_LOG_SIZE = 1000;
