import { ActivityLog } from '../activity-log';
import type { PresenceAction } from '../actions';
import type { PresenceChange } from '../changes';
import type { PresenceError } from '../errors';
import { audienceCount, selfOffset } from '../roles';
import { frozenState, isStateLike, isUserId, isValidTotal, LEAVE_REASONS } from './action-checks';
import { makeMember, sameState } from '../member';
import { raisePeak, restartPeak } from './peak';
import type {
  ActivityEntry,
  ConnectionStatus,
  Diagnostics,
  LeaveReason,
  Member,
  MemberState,
  Occupancy,
  PeakAudience,
  Role,
  StageRole,
  Staleness,
} from '../model';
import { EMPTY_DIAGNOSTICS, FRESH, type PresenceConfig, type PresenceState } from '../state';

type ExplicitRole = StageRole;
type Editable = Exclude<PresenceAction, { type: 'ignored' }>;

const STALE_STATUSES: ReadonlySet<ConnectionStatus> = new Set([
  'reconnecting',
  'disconnected',
  'failed',
]);
/** errors that a fresh full list makes obsolete */
const CLEARED_BY_SNAPSHOT: ReadonlySet<string> = new Set([
  'PRESENCE_OUT_OF_SERVICE',
  'PRESENCE_DEGRADED',
  'RTM_RESYNC_FAILED',
]);

/**
 * The mutable working copy the reducer edits. A store keeps ONE draft for its
 * whole life and edits it in place for the actions of each flush (O(delta) per
 * flush), then publishes an immutable-looking {@link PresenceState} that points
 * at the draft's Map and ring (see the ownership rule on PresenceState). The
 * pure `reduce` builds a throw-away draft from copies instead.
 *
 * No I/O, no timers, no SDK: time comes in as `now`, changes go out as a list.
 */
export class PresenceDraft {
  // `declare`: the constructor assigns every one of these, so no class-field
  // definitions are emitted for them (same object shape, less code)
  declare members: Map<string, Member>;
  declare explicitRoles: Map<string, ExplicitRole>;
  declare rtcHosts: ReadonlySet<string>;
  declare hostCount: number;
  declare selfId: string | null;
  declare reportedTotal: number | null;
  declare occupancySource: Occupancy['source'];
  declare status: ConnectionStatus;
  declare staleness: Staleness;
  declare error: PresenceError | null;
  declare synced: boolean;
  declare activity: ActivityLog;
  declare nextActivityId: number;
  declare diagnostics: Diagnostics;
  declare peak: PeakAudience;
  declare readonly config: PresenceConfig;

  declare membersRevision: number;
  declare activityRevision: number;
  /** something other than members/activity changed in this flush */
  #dirty = false;
  #now = 0;
  /** null when nobody listens: then no change objects are allocated */
  #changes: PresenceChange[] | null = null;

  /** A draft that owns copies of everything in `state`. */
  constructor(state: PresenceState) {
    this.members = new Map(state.members);
    this.explicitRoles = new Map(state.explicitRoles);
    this.rtcHosts = state.rtcHosts;
    this.hostCount = state.hostCount;
    this.selfId = state.selfId;
    this.reportedTotal = state.reportedTotal;
    this.occupancySource = state.occupancy.source;
    this.status = state.status;
    this.staleness = state.staleness;
    this.error = state.error;
    this.synced = state.synced;
    this.activity = ActivityLog.copyOf(state.activity);
    this.nextActivityId = state.nextActivityId;
    this.diagnostics = state.diagnostics;
    this.peak = state.peak;
    this.config = state.config;
    this.membersRevision = state.membersRevision;
    this.activityRevision = state.activityRevision;
  }

  /** Starts a flush at store-clock `now`; `changes` collects what listeners will hear. */
  begin(now: number, changes: PresenceChange[] | null): void {
    this.#now = now;
    this.#changes = changes;
    this.#dirty = false;
  }

  /**
   * Publishes the result of the flush: `prev` itself when nothing changed
   * (every replacement of the Map also bumps a revision or marks the draft dirty),
   * otherwise a new state object. Unchanged sub-objects keep their identity.
   */
  publish(prev: PresenceState): PresenceState {
    const occupancy = this.#occupancy(prev.occupancy);
    if (
      !this.#dirty &&
      this.membersRevision === prev.membersRevision &&
      this.activityRevision === prev.activityRevision &&
      this.reportedTotal === prev.reportedTotal &&
      occupancy === prev.occupancy
    ) {
      return prev;
    }
    // the audience figure of selectCounts (roles.ts: one rule), raised into the peak
    const self = this.selfId === null ? undefined : this.members.get(this.selfId);
    const audience = audienceCount({
      total: occupancy.total,
      hosts: this.hostCount,
      selfOffset: selfOffset(self, this.config.includeSelfInAudience),
    });
    this.peak = raisePeak(this.peak, audience, this.#now);
    return {
      members: this.members,
      membersRevision: this.membersRevision,
      hostCount: this.hostCount,
      selfId: this.selfId,
      occupancy,
      status: this.status,
      staleness: this.staleness,
      error: this.error,
      synced: this.synced,
      activity: this.activity,
      activityRevision: this.activityRevision,
      nextActivityId: this.nextActivityId,
      diagnostics: this.diagnostics,
      rtcHosts: this.rtcHosts,
      explicitRoles: this.explicitRoles,
      reportedTotal: this.reportedTotal,
      peak: this.peak,
      config: this.config,
    };
  }

  #occupancy(prev: Occupancy): Occupancy {
    const size = this.members.size;
    const total = this.reportedTotal === null ? size : Math.max(this.reportedTotal, size);
    const source = this.reportedTotal === null ? 'list' : this.occupancySource;
    return prev.total === total && prev.source === source ? prev : { total, source };
  }

  /** Applies one canonical action. Never throws: bad input is counted in diagnostics. */
  apply(action: PresenceAction): void {
    if (typeof action !== 'object' || action === null) {
      this.#ignore('malformed', process.env.NODE_ENV !== 'production' && 'action is not an object');
      return;
    }
    switch (action.type) {
      case 'snapshot':
        this.#snapshot(action);
        return;
      case 'join':
        if (!this.#checkId(action.userId, 'join') || !this.#checkState(action.state, 'join'))
          return;
        this.#join(action.userId, action.state, action.role, true);
        return;
      case 'leave':
        if (!this.#checkId(action.userId, 'leave')) return;
        if (!LEAVE_REASONS.has(action.reason)) {
          this.#ignore(
            'malformed',
            process.env.NODE_ENV !== 'production' && `leave reason ${String(action.reason)}`,
          );
          return;
        }
        this.#leave(action.userId, action.reason);
        return;
      case 'state':
        if (
          !this.#checkId(action.userId, 'state') ||
          action.state === undefined ||
          !this.#checkState(action.state, 'state')
        )
          return;
        this.#setState(action.userId, action.state);
        return;
      case 'role':
        if (!this.#checkId(action.userId, 'role')) return;
        this.#role(action.userId, action.role);
        return;
      case 'interval':
        this.#interval(action);
        return;
      case 'rtc-hosts':
        this.#rtcHosts(action.userIds);
        return;
      case 'status':
        this.#status(action.status, action.error);
        return;
      case 'self':
        if (this.selfId !== action.userId) {
          this.selfId = action.userId;
          this.#dirty = true;
        }
        return;
      case 'occupancy':
        if (!isValidTotal(action.total)) {
          this.#ignore(
            'malformed',
            process.env.NODE_ENV !== 'production' && `occupancy total ${String(action.total)}`,
          );
          return;
        }
        this.reportedTotal = action.total;
        this.occupancySource = action.source;
        return;
      case 'invalidate':
        this.#markStale();
        if (action.error !== undefined && action.error !== this.error) {
          this.error = action.error;
          this.#dirty = true;
        }
        return;
      case 'ignored':
        this.#ignore(action.why, action.detail);
        return;
      case 'reset':
        this.#reset();
        return;
      default:
        this.#ignore(
          'unknown-type',
          process.env.NODE_ENV !== 'production' &&
            `action ${String((action as { type?: unknown }).type)}`,
        );
    }
  }

  // --- members ------------------------------------------------------------

  #checkId(userId: unknown, what: string): userId is string {
    if (isUserId(userId)) return true;
    this.#ignore('malformed', process.env.NODE_ENV !== 'production' && `${what} without a userId`);
    return false;
  }

  #checkState(state: unknown, what: string): boolean {
    if (isStateLike(state)) return true;
    this.#ignore(
      'malformed',
      process.env.NODE_ENV !== 'production' && `${what} with a state that is not a map`,
    );
    return false;
  }

  #roleOf(userId: string, state: MemberState): Role {
    const hosts = this.rtcHosts;
    if (hosts.size > 0) {
      if (hosts.has(userId)) return 'host';
      const uid = state[this.config.rtcUidKey];
      if (typeof uid === 'string' && hosts.has(uid)) return 'host';
    }
    if (this.explicitRoles.size > 0) {
      const explicit = this.explicitRoles.get(userId);
      if (explicit !== undefined) return explicit;
    }
    const fromState = state[this.config.roleKey];
    return fromState === 'host' || fromState === 'audience' ? fromState : 'unknown';
  }

  #log(entry: ActivityEntry): void {
    this.activity.push(entry);
    this.activityRevision++;
  }

  /** Adds a member, or updates it when already present (a repeated join is a no-op). */
  #join(
    userId: string,
    state: MemberState | undefined,
    role: ExplicitRole | undefined,
    announce: boolean,
    into: Map<string, Member> = this.members,
  ): void {
    const existing = into.get(userId);
    if (existing !== undefined) {
      if (role !== undefined) this.#setExplicit(userId, role);
      this.#update(existing, state ?? existing.state, into);
      return;
    }
    if (role !== undefined) this.#setExplicit(userId, role);
    const frozen = frozenState(state);
    const now = this.#now;
    const member = makeMember(userId, this.#roleOf(userId, frozen), frozen, now, now);
    into.set(userId, member);
    if (member.role === 'host') this.hostCount++;
    if (this.reportedTotal !== null && into === this.members) this.reportedTotal++;
    this.membersRevision++;
    if (announce) {
      this.#log({ id: this.nextActivityId++, kind: 'join', userId, at: now });
      this.#changes?.push({ type: 'join', member });
    }
  }

  /** Replaces a member when its state or role differs; otherwise keeps the object. */
  #update(existing: Member, state: MemberState, into: Map<string, Member>): void {
    const nextState = sameState(existing.state, state) ? existing.state : frozenState(state);
    const role = this.#roleOf(existing.userId, nextState);
    if (nextState === existing.state && role === existing.role) return;
    const member = makeMember(existing.userId, role, nextState, existing.joinedAt, this.#now);
    into.set(existing.userId, member);
    this.membersRevision++;
    if (nextState !== existing.state)
      this.#changes?.push({ type: 'state', member, previous: existing });
    if (role !== existing.role) {
      if (existing.role === 'host') this.hostCount--;
      if (role === 'host') this.hostCount++;
      this.#log({
        id: this.nextActivityId++,
        kind: 'role',
        userId: existing.userId,
        at: this.#now,
        role,
      });
      this.#changes?.push({ type: 'role', member, previous: existing.role });
    }
  }

  #leave(userId: string, reason: LeaveReason): void {
    const existing = this.members.get(userId);
    if (existing === undefined) return; // leaving an unknown user: harmless no-op
    this.members.delete(userId);
    this.#forget(existing, reason);
    if (this.reportedTotal !== null) this.reportedTotal = Math.max(0, this.reportedTotal - 1);
  }

  /** bookkeeping for a member that is gone from the map */
  #forget(member: Member, reason: LeaveReason): void {
    if (this.explicitRoles.size > 0 && this.explicitRoles.delete(member.userId)) this.#dirty = true;
    if (member.role === 'host') this.hostCount--;
    this.membersRevision++;
    this.#log({
      id: this.nextActivityId++,
      kind: 'leave',
      userId: member.userId,
      at: this.#now,
      reason,
    });
    if (this.#changes !== null) {
      this.#changes.push({ type: 'leave', member, reason });
      if (reason === 'timed-out') this.#changes.push({ type: 'timeout', member });
    }
  }

  /** a state change for an unknown user means that user is present */
  #setState(userId: string, state: MemberState): void {
    const existing = this.members.get(userId);
    if (existing === undefined) this.#join(userId, state, undefined, true);
    else this.#update(existing, state, this.members);
  }

  #role(userId: string, role: ExplicitRole): void {
    if (role !== 'host' && role !== 'audience') {
      this.#ignore('malformed', process.env.NODE_ENV !== 'production' && `role ${String(role)}`);
      return;
    }
    const existing = this.members.get(userId);
    if (existing === undefined) {
      this.#join(userId, undefined, role, true);
      return;
    }
    this.#setExplicit(userId, role);
    this.#update(existing, existing.state, this.members);
  }

  #setExplicit(userId: string, role: ExplicitRole): void {
    if (role !== 'host' && role !== 'audience') return;
    if (this.explicitRoles.get(userId) === role) return;
    this.explicitRoles.set(userId, role);
    this.#dirty = true;
  }

  #snapshot(action: Extract<Editable, { type: 'snapshot' }>): void {
    if (
      !Array.isArray(action.members) ||
      (action.total !== undefined && !isValidTotal(action.total))
    ) {
      this.#ignore(
        'malformed',
        process.env.NODE_ENV !== 'production' &&
          'snapshot without a members array or with a bad total',
      );
      return;
    }
    for (const entry of action.members) {
      if (
        typeof entry !== 'object' ||
        entry === null ||
        !isUserId(entry.userId) ||
        !isStateLike(entry.state)
      ) {
        // one bad row would make a good member look "missing": reject the whole list
        this.#ignore(
          'malformed',
          process.env.NODE_ENV !== 'production' &&
            'snapshot entry without a userId or with a bad state',
        );
        return;
      }
    }
    const before = this.members;
    const revision = this.membersRevision;
    // A snapshot builds a new Map (O(list)); members present before keep their objects.
    const next = new Map<string, Member>();
    for (const entry of action.members) {
      const known = next.get(entry.userId) ?? before.get(entry.userId);
      if (known !== undefined && !next.has(entry.userId)) next.set(entry.userId, known);
      // no `state`: keep what is known (a whoNow listing that did not reach this member)
      this.#join(entry.userId, entry.state, entry.role, this.synced, next);
    }
    let changed = this.membersRevision !== revision || next.size !== before.size;
    for (const member of before.values()) {
      if (!next.has(member.userId)) {
        this.#forget(member, 'missing-from-snapshot');
        changed = true;
      }
    }
    if (changed) this.members = next;
    this.reportedTotal = action.total ?? null;
    this.occupancySource = action.total === undefined ? 'list' : 'who-now';
    if (!this.synced || this.staleness.stale) this.#dirty = true;
    this.synced = true;
    this.staleness = FRESH;
    if (this.error !== null && CLEARED_BY_SNAPSHOT.has(this.error.code)) {
      this.error = null;
      this.#dirty = true;
    }
  }

  #interval(action: Extract<Editable, { type: 'interval' }>): void {
    const { joins, leaves, timeouts, states, total } = action;
    if (
      !Array.isArray(joins) ||
      !Array.isArray(leaves) ||
      !Array.isArray(timeouts) ||
      !Array.isArray(states) ||
      !isValidTotal(total)
    ) {
      this.#ignore(
        'malformed',
        process.env.NODE_ENV !== 'production' && 'interval with missing lists or a bad total',
      );
      return;
    }
    const validRow = (row: unknown) =>
      typeof row === 'object' &&
      row !== null &&
      isUserId((row as { userId?: unknown }).userId) &&
      (row as { state?: unknown }).state !== undefined &&
      isStateLike((row as { state?: unknown }).state);
    // one transaction: a bad entry rejects the whole tick rather than half-applying it
    if (
      !joins.every(isUserId) ||
      !leaves.every(isUserId) ||
      !timeouts.every(isUserId) ||
      !states.every(validRow)
    ) {
      this.#ignore(
        'malformed',
        process.env.NODE_ENV !== 'production' && 'interval with a bad user id or state row',
      );
      return;
    }
    // Order: joins, state changes, then leaves and timeouts, so that a user who
    // left in this interval is not brought back by its last state change.
    // A joiner's states are NOT in its join tick's userStateList (REMOTE_JOIN and
    // INTERVAL joins carry none; they follow when they change: docs/agora-behaviour.md §1b).
    // When the joiner also changed state within the tick, join with it at once.
    let joinState: Map<string, MemberState> | null = null;
    if (joins.length > 0 && states.length > 0) {
      joinState = new Map();
      for (const row of states) {
        joinState.set(row.userId, row.state);
      }
    }
    for (const id of joins) this.#join(id, joinState?.get(id), undefined, true);
    for (const row of states) this.#setState(row.userId, row.state);
    for (const id of leaves) this.#leave(id, 'left');
    for (const id of timeouts) this.#leave(id, 'timed-out');
    // totalOccupancy is the channel's real size; the lists may not name everyone (docs/agora-behaviour.md §1)
    this.reportedTotal = total;
    this.occupancySource = 'interval';
  }

  #rtcHosts(userIds: readonly string[]): void {
    if (!Array.isArray(userIds)) {
      this.#ignore(
        'malformed',
        process.env.NODE_ENV !== 'production' && 'rtc-hosts without a userIds array',
      );
      return;
    }
    const next = new Set<string>();
    for (const id of userIds) next.add(String(id));
    if (next.size === this.rtcHosts.size && [...next].every((id) => this.rtcHosts.has(id))) return;
    this.rtcHosts = next;
    this.#dirty = true;
    // rare (a host joins or leaves the stage): recompute every role, O(members)
    for (const member of this.members.values()) this.#update(member, member.state, this.members);
  }

  #status(status: ConnectionStatus, error: PresenceError | null | undefined): void {
    const nextError = error !== undefined ? error : status === 'connected' ? null : this.error;
    if (status !== this.status || nextError !== this.error) {
      this.status = status;
      this.error = nextError;
      this.#dirty = true;
    }
    if (STALE_STATUSES.has(status)) this.#markStale();
  }

  #markStale(): void {
    // a list that never held anything is not stale, just not loaded (status says why)
    if (this.staleness.stale || (!this.synced && this.members.size === 0)) return;
    this.staleness = { stale: true, since: this.#now };
    this.#dirty = true;
  }

  /** `detail` is `false` in a production build (core README, "Production builds"): `lastIgnored` is then `why` */
  #ignore(why: 'malformed' | 'unknown-type' | 'foreign-channel', detail: string | false): void {
    const d = this.diagnostics;
    this.diagnostics = {
      malformed: d.malformed + (why === 'malformed' ? 1 : 0),
      unknownType: d.unknownType + (why === 'unknown-type' ? 1 : 0),
      foreignChannel: d.foreignChannel + (why === 'foreign-channel' ? 1 : 0),
      lastIgnored:
        detail === false || detail === '' ? why : `${why}: ${String(detail).slice(0, 200)}`,
    };
    this.#dirty = true;
  }

  #reset(): void {
    if (this.members.size > 0) this.membersRevision++;
    this.members = new Map();
    this.explicitRoles = new Map();
    this.rtcHosts = new Set();
    this.hostCount = 0;
    this.reportedTotal = null;
    this.occupancySource = 'list';
    this.status = 'idle';
    this.staleness = FRESH;
    this.error = null;
    this.synced = false;
    if (this.activity.size > 0) this.activityRevision++;
    this.activity = new ActivityLog(this.config.activityLimit);
    this.diagnostics = EMPTY_DIAGNOSTICS;
    this.peak = restartPeak(this.#now);
    this.#dirty = true;
  }
}
