import type { RtmPresenceEvent, RtmSubscribeOptions as SubscribeOptions } from '../agora-types';
import type { CloudContext } from '../cloud-context';
import type { States } from './presence-channel';
import { PresenceReplica } from './presence-replica';

/** At most 50 subscribed message channels (MESSAGE_CHANNEL_COUNT in 2.3.0; the d.ts' 100 is wrong, docs/agora-behaviour.md §1b). */
export const MESSAGE_CHANNEL_COUNT = 50;

/** Subscribe options with the SDK's defaults applied (what a subscription was made with). */
export interface RecordedSubscribeOptions {
  /** `withMessage` as subscribed (default true); the simulator sends no messages. */
  readonly withMessage: boolean;
  /** `withPresence` as subscribed (default true): presence events and a local member list. */
  readonly withPresence: boolean;
  /** `beQuiet` as subscribed (default false): no presence record, invisible to others. */
  readonly beQuiet: boolean;
  /** `withMetadata` as subscribed (default false); recorded only. */
  readonly withMetadata: boolean;
  /** `withLock` as subscribed (default false); recorded only. */
  readonly withLock: boolean;
}

/** The SDK's defaults: withMessage and withPresence true, the rest false (docs/agora-behaviour.md §1, §1b). */
export function subscribeOptions(o: SubscribeOptions | undefined): RecordedSubscribeOptions {
  return Object.freeze({
    withMessage: o?.withMessage ?? true,
    withPresence: o?.withPresence ?? true,
    beQuiet: o?.beQuiet ?? false,
    withMetadata: o?.withMetadata ?? false,
    withLock: o?.withLock ?? false,
  });
}

/** Same options (the SDK compares them to make a re-subscribe a no-op). */
export function sameOptions(a: RecordedSubscribeOptions, b: RecordedSubscribeOptions): boolean {
  return (
    a.withMessage === b.withMessage &&
    a.withPresence === b.withPresence &&
    a.beQuiet === b.beQuiet &&
    a.withMetadata === b.withMetadata &&
    a.withLock === b.withLock
  );
}

/** One subscribed channel as the client's SDK tracks it. */
export interface Subscription {
  readonly name: string;
  readonly options: RecordedSubscribeOptions;
  readonly withPresence: boolean;
  readonly beQuiet: boolean;
  replica: PresenceReplica | undefined;
}

const EMPTY: States = Object.freeze({});

/**
 * One RTM client's subscribed channels: its presence records on the server,
 * its local replicas and its temporary state per channel. The client decides
 * WHEN (link lifecycle); this decides WHAT happens to the channels.
 */
export class Subscriptions {
  private readonly subs = new Map<string, Subscription>();
  /** State set per channel; sent on subscribe when set before it. */
  private readonly states = new Map<string, States>();

  constructor(
    private readonly ctx: CloudContext,
    private readonly userId: string,
    private readonly ttlMs: number,
    private readonly emit: (event: RtmPresenceEvent) => void,
  ) {}

  /** Subscribed channel names. */
  names(): string[] {
    return [...this.subs.keys()];
  }

  /** Number of subscribed channels. */
  get size(): number {
    return this.subs.size;
  }

  /** True when subscribed to `channel`. */
  has(channel: string): boolean {
    return this.subs.has(channel);
  }

  /** The local replica of `channel`, when subscribed with presence. */
  replica(channel: string): PresenceReplica | undefined {
    return this.subs.get(channel)?.replica;
  }

  /** This user's temporary state in `channel` (cached or published). */
  stateOf(channel: string): States {
    return this.states.get(channel) ?? EMPTY;
  }

  /** The options `channel` was subscribed with, when subscribed. */
  optionsOf(channel: string): RecordedSubscribeOptions | undefined {
    return this.subs.get(channel)?.options;
  }

  /** Adds a subscription and enters the channel with a SNAPSHOT. */
  add(channel: string, options: RecordedSubscribeOptions): void {
    const sub: Subscription = {
      name: channel,
      options,
      withPresence: options.withPresence,
      beQuiet: options.beQuiet,
      replica: undefined,
    };
    this.subs.set(channel, sub);
    this.enter(sub, true);
  }

  /**
   * Drops a subscription; `reachable` says whether the server hears the
   * goodbye (others see REMOTE_LEAVE) or the record is left to expire.
   */
  remove(channel: string, reachable: boolean, dropState = true): void {
    const sub = this.subs.get(channel);
    if (!sub) return;
    sub.replica?.dispose();
    sub.replica = undefined;
    if (!sub.beQuiet && reachable) this.ctx.channel(channel).remove(this.userId, 'leave');
    this.subs.delete(channel);
    // Temporary state is dropped on unsubscribe (docs/agora-behaviour.md §1).
    if (dropState) this.states.delete(channel);
  }

  /** Drops every subscription (logout). */
  removeAll(reachable: boolean): void {
    for (const name of this.names()) this.remove(name, reachable);
    this.states.clear();
  }

  /** Sets this user's state in `channel`; publishes it when the record exists. */
  setState(channel: string, states: States, connected: boolean): void {
    this.states.set(channel, states);
    const sub = this.subs.get(channel);
    if (!sub || sub.beQuiet || !connected) return; // quiet: stays local
    const ch = this.ctx.channel(channel);
    if (ch.outOfService === undefined) ch.setStates(this.userId, states);
  }

  /** Forgets every channel's state (after a reconnect with `isResumed: false`). */
  clearStates(): void {
    this.states.clear();
  }

  /**
   * Re-enters every channel: after login following FAILED (with SNAPSHOT) or
   * after a reconnect (without: docs/agora-behaviour.md §1, "Reconnect").
   */
  enterAll(snapshot: boolean): void {
    for (const sub of this.subs.values()) this.enter(sub, snapshot);
  }

  /** Stops heartbeating: records expire after presenceTimeout; no more events arrive. */
  stopHeartbeat(): void {
    for (const sub of this.subs.values()) {
      sub.replica?.detach();
      if (!sub.beQuiet) this.ctx.channel(sub.name).expireAfter(this.userId, this.ttlMs);
    }
  }

  /**
   * The presence service of `channel` went down: events stop, silently (2.3.0
   * never emits ERROR_OUT_OF_SERVICE, docs/agora-behaviour.md §1b); calls reject.
   */
  serviceDown(channel: string): void {
    const sub = this.subs.get(channel);
    if (!sub) return;
    sub.replica?.dispose();
    sub.replica = undefined;
  }

  /** The service is back: phase 'write' rewrites the record, 'rebuild' emits a SNAPSHOT. */
  serviceUp(channel: string, phase: 'write' | 'rebuild'): void {
    const sub = this.subs.get(channel);
    if (!sub) return;
    if (phase === 'rebuild') this.enter(sub, true);
    else if (!sub.beQuiet) this.ctx.channel(channel).write(this.userId, this.stateOf(channel));
  }

  private enter(sub: Subscription, snapshot: boolean): void {
    const ch = this.ctx.channel(sub.name);
    if (ch.outOfService !== undefined) return; // entered when the service is back
    if (!sub.beQuiet) ch.write(this.userId, this.stateOf(sub.name));
    if (!sub.withPresence) return;
    sub.replica ??= new PresenceReplica(ch, {
      selfId: this.userId,
      clock: this.ctx.clock,
      threshold: this.ctx.presence.threshold,
      intervalMs: this.ctx.presence.intervalMs,
      topnThreshold: this.ctx.presence.topnThreshold,
      emit: this.emit,
    });
    sub.replica.attach();
    if (snapshot) this.emit(sub.replica.snapshotEvent());
  }
}
