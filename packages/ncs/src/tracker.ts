import { leaveReasonName, platformName } from './codes';
import type { NcsJoin, NcsLeave, NcsRole, NcsRoleChange } from './events';
import type { FeedEvent, PresenceMember } from './store';

/** What a store keeps per (channel, uid): Agora's documented record (docs/agora-behaviour.md §3). */
export interface UserRecord {
  /** true after a join or role change; false after a leave (the record is then a tombstone) */
  readonly online: boolean;
  /** the user's last known role */
  readonly role: NcsRole;
  /** the last handled clientSeq of this user */
  readonly clientSeq: number;
  /** NCS platform code of the last join or leave; 0 when none was seen */
  readonly platform: number;
  /**
   * ms: event time of what last put the user online (a join, or a role change
   * newer than a leave); a leave keeps it, or sets its own on a new record
   */
  readonly joinedAt: number;
  /** the string user account, once any of the user's events carried one */
  readonly account?: string;
}

/** A feed event before the store numbers it. */
export type FeedChange = FeedEvent extends infer E
  ? E extends FeedEvent
    ? Omit<E, 'id' | 'channelName'>
    : never
  : never;

/** The next record of a user and the visible change, if any. */
export interface Transition {
  /** the user's record to store in place of the old one */
  readonly record: UserRecord;
  /**
   * the feed change to publish; `null` when nothing visible changed (a leave of
   * a user already offline, a role change to the same role)
   */
  readonly change: FeedChange | null;
}

/** Turns a stored record into the member the read endpoints show. */
export function toMember(uid: number, record: UserRecord): PresenceMember {
  return {
    uid,
    role: record.role,
    platform: platformName(record.platform),
    joinedAt: record.joinedAt,
    ...(record.account === undefined ? {} : { account: record.account }),
  };
}

/**
 * Agora's ordering algorithm, done right (docs/agora-behaviour.md §3): an event applies
 * only if its clientSeq is greater than the last handled one; a leave for an
 * unknown user still creates an offline record so the late join is blocked; a
 * role change keeps (or, when newer than a leave, makes) the user online. An
 * event older than the channel's last destroy (102, which has no clientSeq) is
 * stale. Returns `null` for a stale event. Pure: the Redis store's Lua script
 * implements the same table and both are run through the same tests.
 */
export function transition(
  uid: number,
  record: UserRecord | undefined,
  event: NcsJoin | NcsLeave | NcsRoleChange,
  destroyedAtSec: number | undefined,
): Transition | null {
  if (record !== undefined && event.clientSeq <= record.clientSeq) return null;
  if (event.kind !== 'leave' && destroyedAtSec !== undefined && event.ts < destroyedAtSec)
    return null;
  const account = event.account ?? record?.account;
  const withAccount = account === undefined ? {} : { account };
  if (event.kind === 'join') {
    const next: UserRecord = {
      online: true,
      role: event.role,
      clientSeq: event.clientSeq,
      platform: event.platform,
      joinedAt: event.ts * 1000,
      ...withAccount,
    };
    return { record: next, change: { type: 'join', member: toMember(uid, next) } };
  }
  if (event.kind === 'leave') {
    const next: UserRecord = {
      online: false,
      role: record?.role ?? event.role,
      clientSeq: event.clientSeq,
      platform: event.platform,
      joinedAt: record?.joinedAt ?? event.ts * 1000,
      ...withAccount,
    };
    const change: FeedChange | null = record?.online
      ? {
          type: 'leave',
          uid,
          role: record.role,
          reason: event.reason,
          reasonName: leaveReasonName(event.reason),
          at: event.ts * 1000,
        }
      : null;
    return { record: next, change };
  }
  if (record?.online) {
    const next: UserRecord = {
      ...record,
      role: event.role,
      clientSeq: event.clientSeq,
      ...withAccount,
    };
    const change: FeedChange | null =
      record.role === event.role ? null : { type: 'role', uid, role: event.role };
    return { record: next, change };
  }
  // A role change newer than anything known proves the user is in the channel:
  // its own join has a lower clientSeq and will be blocked, so it joins here.
  const next: UserRecord = {
    online: true,
    role: event.role,
    clientSeq: event.clientSeq,
    platform: record?.platform ?? 0,
    joinedAt: event.ts * 1000,
    ...withAccount,
  };
  return { record: next, change: { type: 'join', member: toMember(uid, next) } };
}

/** The leave a 102 (channel destroyed) produces for one online user. */
export function destroyedLeave(uid: number, record: UserRecord, tsSec: number): FeedChange {
  return {
    type: 'leave',
    uid,
    role: record.role,
    reason: null,
    reasonName: 'channel-destroyed',
    at: tsSec * 1000,
  };
}
