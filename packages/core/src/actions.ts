import type { ConnectionStatus, LeaveReason, MemberState, StageRole } from './model';
import type { PresenceError } from './errors';

/**
 * The few canonical actions every source (RTM presence, RTC host events, the
 * NCS live feed) is normalised into before it reaches the reducer.
 */
export type PresenceAction =
  /**
   * The whole member list (RTM SNAPSHOT, whoNow resync, NCS snapshot). Members
   * missing from it have left. A row without `state` keeps the state already
   * known of that member (empty for a new one); `{}` clears it. `total`
   * overrides the occupancy when the source knows more than the list names
   * (whoNow totalOccupancy in a big channel).
   */
  | {
      readonly type: 'snapshot';
      readonly members: readonly {
        readonly userId: string;
        readonly state?: MemberState;
        readonly role?: StageRole;
      }[];
      readonly total?: number;
    }
  | {
      readonly type: 'join';
      readonly userId: string;
      readonly state?: MemberState;
      readonly role?: StageRole;
    }
  | { readonly type: 'leave'; readonly userId: string; readonly reason: LeaveReason }
  /** the member's WHOLE state map after the change (RTM sends the full map, not a delta) */
  | { readonly type: 'state'; readonly userId: string; readonly state: MemberState }
  /** NCS 111/112: role change only, the member stays */
  | { readonly type: 'role'; readonly userId: string; readonly role: StageRole }
  /** one RTM INTERVAL tick, applied as one transaction */
  | {
      readonly type: 'interval';
      readonly joins: readonly string[];
      readonly leaves: readonly string[];
      readonly timeouts: readonly string[];
      readonly states: readonly { readonly userId: string; readonly state: MemberState }[];
      /** the channel's real size (self included) */
      readonly total: number;
    }
  /** the set of remote users RTC reports (live mode: hosts only); RTC wins over RTM state */
  | { readonly type: 'rtc-hosts'; readonly userIds: readonly string[] }
  | {
      readonly type: 'status';
      readonly status: ConnectionStatus;
      readonly error?: PresenceError | null;
    }
  /** who we are in this channel (excluded from the audience by default) */
  | { readonly type: 'self'; readonly userId: string | null }
  /** an occupancy figure from a cheap count (whoNow includedUserId:false) or the server */
  | { readonly type: 'occupancy'; readonly total: number; readonly source: 'who-now' | 'server' }
  /** input that could not be understood: counted, never applied */
  | {
      readonly type: 'ignored';
      readonly why: 'malformed' | 'unknown-type' | 'foreign-channel';
      readonly detail: string;
    }
  /**
   * The list can no longer be trusted (RTM ERROR_OUT_OF_SERVICE: docs/agora-behaviour.md §1)
   * although the link is up: mark it stale and keep it until a fresh snapshot.
   */
  | { readonly type: 'invalidate'; readonly error?: PresenceError | null }
  /** forget everything (channel switch) */
  | { readonly type: 'reset' };
