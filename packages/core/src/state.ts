import { ActivityLog, type ActivityRing } from './activity-log';
import { invalidArgument, requireNonEmpty, type PresenceError } from './errors';
import type {
  ConnectionStatus,
  Diagnostics,
  Member,
  MemberState,
  Occupancy,
  PeakAudience,
  StageRole,
  Staleness,
} from './model';

/** Frozen empty member state, shared by every member that has none (saves memory at 100k). */
export const EMPTY_STATE: MemberState = Object.freeze({});

/** Per-store settings that the reducer and selectors need. Frozen, one object per store. */
export interface PresenceConfig {
  /** the key of a member's own RTM state that holds its role ('host' | 'audience') */
  readonly roleKey: string;
  /** the key of a member's own RTM state that holds its RTC uid (matched against 'rtc-hosts') */
  readonly rtcUidKey: string;
  /** how many activity entries are kept */
  readonly activityLimit: number;
  /** whether `selectAudience` and the audience count include the local user */
  readonly includeSelfInAudience: boolean;
}

/** Options accepted wherever a {@link PresenceConfig} is built. All optional. */
export interface PresenceConfigOptions {
  /** default `'role'` */
  readonly roleKey?: string;
  /** default `'rtcUid'` */
  readonly rtcUidKey?: string;
  /** default 200 */
  readonly activityLimit?: number;
  /** default false: the local user is not counted as audience */
  readonly includeSelfInAudience?: boolean;
  /** the local user's id in this channel, if known up front */
  readonly selfId?: string | null;
}

/**
 * The published presence state of one channel.
 *
 * OWNERSHIP RULE (why it is fast): inside a store, `members`, `activity` and
 * `explicitRoles` are owned by the store and edited in place while a flush
 * runs, so a published state is a live read-only view of the LATEST data, not
 * a snapshot of the past. Never mutate them; compare `membersRevision` /
 * `activityRevision` instead of the Map identity, and read lists through the
 * selectors (they memoise per revision). Member objects themselves are
 * immutable: a change replaces the object, so an unchanged member keeps its
 * identity. The pure {@link reduce} copies everything and never edits its input.
 */
export interface PresenceState {
  /** every member, in the order they joined (self included when RTM reports it) */
  readonly members: ReadonlyMap<string, Member>;
  /** increments whenever any member is added, removed or replaced */
  readonly membersRevision: number;
  /** number of members whose role is 'host' (kept incrementally) */
  readonly hostCount: number;
  /** the local user's id, or null */
  readonly selfId: string | null;
  /** how many are in the channel and where that figure came from */
  readonly occupancy: Occupancy;
  /** connection status of the presence source */
  readonly status: ConnectionStatus;
  /** whether the list is stale (kept while reconnecting) */
  readonly staleness: Staleness;
  /** the last error, or null */
  readonly error: PresenceError | null;
  /** whether a full list (snapshot/resync) has been applied since the last reset */
  readonly synced: boolean;
  /** activity ring; read it with `selectActivity` */
  readonly activity: ActivityRing;
  /** increments whenever an activity entry is appended */
  readonly activityRevision: number;
  /** id that the next activity entry gets */
  readonly nextActivityId: number;
  /** counters of ignored input */
  readonly diagnostics: Diagnostics;
  /** remote users RTC reports (live mode: hosts), as strings */
  readonly rtcHosts: ReadonlySet<string>;
  /** roles given explicitly by a source (NCS), by userId */
  readonly explicitRoles: ReadonlyMap<string, StageRole>;
  /** `occupancy.total` as reported by Agora before list-size correction, or null when the list is the truth */
  readonly reportedTotal: number | null;
  /** the highest audience count since the last reset; read it with `selectPeakAudience` */
  readonly peak: PeakAudience;
  /** the store's settings */
  readonly config: PresenceConfig;
}

/** Frozen "nothing ignored yet" diagnostics. */
export const EMPTY_DIAGNOSTICS: Diagnostics = Object.freeze({
  malformed: 0,
  unknownType: 0,
  foreignChannel: 0,
  lastIgnored: null,
});

/** Frozen "fresh" staleness. */
export const FRESH: Staleness = Object.freeze({ stale: false, since: null });

const EMPTY_MEMBERS: ReadonlyMap<string, Member> = new Map();
const EMPTY_HOSTS: ReadonlySet<string> = new Set();
const EMPTY_ROLES: ReadonlyMap<string, StageRole> = new Map();
/** The peak of a store nobody has joined yet. */
export const NO_PEAK: PeakAudience = Object.freeze({ audience: 0, at: null, since: null });
/** occupancy of an empty list */
export const EMPTY_OCCUPANCY: Occupancy = Object.freeze({ total: 0, source: 'list' });

/** Validates options and builds the frozen config. Throws a PresenceError('INVALID_ARGUMENT') on bad input. */
export function createConfig(options: PresenceConfigOptions): PresenceConfig {
  const roleKey = options.roleKey ?? 'role';
  const rtcUidKey = options.rtcUidKey ?? 'rtcUid';
  const activityLimit = options.activityLimit ?? 200;
  requireNonEmpty(roleKey, 'roleKey');
  requireNonEmpty(rtcUidKey, 'rtcUidKey');
  if (!Number.isInteger(activityLimit) || activityLimit < 0)
    throw invalidArgument('activityLimit must be a non-negative integer');
  return Object.freeze({
    roleKey,
    rtcUidKey,
    activityLimit,
    includeSelfInAudience: options.includeSelfInAudience ?? false,
  });
}

/** The empty state of a channel nobody has reported on yet. */
export function createEmptyState(config: PresenceConfig, selfId: string | null): PresenceState {
  return {
    members: EMPTY_MEMBERS,
    membersRevision: 0,
    hostCount: 0,
    selfId,
    occupancy: EMPTY_OCCUPANCY,
    status: 'idle',
    staleness: FRESH,
    error: null,
    synced: false,
    activity: new ActivityLog(config.activityLimit),
    activityRevision: 0,
    nextActivityId: 1,
    diagnostics: EMPTY_DIAGNOSTICS,
    rtcHosts: EMPTY_HOSTS,
    explicitRoles: EMPTY_ROLES,
    reportedTotal: null,
    peak: NO_PEAK,
    config,
  };
}
