import type { ActivityEntry } from './model';

/**
 * What a published state exposes of its activity ring (`PresenceState.activity`):
 * read-only; read it with `selectActivity`, which memoises per revision.
 */
export interface ActivityRing {
  /** maximum number of entries kept; older ones are dropped */
  readonly limit: number;
  /** number of entries currently kept */
  readonly size: number;
  /** a new frozen array, oldest first */
  toArray(): readonly ActivityEntry[];
}

/**
 * A bounded, append-only ring of activity entries, oldest first.
 *
 * Ownership rule: a store's draft appends to ONE ring in place (O(1) per entry,
 * nothing copied per flush); published states carry the ring plus an
 * `activityRevision`, and `selectActivity` turns it into a frozen array once
 * per revision. The pure `reduce` copies the ring before writing.
 */
export class ActivityLog implements ActivityRing {
  /** maximum number of entries kept; older ones are dropped */
  readonly limit: number;
  #entries: ActivityEntry[] = [];
  /** index of the oldest entry once the ring is full */
  #start = 0;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** number of entries currently kept */
  get size(): number {
    return this.#entries.length;
  }

  /** appends one entry, dropping the oldest when full */
  push(entry: ActivityEntry): void {
    if (this.limit <= 0) return;
    if (this.#entries.length < this.limit) {
      this.#entries.push(entry);
      return;
    }
    this.#entries[this.#start] = entry;
    this.#start = (this.#start + 1) % this.limit;
  }

  /** a new frozen array, oldest first */
  toArray(): readonly ActivityEntry[] {
    const n = this.#entries.length;
    const out = new Array<ActivityEntry>(n);
    for (let i = 0; i < n; i++) {
      out[i] = this.#entries[(this.#start + i) % n] as ActivityEntry;
    }
    return Object.freeze(out);
  }

  /** an independent, writable copy of a published ring (used by the pure `reduce`) */
  static copyOf(ring: ActivityRing): ActivityLog {
    const copy = new ActivityLog(ring.limit);
    for (const entry of ring.toArray()) copy.push(entry);
    return copy;
  }
}
