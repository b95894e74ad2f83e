/**
 * The domain vocabulary of audience-presence. Every other file speaks these
 * words; nothing here knows about React or about an Agora SDK.
 */

/** A role someone can take on the stage (what RTC `setClientRole` and a member's own state say). */
export type StageRole = 'host' | 'audience';

/** Who a member is on the stage. `unknown` until RTC or the member's own state says. */
export type Role = StageRole | 'unknown';

/**
 * A member's own presence state: string key-values, as RTM stores them
 * (`rtm.presence.setState`, up to 32 keys). Apps may narrow it with a generic.
 */
export type MemberState = Readonly<Record<string, string>>;

/** One person in the channel. Objects are immutable: a change makes a new object. */
export interface Member<S extends MemberState = MemberState> {
  /** the member's RTM userId (an NCS feed member's RTC uid as a string); the key of `PresenceState.members` */
  readonly userId: string;
  /**
   * 'host' when RTC reports the member as a remote user (live mode: hosts only;
   * matched by userId or the RTC uid in its state); otherwise the role a source
   * gave (NCS) or the one its own state holds under `roleKey`; 'unknown' when
   * nothing says (counted as audience)
   */
  readonly role: Role;
  /** the member's own presence state (the whole map, as its source last reported it); `{}` when none is known */
  readonly state: S;
  /** ms (store clock) when this member was first seen in the current stay. */
  readonly joinedAt: number;
  /**
   * ms (store clock) of the last event that changed this member. A repeated,
   * no-op event (a duplicate join, an identical state) does not touch it, so
   * the object keeps its identity.
   */
  readonly lastSeenAt: number;
}

/** Why a member left. */
export type LeaveReason =
  /** graceful leave (RTM REMOTE_LEAVE, NCS 104/106 reason 1). */
  | 'left'
  /** presence record expired (RTM REMOTE_TIMEOUT, NCS reason 2). */
  | 'timed-out'
  /** missing from a fresh SNAPSHOT or whoNow resync: left while we were not listening. */
  | 'missing-from-snapshot'
  /** removed by the server (NCS reasons 3, 5, 12, 999). */
  | 'kicked'
  /** the channel itself went away (NCS 102, or our own unsubscribe). */
  | 'channel-closed';

/** Connection status of the presence source (not of RTC media). */
export type ConnectionStatus =
  'idle' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'failed';

/**
 * Is the list to be trusted right now? While reconnecting the list is kept
 * (never flashed empty) and marked stale; `since` is the store-clock ms when
 * it became stale, `null` when fresh.
 */
export interface Staleness {
  /**
   * true while the list is kept but may be out of date (the source is
   * reconnecting, disconnected or failed, or RTM said ERROR_OUT_OF_SERVICE),
   * until a fresh snapshot or resync arrives
   */
  readonly stale: boolean;
  /** store-clock ms when the list became stale; null while fresh */
  readonly since: number | null;
}

/**
 * How many are here. `total` is Agora's `totalOccupancy` when the channel is
 * in interval mode (the lists may not name everyone), otherwise the list size.
 */
export interface Occupancy {
  /**
   * people in the channel, self included: the reported figure (totalOccupancy,
   * a whoNow count, the server's) but never fewer than the list holds; the list
   * size when nothing was reported
   */
  readonly total: number;
  /** where `total` came from */
  readonly source: 'list' | 'interval' | 'who-now' | 'server';
}

/** One line of the activity feed ("Ana joined", "Bo timed out"). */
export type ActivityEntry =
  | { readonly id: number; readonly kind: 'join'; readonly userId: string; readonly at: number }
  | {
      readonly id: number;
      readonly kind: 'leave';
      readonly userId: string;
      readonly at: number;
      readonly reason: LeaveReason;
    }
  | {
      readonly id: number;
      readonly kind: 'role';
      readonly userId: string;
      readonly at: number;
      readonly role: Role;
    };

/** Counters of input that was ignored. Bad input never throws and never corrupts state. */
export interface Diagnostics {
  /** events with missing or wrongly typed fields */
  readonly malformed: number;
  /** events whose type we do not know */
  readonly unknownType: number;
  /** events for another channel than the store's */
  readonly foreignChannel: number;
  /** a short description of the last ignored event, for debugging */
  readonly lastIgnored: string | null;
}

/**
 * The highest audience count since the store's last reset (a join, a leave or
 * a channel switch), by the same rule as the audience count (Agora's
 * `totalOccupancy` in interval mode). `at` is the store-clock ms at which it
 * was FIRST reached, `null` before anyone came (as apps/server's `/stats`);
 * `since` the store-clock ms of that reset, `null` before the first one.
 */
export interface PeakAudience {
  /** the highest audience count since `since`; 0 before anyone came */
  readonly audience: number;
  /** store-clock ms when `audience` was first reached; null while it is 0 */
  readonly at: number | null;
  /** store-clock ms of the last reset; null before the first one */
  readonly since: number | null;
}

/** One step of the audience history: the highest counts seen during the step that starts at `t` (ms). */
export interface AudienceSample {
  /** the step's start, ms by the history's clock (`now` option), a multiple of its `resolutionMs` */
  readonly t: number;
  /** the highest audience count during the step (the rule of `selectCounts`) */
  readonly audience: number;
  /** the highest host count during the step */
  readonly hosts: number;
}
