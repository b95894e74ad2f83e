import type { Clock, TimerHandle } from '../clock';

/** Why a presence record went away: graceful leave or expired TTL. */
export type LeaveKind = 'leave' | 'timeout';

/** Read-only view of a user's states; replaced (never mutated) on change. */
export type States = Readonly<Record<string, string>>;

/** Something that follows a channel's presence records (a client replica). */
export interface PresenceWatcher {
  onJoin(userId: string, states: States): void;
  onLeave(userId: string, kind: LeaveKind): void;
  onState(userId: string, states: States): void;
}

/** One user's presence record on the simulated server. */
export interface PresenceRecord {
  readonly userId: string;
  states: States;
  /** Write order, for stable paging cursors. */
  readonly seq: number;
  removed: boolean;
  /** Pending TTL expiry while the owner is not heartbeating. */
  expiry: TimerHandle | undefined;
}

/** A page of records and the seq to continue after (undefined on the last page). */
export interface RecordPage {
  records: PresenceRecord[];
  lastSeq: number | undefined;
}

const EMPTY: States = Object.freeze({});

/**
 * The server side of one RTM message channel's presence: the records (keyed by
 * userId, as Agora keeps one record per user and channel) and the replicas
 * watching them. Every operation is O(1) per record plus O(watchers).
 */
export class PresenceChannel {
  private readonly records = new Map<string, PresenceRecord>();
  // Records in write order with lazy deletion, so paging is a binary search.
  private order: PresenceRecord[] = [];
  private removedInOrder = 0;
  private seq = 0;
  /**
   * Replicas of clients currently receiving this channel's presence. Iterated
   * live (no copy per write): a Set tolerates deletion during iteration.
   */
  readonly watchers = new Set<PresenceWatcher>();
  /**
   * While the presence service is out of service for this channel: the code
   * its presence calls reject with (-13001 or -13014); undefined otherwise.
   */
  outOfService: -13001 | -13014 | undefined = undefined;

  constructor(
    readonly name: string,
    private readonly clock: Clock,
  ) {}

  /** Number of records (the server's occupancy). */
  get size(): number {
    return this.records.size;
  }

  /** The record of `userId`, if present. */
  get(userId: string): PresenceRecord | undefined {
    return this.records.get(userId);
  }

  /** All records in write order. */
  all(): IterableIterator<PresenceRecord> {
    return this.records.values();
  }

  /**
   * Creates or rewrites `userId`'s record and keeps it alive (cancels a pending
   * expiry). Watchers see a join for a new record and a state change when the
   * states differ.
   */
  write(userId: string, states: States = EMPTY): void {
    const existing = this.records.get(userId);
    if (existing) {
      this.keepAlive(existing);
      if (!sameStates(existing.states, states)) this.setStates(userId, states);
      return;
    }
    const record: PresenceRecord = {
      userId,
      states,
      seq: this.seq++,
      removed: false,
      expiry: undefined,
    };
    this.records.set(userId, record);
    this.order.push(record);
    for (const w of this.watchers) w.onJoin(userId, states);
  }

  /** Replaces the states of an existing record; returns false when absent. */
  setStates(userId: string, states: States): boolean {
    const record = this.records.get(userId);
    if (!record) return false;
    record.states = states;
    for (const w of this.watchers) w.onState(userId, states);
    return true;
  }

  /** Removes a record; returns false when absent. */
  remove(userId: string, kind: LeaveKind): boolean {
    const record = this.records.get(userId);
    if (!record) return false;
    this.keepAlive(record);
    record.removed = true;
    this.records.delete(userId);
    this.removedInOrder++;
    if (this.removedInOrder > 64 && this.removedInOrder * 2 > this.order.length) {
      this.order = this.order.filter((r) => !r.removed);
      this.removedInOrder = 0;
    }
    for (const w of this.watchers) w.onLeave(userId, kind);
    return true;
  }

  /**
   * The owner stopped heartbeating: the record expires after `ttlMs` unless
   * rewritten first (docs/agora-behaviour.md §1: presenceTimeout is the record's TTL).
   */
  expireAfter(userId: string, ttlMs: number): void {
    const record = this.records.get(userId);
    if (!record || record.expiry) return;
    record.expiry = this.clock.setTimeout(() => {
      record.expiry = undefined;
      if (this.records.get(userId) === record) this.remove(userId, 'timeout');
    }, ttlMs);
  }

  /** Cancels a pending expiry (the owner heartbeats again). */
  keepAlive(record: PresenceRecord): void {
    if (record.expiry) {
      this.clock.clearTimeout(record.expiry);
      record.expiry = undefined;
    }
  }

  /** Up to `size` records written after `afterSeq` (all when undefined). */
  page(afterSeq: number | undefined, size: number): RecordPage {
    let lo = 0;
    if (afterSeq !== undefined) {
      let hi = this.order.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.order[mid]!.seq <= afterSeq) lo = mid + 1;
        else hi = mid;
      }
    }
    const records: PresenceRecord[] = [];
    let i = lo;
    for (; i < this.order.length && records.length < size; i++) {
      const r = this.order[i]!;
      if (!r.removed) records.push(r);
    }
    while (i < this.order.length && this.order[i]!.removed) i++;
    const more = i < this.order.length;
    return { records, lastSeq: more ? records[records.length - 1]?.seq : undefined };
  }
}

/** Shallow equality of two state maps. */
export function sameStates(a: States, b: States): boolean {
  if (a === b) return true;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k]);
}
