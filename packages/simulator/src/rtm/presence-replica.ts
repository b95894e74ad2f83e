import type { RtmOccupancyDetail, RtmPresenceEvent, RtmUserList } from '../agora-types';
import type { Clock, TimerHandle } from '../clock';
import type { LeaveKind, PresenceChannel, PresenceWatcher, States } from './presence-channel';

type PresenceEvent = RtmPresenceEvent;
type UserState = RtmOccupancyDetail;

/** Settings a replica needs; thresholds are already clamped. */
export interface ReplicaSettings {
  selfId: string;
  clock: Clock;
  /** Instant-event threshold ("max instant events", self included). */
  threshold: number;
  intervalMs: number;
  /** Server count above which the channel is in TOPN mode (Infinity: never). */
  topnThreshold: number;
  emit(event: PresenceEvent): void;
}

const NO_STATES: Record<string, string> = Object.freeze({}) as Record<string, string>;
const EMPTY_STATES: States = Object.freeze({});

/**
 * What one subscribed client's SDK knows about one channel: a local copy of the
 * member list and the instant/interval event logic, which is decided
 * client-side (docs/agora-behaviour.md §1, "Interval mode is decided CLIENT-side").
 */
export class PresenceReplica implements PresenceWatcher {
  /** userId -> states, self included unless subscribed with beQuiet. */
  readonly members = new Map<string, States>();
  private interval = false;
  /** totalOccupancy of the last INTERVAL (or when interval mode began). */
  private lastOccupancy = 0;
  /** Degraded mode's snapshot size; undefined while presence is healthy. */
  private degradedLimit: number | undefined;
  private timer: TimerHandle | undefined;
  private readonly join = new Set<string>();
  private readonly leave = new Set<string>();
  private readonly timeout = new Set<string>();
  private readonly changed = new Set<string>();

  constructor(
    private readonly channel: PresenceChannel,
    private readonly s: ReplicaSettings,
  ) {}

  /** True while INTERVAL events replace single REMOTE_* events. */
  get inIntervalMode(): boolean {
    return this.interval;
  }

  /** The local count, or the server's in TOPN and degraded mode. */
  get occupancy(): number {
    return this.isTopn() || this.isDegraded ? this.channel.size : this.members.size;
  }

  /** True while the SDK serves presence from the message server (degraded mode). */
  get isDegraded(): boolean {
    return this.degradedLimit !== undefined;
  }

  /** The message server's answer in degraded mode: the first `limit` ids, EMPTY states. */
  degradedMembers(): string[] {
    const first: string[] = [];
    const limit = this.degradedLimit ?? 0;
    for (const r of this.channel.all()) {
      if (first.length >= limit) break;
      first.push(r.userId);
    }
    return first;
  }

  /** TOPN mode: the server's count exceeds the server-sent threshold. */
  isTopn(): boolean {
    return this.channel.size > this.s.topnThreshold;
  }

  /**
   * Copies the server's list (no events) and starts following the channel.
   * Used on subscribe (followed by {@link snapshotEvent}) and on reconnect,
   * which emits NO new SNAPSHOT (docs/agora-behaviour.md §1).
   */
  attach(): void {
    this.members.clear();
    if (this.isDegraded)
      for (const userId of this.degradedMembers()) this.members.set(userId, EMPTY_STATES);
    else for (const r of this.channel.all()) this.members.set(r.userId, r.states);
    this.channel.watchers.add(this);
    const big = this.members.size >= this.s.threshold;
    if (big && !this.interval) this.startInterval();
    else if (big)
      this.schedule(); // detach stopped the timer
    else if (this.interval) this.finalInterval();
  }

  /** Stops following the channel (unsubscribe, link lost, crash). */
  detach(): void {
    this.channel.watchers.delete(this);
    this.stopTimer();
  }

  /** Stops following and forgets everything (unsubscribe / logout). */
  dispose(): void {
    this.detach();
    this.interval = false;
    this.degradedLimit = undefined;
    this.members.clear();
    this.clearPending();
  }

  /**
   * Degraded mode: the SDK fell back to the message server's presence, whose
   * snapshot holds only the first `limit` userIds with EMPTY states
   * (docs/agora-behaviour.md §1 and §1b, "Degraded mode"). The local list becomes that;
   * joins and leaves still arrive (without states) until {@link recover}.
   */
  degrade(limit: number): void {
    this.degradedLimit = limit;
    this.members.clear();
    for (const userId of this.degradedMembers()) this.members.set(userId, EMPTY_STATES);
    this.clearPending();
  }

  /** Presence is back: the full list again (the caller may emit a SNAPSHOT). */
  recover(): void {
    if (!this.isDegraded) return;
    this.degradedLimit = undefined;
    this.members.clear();
    for (const r of this.channel.all()) this.members.set(r.userId, r.states);
    this.clearPending();
  }

  /** A SNAPSHOT of the whole local list. */
  snapshotEvent(): PresenceEvent {
    const snapshot: UserState[] = [];
    for (const [userId, states] of this.members) snapshot.push(userState(userId, states));
    return this.event('SNAPSHOT', '', { snapshot });
  }

  onJoin(userId: string, joinStates: States): void {
    // The message server carries joins and leaves, not states (degraded mode).
    const states = this.isDegraded ? EMPTY_STATES : joinStates;
    this.members.set(userId, states);
    if (userId === this.s.selfId) return; // never a REMOTE_* about self
    if (this.interval) {
      // A leave and a join of one user within one interval cancel out.
      const cancelled = this.leave.delete(userId) || this.timeout.delete(userId);
      if (!cancelled) this.join.add(userId);
      // A rejoin within the interval may come back with other states. A plain
      // joiner's states are NOT in this tick's userStateList; they arrive in
      // a later one when they change (docs/agora-behaviour.md §1b).
      if (cancelled) this.changed.add(userId);
      return;
    }
    // REMOTE_JOIN carries stateChanged: {}; the joiner's states follow as a
    // REMOTE_STATE_CHANGED (docs/agora-behaviour.md §1b).
    this.s.emit(this.event('REMOTE_JOIN', userId, {}));
    if (hasKeys(states)) {
      this.s.emit(this.event('REMOTE_STATE_CHANGED', userId, { stateChanged: { ...states } }));
    }
    // The join that reaches the threshold is still a REMOTE_JOIN; then interval mode (§1b).
    if (this.members.size >= this.s.threshold) this.startInterval();
  }

  onLeave(userId: string, kind: LeaveKind): void {
    const known = this.members.delete(userId);
    // Degraded mode: the message server reports leaves of users beyond the partial list too.
    if ((!known && !this.isDegraded) || userId === this.s.selfId) return;
    if (this.interval) {
      this.changed.delete(userId);
      if (!this.join.delete(userId)) (kind === 'leave' ? this.leave : this.timeout).add(userId);
      // Checked on leave and timeout: one final INTERVAL, then single events.
      if (this.members.size < this.s.threshold) this.finalInterval();
      return;
    }
    this.s.emit(this.event(kind === 'leave' ? 'REMOTE_LEAVE' : 'REMOTE_TIMEOUT', userId, {}));
  }

  onState(userId: string, states: States): void {
    if (!this.members.has(userId) || this.isDegraded) return;
    this.members.set(userId, states);
    if (userId === this.s.selfId) return;
    if (this.interval) {
      this.changed.add(userId);
      return;
    }
    // stateChanged is the publisher's WHOLE map, not a delta (docs/agora-behaviour.md §1).
    this.s.emit(this.event('REMOTE_STATE_CHANGED', userId, { stateChanged: { ...states } }));
  }

  private startInterval(): void {
    this.interval = true;
    this.lastOccupancy = this.occupancy;
    this.clearPending();
    this.schedule();
  }

  private schedule(): void {
    this.stopTimer();
    this.timer = this.s.clock.setTimeout(() => {
      this.timer = undefined;
      this.flush();
      this.schedule();
    }, this.s.intervalMs);
  }

  private finalInterval(): void {
    this.stopTimer();
    this.flush(true);
    this.interval = false;
  }

  /**
   * One INTERVAL, only when something changed: a list is non-empty or
   * totalOccupancy moved (docs/agora-behaviour.md §1b: no empty ticks); the final one
   * (leaving interval mode) always.
   */
  private flush(final = false): void {
    const occupancy = this.occupancy;
    const quiet =
      this.join.size === 0 &&
      this.leave.size === 0 &&
      this.timeout.size === 0 &&
      this.changed.size === 0 &&
      occupancy === this.lastOccupancy;
    if (quiet && !final) return;
    this.lastOccupancy = occupancy;
    const userStateList: UserState[] = [];
    for (const userId of this.changed) {
      const states = this.members.get(userId);
      if (states) userStateList.push(userState(userId, states));
    }
    const interval = {
      join: list(this.join),
      leave: list(this.leave),
      timeout: list(this.timeout),
      userStateList,
      totalOccupancy: occupancy,
    };
    this.clearPending();
    this.s.emit(this.event('INTERVAL', '', { interval }));
  }

  private clearPending(): void {
    this.join.clear();
    this.leave.clear();
    this.timeout.clear();
    this.changed.clear();
  }

  private stopTimer(): void {
    if (this.timer) this.s.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private event(
    eventType: PresenceEvent['eventType'],
    publisher: string,
    parts: Partial<Pick<PresenceEvent, 'stateChanged' | 'interval' | 'snapshot'>>,
  ): PresenceEvent {
    return presenceEvent(this.channel.name, eventType, publisher, parts, this.s.clock.now());
  }
}

/** Builds a PresenceEvent with exactly the SDK's fields and defaults. */
export function presenceEvent(
  channelName: string,
  eventType: PresenceEvent['eventType'],
  publisher: string,
  parts: Partial<Pick<PresenceEvent, 'stateChanged' | 'interval' | 'snapshot'>>,
  timestamp: number,
): PresenceEvent {
  return {
    eventType,
    channelType: 'MESSAGE',
    channelName,
    publisher,
    stateChanged: parts.stateChanged ?? { ...NO_STATES },
    interval: parts.interval ?? null,
    // Non-SNAPSHOT events carry [] here, not null (docs/agora-behaviour.md §1).
    snapshot: parts.snapshot ?? [],
    timestamp,
  };
}

function userState(userId: string, states: States): UserState {
  return { userId, states: { ...states }, statesCount: Object.keys(states).length };
}

function hasKeys(states: States): boolean {
  for (const _ in states) return true;
  return false;
}

function list(users: Set<string>): RtmUserList {
  return { users: [...users], userCount: users.size };
}
