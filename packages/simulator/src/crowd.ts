import type { TimerHandle } from './clock';
import type { CloudContext } from './cloud-context';
import type { PresenceChannel, States } from './rtm/presence-channel';

/** Options of a {@link Crowd}. */
export interface CrowdOptions {
  /** Crowd members' presenceTimeout in seconds (default 300, clamped 5..300). */
  presenceTimeout?: number;
  /** Seed for the churn's choices (default 1): same seed, same run. */
  seed?: number;
  /** Also put members in the same-named RTC channel (default true). */
  rtc?: boolean;
}

/** Options for {@link Crowd.join}. */
export interface CrowdJoinOptions {
  /** Initial presence state of every joining member. */
  states?: Record<string, string>;
  /** RTC role in the same-named RTC channel (default 'audience'). */
  role?: 'audience' | 'host';
}

/** Options for {@link Crowd.churn}. */
export interface ChurnOptions {
  /** New viewers per second. */
  joinsPerSecond: number;
  /** Departures per second (graceful or crash). */
  leavesPerSecond: number;
  /** Fraction (0..1) of departures that are crashes (default 0). */
  crashFraction?: number;
  /** Timer granularity in ms (default 250). */
  tickMs?: number;
}

/** A simulated crowd member. */
export interface CrowdMember {
  /** The member's RTM userId: a numeric string, `String(uid)` of its RTC uid. */
  readonly userId: string;
  /** Its RTC role in the same-named RTC channel (default 'audience'; see {@link Crowd.setRole}). */
  readonly role: 'audience' | 'host';
}

/** Hooks a crowd calls so the RTC side (and webhooks) see the same people. */
export interface CrowdRtcBridge {
  join(channel: string, uid: number, role: 'audience' | 'host'): void;
  leave(channel: string, uid: number, reason: 'quit' | 'timeout'): void;
  setRole(channel: string, uid: number, role: 'audience' | 'host'): void;
}

/**
 * Cheap simulated viewers and hosts in one channel: each is a presence record
 * on the simulated server (no client object), so 100,000 of them are fine.
 * User ids are numeric strings, so RTC uid `n` maps to RTM userId `String(n)`.
 */
export class Crowd {
  private readonly alive = new Map<string, CrowdMember>();
  private readonly ch: PresenceChannel;
  private readonly ttlMs: number;
  private rng: number;
  private churnTimer: TimerHandle | undefined;

  /** @internal use `cloud.crowd(channel)`. */
  constructor(
    private readonly ctx: CloudContext,
    /** The channel this crowd lives in. */
    readonly channel: string,
    options: CrowdOptions = {},
    private rtc?: CrowdRtcBridge,
  ) {
    this.ch = ctx.channel(channel);
    this.ttlMs = Math.min(300, Math.max(5, options.presenceTimeout ?? 300)) * 1000;
    this.rng = options.seed ?? 1;
    if (options.rtc === false) this.rtc = undefined;
  }

  /** Members present and heartbeating (crashed ones excluded), in join order. */
  members(): CrowdMember[] {
    return [...this.alive.values()];
  }

  /** Number of live members. */
  get size(): number {
    return this.alive.size;
  }

  /**
   * Adds `count` new members (or the given userIds, which must be numeric
   * strings for RTC). Returns their userIds. O(count) for the cloud.
   */
  join(countOrIds: number | readonly string[], options: CrowdJoinOptions = {}): string[] {
    const role = options.role ?? 'audience';
    const states: States = Object.freeze({ ...(options.states ?? {}) });
    const ids =
      typeof countOrIds === 'number'
        ? Array.from({ length: checkCount(countOrIds) }, () => String(this.ctx.allocUid()))
        : [...countOrIds];
    for (const userId of ids) {
      if (typeof userId !== 'string' || userId === '') {
        throw new TypeError(`crowd.join: invalid userId ${String(userId)}`);
      }
    }
    for (const userId of ids) {
      this.alive.set(userId, { userId, role });
      this.ch.write(userId, states);
      this.rtcUid(userId, (uid) => this.rtc?.join(this.channel, uid, role));
    }
    return ids;
  }

  /** Graceful leave of `count` oldest members (or the given ones): REMOTE_LEAVE. */
  leave(countOrIds: number | readonly string[]): string[] {
    const ids = this.pick(countOrIds);
    for (const userId of ids) {
      this.alive.delete(userId);
      this.ch.remove(userId, 'leave');
      this.rtcUid(userId, (uid) => this.rtc?.leave(this.channel, uid, 'quit'));
    }
    return ids;
  }

  /**
   * Crash of `count` oldest members (or the given ones): no goodbye, the
   * records expire after presenceTimeout (REMOTE_TIMEOUT).
   */
  crash(countOrIds: number | readonly string[]): string[] {
    const ids = this.pick(countOrIds);
    for (const userId of ids) {
      this.alive.delete(userId);
      this.ch.expireAfter(userId, this.ttlMs);
      this.rtcUid(userId, (uid) => this.rtc?.leave(this.channel, uid, 'timeout'));
    }
    return ids;
  }

  /** Sets or updates keys of a member's state (e.g. `{ hand: 'up' }`). */
  setState(userId: string, states: Record<string, string>): void {
    const record = this.requireMember(userId);
    this.ch.setStates(userId, Object.freeze({ ...record, ...states }));
  }

  /** Removes keys of a member's state (all when omitted). */
  removeState(userId: string, keys?: readonly string[]): void {
    const record = this.requireMember(userId);
    const next: Record<string, string> = {};
    if (keys) {
      const drop = new Set(keys);
      for (const [k, v] of Object.entries(record)) if (!drop.has(k)) next[k] = v;
    }
    this.ch.setStates(userId, Object.freeze(next));
  }

  /** Changes a member's RTC role (a viewer goes on stage or steps down). */
  setRole(userId: string, role: 'audience' | 'host'): void {
    const member = this.alive.get(userId);
    if (!member)
      throw new RangeError(`crowd.setRole: ${userId} is not a live member of ${this.channel}`);
    if (member.role === role) return;
    this.alive.set(userId, { userId, role });
    this.rtcUid(userId, (uid) => this.rtc?.setRole(this.channel, uid, role));
  }

  /**
   * Starts steady churn on the cloud's clock: joins and departures at the given
   * rates. Returns a function that stops it.
   */
  churn(options: ChurnOptions): () => void {
    const { joinsPerSecond, leavesPerSecond, crashFraction = 0, tickMs = 250 } = options;
    if (
      !(joinsPerSecond >= 0) ||
      !(leavesPerSecond >= 0) ||
      !(crashFraction >= 0 && crashFraction <= 1) ||
      !(tickMs > 0)
    ) {
      throw new RangeError('crowd.churn: rates must be >= 0, crashFraction in 0..1, tickMs > 0');
    }
    this.stopChurn();
    let joins = 0;
    let leaves = 0;
    const tick = () => {
      joins += (joinsPerSecond * tickMs) / 1000;
      leaves += (leavesPerSecond * tickMs) / 1000;
      const j = Math.floor(joins);
      const l = Math.min(Math.floor(leaves), this.alive.size);
      joins -= j;
      leaves -= Math.floor(leaves);
      if (j > 0) this.join(j);
      for (let i = 0; i < l; i++) {
        const victim = this.randomMember();
        if (!victim) break;
        if (this.random() < crashFraction) this.crash([victim]);
        else this.leave([victim]);
      }
      this.churnTimer = this.ctx.clock.setTimeout(tick, tickMs);
    };
    this.churnTimer = this.ctx.clock.setTimeout(tick, tickMs);
    return () => this.stopChurn();
  }

  /** Stops churn started by {@link Crowd.churn}. */
  stopChurn(): void {
    if (this.churnTimer) this.ctx.clock.clearTimeout(this.churnTimer);
    this.churnTimer = undefined;
  }

  private requireMember(userId: string): States {
    const record = this.ch.get(userId);
    if (!this.alive.has(userId) || !record) {
      throw new RangeError(`crowd: ${userId} is not a live member of ${this.channel}`);
    }
    return record.states;
  }

  private pick(countOrIds: number | readonly string[]): string[] {
    if (typeof countOrIds !== 'number') {
      for (const id of countOrIds) {
        if (!this.alive.has(id))
          throw new RangeError(`crowd: ${id} is not a live member of ${this.channel}`);
      }
      return [...new Set(countOrIds)];
    }
    const n = Math.min(checkCount(countOrIds), this.alive.size);
    const ids: string[] = [];
    for (const id of this.alive.keys()) {
      if (ids.length >= n) break;
      ids.push(id);
    }
    return ids;
  }

  private randomMember(): string | undefined {
    // Pick among the oldest few: cheap, deterministic, and not always the same one.
    const skip = Math.floor(this.random() * Math.min(this.alive.size, 32));
    let i = 0;
    for (const id of this.alive.keys()) if (i++ === skip) return id;
    return undefined;
  }

  private random(): number {
    // mulberry32
    let t = (this.rng = (this.rng + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  private rtcUid(userId: string, fn: (uid: number) => void): void {
    const uid = Number(userId);
    if (this.rtc && Number.isInteger(uid) && uid >= 0 && String(uid) === userId) fn(uid);
  }
}

function checkCount(n: number): number {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`count must be an integer >= 0, got ${n}`);
  return n;
}
