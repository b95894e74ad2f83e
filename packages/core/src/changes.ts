import type { LeaveReason, Member, Role } from './model';

/**
 * What a store tells its listeners after a flush ("Ana joined", "Bo timed out").
 * Members named by a first snapshot are not announced (they were already there);
 * later snapshots announce whom they add and whom they drop.
 */
export interface PresenceChangeMap {
  /** a member appeared */
  readonly join: { readonly type: 'join'; readonly member: Member };
  /** a member left, for any reason (timeouts included: see `reason`) */
  readonly leave: { readonly type: 'leave'; readonly member: Member; readonly reason: LeaveReason };
  /** a member's presence record expired (also delivered as a `leave` with reason 'timed-out') */
  readonly timeout: { readonly type: 'timeout'; readonly member: Member };
  /** a member's own state map changed */
  readonly state: { readonly type: 'state'; readonly member: Member; readonly previous: Member };
  /** a member's role changed */
  readonly role: { readonly type: 'role'; readonly member: Member; readonly previous: Role };
}

/** One change, as delivered to listeners. */
export type PresenceChange = PresenceChangeMap[keyof PresenceChangeMap];

/** The change names listeners can subscribe to. */
export type PresenceChangeType = keyof PresenceChangeMap;
