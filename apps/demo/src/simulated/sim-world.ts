import {
  createSimulatedCloud,
  type Crowd,
  type NcsDelivery,
  type SimulatedCloud,
  type SimulatedRtcClient,
  type SimulatedRtmClient,
} from '@audience-presence/simulator';
import type { StageRole } from '@audience-presence/react';
import { viewerName } from './viewer-names';

/** Presence settings of the simulated channel (Agora console values). */
export interface SimSettings {
  /** local member count at which Agora switches to interval mode ("max instant events", 8..128) */
  readonly threshold: number;
  /** seconds between INTERVAL events (10..300) */
  readonly intervalSeconds: number;
}

/** Agora's default threshold (50) and the shortest interval (10 s), so interval mode shows quickly. */
export const DEFAULT_SIM_SETTINGS: SimSettings = { threshold: 50, intervalSeconds: 10 };

/**
 * Presence timeout of everyone in the demo, in seconds: RTM's minimum
 * (docs/agora-behaviour.md §1: 5..300, default 300), so a crashed viewer or a closed
 * tab times out in 5 s instead of 5 minutes.
 */
export const DEMO_PRESENCE_TIMEOUT_S = 5;

/**
 * Where presence is read from. `ncs`: the simulator plays Agora's Notification
 * Center and POSTs signed webhooks (`target`, usually this page's `/ncs`, which
 * the demo server proxies to apps/server); the list comes from that server's
 * live feed instead of RTM.
 */
export type SimSource =
  | { readonly kind: 'rtm' }
  | { readonly kind: 'ncs'; readonly secret: string; readonly target: string };

/** Someone from another tab of the demo, mirrored into this tab's simulated channel. */
export interface MirroredUser {
  readonly userId: string;
  readonly name: string;
  readonly role: StageRole;
  readonly hand: boolean;
}

/** What the simulated server knows: the ground truth the screen should converge to. */
export interface SimTruth {
  /** presence records in the channel (RTM's occupancy), the local user included */
  readonly occupancy: number;
  /** hosts in the RTC channel, the local user included when on stage */
  readonly hosts: number;
  /** occupancy minus hosts: what "N watching" should say once in sync */
  readonly watching: number;
  /** every userId with a presence record */
  readonly userIds: readonly string[];
}

let nextWorldId = 1;

/** People joined per task by {@link SimWorld.add}: about 10 ms of simulator work. */
export const ADD_SLICE = 1_000;

/**
 * One simulated Agora channel living in this page: the simulator's cloud on
 * real timers, the local user's fake RTC and RTM clients, and a crowd of cheap
 * simulated viewers the control panel drives.
 */
export class SimWorld {
  /** unique per world in this page (a React key for the provider of each restart) */
  readonly id = nextWorldId++;
  readonly cloud: SimulatedCloud;
  readonly crowd: Crowd;
  readonly rtc: SimulatedRtcClient;
  readonly rtm: SimulatedRtmClient;
  readonly settings: SimSettings;
  /** the signed-webhook sender, in NCS mode */
  readonly ncs: NcsDelivery | null;
  /** simulated viewers and hosts still heartbeating, oldest first (mirrored tabs excluded) */
  readonly #simulated = new Map<string, { role: StageRole; hand: boolean }>();
  readonly #mirrors = new Map<string, MirroredUser>();
  #named = 0;
  readonly #adding = new Set<ReturnType<typeof setTimeout>>();
  #online = true;
  #churn: ReturnType<typeof setInterval> | undefined;
  #churnRate = 0;
  #listeners = new Set<() => void>();
  /** the local user's uid joined from another device ({@link SimWorld.joinFromAnotherDevice}) */
  #elsewhere: SimulatedRtcClient | null = null;

  constructor(
    readonly appId: string,
    readonly channel: string,
    readonly userId: string,
    settings: SimSettings = DEFAULT_SIM_SETTINGS,
    source: SimSource = { kind: 'rtm' },
  ) {
    this.settings = settings;
    this.cloud = createSimulatedCloud({
      presence: {
        instantEventThreshold: settings.threshold,
        intervalSeconds: settings.intervalSeconds,
      },
    });
    // NCS is at-least-once and unordered (docs/agora-behaviour.md §3): show that the server copes
    this.ncs =
      source.kind === 'ncs'
        ? this.cloud.ncs({
            secret: source.secret,
            target: source.target,
            channels: [channel],
            reorderWindowMs: 300,
            duplicateRate: 0.05,
          })
        : null;
    this.crowd = this.cloud.crowd(channel, { presenceTimeout: DEMO_PRESENCE_TIMEOUT_S });
    this.rtc = this.cloud.createRtcClient({ mode: 'live', codec: 'vp8', role: 'audience' });
    this.rtm = this.cloud.createRtmClient(appId, userId, {
      presenceTimeout: DEMO_PRESENCE_TIMEOUT_S,
    });
  }

  /**
   * Adds `count` named viewers (or hosts), one presence record each: O(count).
   * Big batches join in slices of {@link ADD_SLICE}, one task each, so the
   * simulator (which stands in for Agora's servers) does not freeze the page
   * it shares with the UI; {@link SimWorld.adding} is true until all have joined.
   */
  add(count: number, role: StageRole = 'audience'): void {
    const now = Math.min(count, ADD_SLICE);
    for (let i = 0; i < now; i++) {
      const name = viewerName(this.#named++);
      const [id] = this.crowd.join(1, { role, states: { name, role } });
      if (id !== undefined) this.#simulated.set(id, { role, hand: false });
    }
    this.#changed();
    if (count > now) {
      const timer = setTimeout(() => {
        this.#adding.delete(timer);
        this.add(count - now, role);
      }, 0);
      this.#adding.add(timer);
    }
  }

  /** Whether a big {@link add} is still joining people slice by slice. */
  get adding(): boolean {
    return this.#adding.size > 0;
  }

  /** Simulated viewers and hosts currently in the channel (mirrored tabs excluded). */
  get simulatedCount(): number {
    return this.#simulated.size;
  }

  /** Simulated hosts currently in the channel. */
  get simulatedHosts(): number {
    let hosts = 0;
    for (const viewer of this.#simulated.values()) if (viewer.role === 'host') hosts++;
    return hosts;
  }

  /** Gracefully removes the `count` oldest simulated audience members (REMOTE_LEAVE). */
  leave(count: number): string[] {
    const ids = this.#oldestAudience(count);
    this.crowd.leave(ids);
    for (const id of ids) this.#simulated.delete(id);
    this.#changed();
    return ids;
  }

  /**
   * Crashes the `count` oldest simulated audience members: no goodbye, so
   * everyone sees REMOTE_TIMEOUT after {@link DEMO_PRESENCE_TIMEOUT_S}.
   */
  crash(count: number): string[] {
    const ids = this.#oldestAudience(count);
    this.crowd.crash(ids);
    for (const id of ids) this.#simulated.delete(id);
    this.#changed();
    return ids;
  }

  /** Raises the hand (`hand: 'up'` in their presence state) of up to `count` viewers without one. */
  raiseHands(count: number): number {
    let raised = 0;
    for (const [id, viewer] of this.#simulated) {
      if (raised >= count) break;
      if (viewer.hand || viewer.role === 'host') continue;
      this.crowd.setState(id, { hand: 'up' });
      viewer.hand = true;
      raised++;
    }
    return raised;
  }

  /** Lowers every raised hand among the simulated viewers. */
  lowerHands(): void {
    for (const [id, viewer] of this.#simulated) {
      if (!viewer.hand) continue;
      this.crowd.removeState(id, ['hand']);
      viewer.hand = false;
    }
  }

  /**
   * Steady churn: `perSecond` viewers join and as many leave each second, a
   * fifth of them by crashing (so timeouts show up too). 0 stops it.
   */
  setChurn(perSecond: number): void {
    if (this.#churn !== undefined) clearInterval(this.#churn);
    this.#churn = undefined;
    this.#churnRate = Math.max(0, perSecond);
    if (this.#churnRate === 0) return this.#changed();
    let owed = 0;
    let tick = 0;
    this.#churn = setInterval(() => {
      owed += this.#churnRate / 4;
      const n = Math.floor(owed);
      owed -= n;
      if (n === 0) return;
      this.add(n);
      const leaving = this.#oldestAudience(n);
      for (const id of leaving) {
        if (tick++ % 5 === 0) this.crowd.crash([id]);
        else this.crowd.leave([id]);
        this.#simulated.delete(id);
      }
      this.#changed();
    }, 250);
    this.#changed();
  }

  /** Viewers per second joining (and leaving) by churn. */
  get churnRate(): number {
    return this.#churnRate;
  }

  /** Cuts the local user's network (RTC and RTM): the list goes stale; our record expires. */
  dropNetwork(): void {
    if (!this.#online) return;
    this.#online = false;
    this.cloud.network.drop(this.rtm);
    this.cloud.network.drop(this.rtc);
    this.#changed();
  }

  /** Brings the network back: the RTM link reconnects and the list is reconciled (whoNow). */
  restoreNetwork(): void {
    if (this.#online) return;
    this.#online = true;
    this.cloud.network.restore(this.rtm);
    this.cloud.network.restore(this.rtc);
    this.#changed();
  }

  /**
   * The local user's RTC uid joins the channel from another device (another
   * page of the simulated cloud): Agora closes the OLDER client, this page's,
   * with UID_BANNED although nobody banned anyone (docs/agora-behaviour.md §1b, RTC).
   */
  async joinFromAnotherDevice(): Promise<void> {
    if (this.#elsewhere !== null) return;
    const other = this.cloud
      .device('another-device')
      .createRtcClient({ mode: 'live', codec: 'vp8', role: 'audience' });
    this.#elsewhere = other;
    this.#changed();
    await other.join(this.appId, this.channel, null, Number(this.userId));
  }

  /** Whether {@link SimWorld.joinFromAnotherDevice} was used. */
  get joinedElsewhere(): boolean {
    return this.#elsewhere !== null;
  }

  /** Whether the local user's network is up. */
  get online(): boolean {
    return this.#online;
  }

  /** Adds or updates a user of another tab as a member of this channel. */
  upsertMirror(user: MirroredUser): void {
    const before = this.#mirrors.get(user.userId);
    const states: Record<string, string> = { name: user.name, role: user.role };
    if (user.hand) states['hand'] = 'up';
    if (before === undefined) {
      if (this.crowd.members().some((m) => m.userId === user.userId)) return;
      this.crowd.join([user.userId], { role: user.role, states });
    } else {
      if (before.role !== user.role) this.crowd.setRole(user.userId, user.role);
      // one state event per change: drop only the hand, merge the rest
      if (before.hand && !user.hand) this.crowd.removeState(user.userId, ['hand']);
      if (before.name !== user.name || before.role !== user.role || (user.hand && !before.hand)) {
        this.crowd.setState(user.userId, states);
      }
    }
    this.#mirrors.set(user.userId, user);
  }

  /** A user of another tab left (`leave`) or stopped heartbeating (`crash`: it times out). */
  removeMirror(userId: string, how: 'leave' | 'crash'): void {
    if (!this.#mirrors.delete(userId)) return;
    if (how === 'leave') this.crowd.leave([userId]);
    else this.crowd.crash([userId]);
  }

  /** userIds mirrored from other tabs */
  mirroredIds(): string[] {
    return [...this.#mirrors.keys()];
  }

  /** The simulated server's view of the channel (for the e2e tests and the debug line). */
  truth(): SimTruth {
    const members = this.cloud.channel(this.channel).members();
    const hosts = this.cloud.rtcChannel(this.channel).hosts().length;
    return {
      occupancy: members.length,
      hosts,
      watching: Math.max(0, members.length - hosts),
      userIds: members.map((m) => m.userId),
    };
  }

  /** Called when counts or switches the panel shows change. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops the churn timer and every simulated member (the world is dropped afterwards). */
  destroy(): void {
    for (const timer of this.#adding) clearTimeout(timer);
    this.#adding.clear();
    if (this.#churn !== undefined) clearInterval(this.#churn);
    this.#churn = undefined;
    this.crowd.stopChurn();
    this.ncs?.stop();
    void this.#elsewhere?.leave();
    this.#listeners.clear();
  }

  #oldestAudience(count: number): string[] {
    const out: string[] = [];
    for (const [id, viewer] of this.#simulated) {
      if (out.length >= count) break;
      if (viewer.role === 'audience') out.push(id);
    }
    return out;
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }
}
