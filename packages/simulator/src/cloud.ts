import type { RtcClientConfig as ClientConfig, RtmConfig as RTMConfig } from './agora-types';
import { type Clock, createRealClock } from './clock';
import type { CloudContext, DeviceState, PresenceSettings } from './cloud-context';
import { Crowd, type CrowdOptions } from './crowd';
import { createCrowdRtcBridge } from './crowd-rtc-bridge';
import { type NcsDelivery, type NcsDeliveryOptions, startNcsDelivery } from './ncs/ncs-delivery';
import { FaultRegistry, type SimulatedFault } from './faults';
import type { ListenerErrorHandler } from './listeners';
import { type RtcActivity, RtcChannel } from './rtc/rtc-channel';
import { SimulatedRtcClient } from './rtc/rtc-client';
import { PresenceChannel } from './rtm/presence-channel';
import { RTM_RATE_LIMITS, type RtmRateLimitedOperation } from './rtm/rate-limit';
import { SimulatedRtmClient } from './rtm/rtm-client';
import { type SimulatedTokenOptions, TokenRegistry } from './tokens';

/** Options of {@link createSimulatedCloud}. */
export interface SimulatedCloudOptions {
  /** Time source; default real timers. Pass `createVirtualClock()` in tests. */
  clock?: Clock;
  /** Presence settings (Agora Console values). */
  presence?: {
    /** "max instant events" (default 50; Agora clamps it to 8..128). */
    instantEventThreshold?: number;
    /** INTERVAL period in seconds (default 30; Agora clamps it to 10..300). */
    intervalSeconds?: number;
    /** Server-side whoNow page size (default: the instant-event threshold). */
    whoNowPageSize?: number;
    /** Server count above which TOPN mode applies (default: never). */
    topnThreshold?: number;
    /**
     * `totalOccupancy` of a paginated server-side whoNow: `'page'` (default,
     * what the SDK's d.ts documents: the size of that page) or `'channel'`.
     */
    pagedTotalOccupancy?: 'page' | 'channel';
  };
  /**
   * RTM's per-client rate limit (docs/agora-behaviour.md §1b): by default the SDK's
   * 20 calls per second per operation, the refused call throwing -10021
   * synchronously as the notes say. `delivery: 'reject'` rejects instead
   * (what a reading of agora-rtm-sdk 2.3.0's code suggests: the check sits in
   * async methods; see the README), to test code against both answers.
   * `false` turns it off (the SDK's ENABLE_API_RATE_LIMIT parameter);
   * `perSecond` overrides limits.
   */
  rateLimit?:
    | false
    | {
        perSecond?: Partial<Record<RtmRateLimitedOperation, number>>;
        delivery?: 'reject' | 'throw';
      };
  /**
   * A subscribe made while the link is down after a first connection is
   * cached and replayed when the link is back (docs/agora-behaviour.md §1b). It
   * resolves `'on-reconnect'` (default: what the notes describe) or
   * `'at-once'` (what a reading of agora-rtm-sdk 2.3.0's code suggests).
   */
  queuedSubscribe?: 'at-once' | 'on-reconnect';
  /** Reject tokens the cloud did not issue (App Certificate on). Default false. */
  strictTokens?: boolean;
  /** Where exceptions thrown by app listeners go (default `console.error`). */
  onListenerError?: ListenerErrorHandler;
}

/** One member as the simulated server sees it (ground truth for tests). */
export interface ChannelMember {
  /** The member's RTM userId. */
  userId: string;
  /** A copy of the temporary state on its presence record (`{}` when none is set). */
  states: Record<string, string>;
}

/** Ground truth about one channel. */
export interface ChannelInspector {
  /** Presence records in join order. */
  members(): ChannelMember[];
  /** Number of presence records (the server's count). */
  occupancy(): number;
  /** True when `userId` has a presence record. */
  has(userId: string): boolean;
}

/** One RTC user as the simulated server sees it. */
export interface RtcChannelMember {
  /** The uid it joined with (a number, or a string uid). */
  uid: number | string;
  /** Its current RTC role. */
  role: 'host' | 'audience';
}

/** Ground truth about one RTC channel. */
export interface RtcChannelInspector {
  /** Users in join order, hosts and audience. */
  users(): RtcChannelMember[];
  /** Hosts only (what RTC itself reports). */
  hosts(): RtcChannelMember[];
}

/** A client whose network {@link SimulatedCloud.network} can cut. */
export type NetworkClient = SimulatedRtmClient | SimulatedRtcClient;

/** Options for restoring a client's network. */
export interface RestoreOptions {
  /** Override `isResumed` (default: true when down less than ~115 s). */
  isResumed?: boolean;
}

/**
 * One page (JS realm) on one device: where SDK clients are constructed. The
 * RTM SDK refuses a second client for the same appId + userId in one page
 * (-10027); RTC tells a same-page uid clash (UID_CONFLICT) from another
 * device's (the older client is closed with UID_BANNED). docs/agora-behaviour.md §1b.
 */
export interface SimulatedDevice {
  /** The name given to {@link SimulatedCloud.device} ('default' for the cloud's own). */
  readonly name: string;
  /** `new device.RTM(appId, userId, config?)`, mirroring agora-rtm-sdk's `RTM`. */
  readonly RTM: new (appId: string, userId: string, config?: RTMConfig) => SimulatedRtmClient;
  /** Same as `new device.RTM(appId, userId, config)`. */
  createRtmClient(appId: string, userId: string, config?: RTMConfig): SimulatedRtmClient;
  /** Creates an RTC client, like `AgoraRTC.createClient({ mode: 'live', codec: 'vp8', role })`. */
  createRtcClient(config?: Partial<ClientConfig>): SimulatedRtcClient;
}

/**
 * The simulated Agora cloud many clients share. Its own `RTM`,
 * `createRtmClient` and `createRtcClient` belong to the page named 'default';
 * {@link SimulatedCloud.device} gives other pages (tabs, phones).
 */
export interface SimulatedCloud extends SimulatedDevice {
  /** The cloud's time source. */
  readonly clock: Clock;
  /**
   * The page named `name` (created on first use; the same object after). A
   * page's RTM registry is never cleared, as the SDK's module-level one is
   * not; a new name is a fresh page (a reload, another tab or device).
   */
  device(name: string): SimulatedDevice;
  /** Ground truth for the RTC channel `name`. */
  rtcChannel(name: string): RtcChannelInspector;
  /**
   * Starts delivering signed NCS webhooks (docs/agora-behaviour.md §3) for the RTC
   * joins, leaves and role changes simulated from now on.
   */
  ncs(options: NcsDeliveryOptions): NcsDelivery;
  /** Issues a token this cloud understands (expiry, invalid). */
  createToken(options?: SimulatedTokenOptions): string;
  /** Ground truth for the channel `name`. */
  channel(name: string): ChannelInspector;
  /**
   * The crowd of cheap simulated members in `channel` (one per channel; pass
   * options on the first call only).
   */
  crowd(channel: string, options?: CrowdOptions): Crowd;
  /** Network control for real clients. */
  readonly network: {
    /** Cuts the client's network: link DISCONNECTED, records expire after presenceTimeout. */
    drop(client: NetworkClient): void;
    /** Restores it: reconnect, re-enter channels, no new SNAPSHOT. */
    restore(client: NetworkClient, options?: RestoreOptions): void;
  };
  /** Kills a client without a goodbye: others see REMOTE_TIMEOUT after its presenceTimeout. */
  crash(client: NetworkClient): void;
  /** Fault injection. */
  readonly faults: {
    /** Adds a fault for future calls; returns its remover. */
    add(fault: SimulatedFault): () => void;
    /** Removes every fault. */
    clear(): void;
    /**
     * Takes the presence service of `channel` down or brings it back. Down:
     * subscribers' presence events stop and presence calls about the channel
     * (whoNow, getState, setState, removeState) reject with `code` (default
     * -13001 RTM_ERROR_PRESENCE_NOT_CONNECTED; -13014 RTM_ERROR_PRESENCE_INACTIVE),
     * RtmUnavailableError; NO ERROR_OUT_OF_SERVICE event, which 2.3.0 never
     * emits (docs/agora-behaviour.md §1b). Back: a fresh SNAPSHOT, as when the SDK
     * rebuilds a channel after an engine error.
     */
    presenceOutOfService(
      channel: string,
      outOfService?: boolean,
      options?: { code?: -13001 | -13014 },
    ): void;
    /**
     * Degraded mode for one client (the SDK fell back to the message server,
     * docs/agora-behaviour.md §1b): it emits a SNAPSHOT holding only the first `limit`
     * (default 200) userIds with EMPTY states; until {@link presenceRecovered}
     * (or a re-subscribe) its whoNow answers the same way (first `limit` ids,
     * EMPTY states, `nextPage: ''`) with the TRUE `totalOccupancy`, joins and
     * leaves still arrive (state changes do not), and INTERVAL's
     * `totalOccupancy` is the server's count.
     */
    partialSnapshot(client: SimulatedRtmClient, channel: string, limit?: number): void;
    /**
     * Ends degraded mode for one client: its list is complete again and, with
     * `snapshot` (default true; the SDK "may re-emit a SNAPSHOT"), it gets a
     * full SNAPSHOT.
     */
    presenceRecovered(
      client: SimulatedRtmClient,
      channel: string,
      options?: { snapshot?: boolean },
    ): void;
  };
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Creates a simulated Agora cloud. */
export function createSimulatedCloud(options: SimulatedCloudOptions = {}): SimulatedCloud {
  const clock = options.clock ?? createRealClock();
  const p = options.presence ?? {};
  const threshold = clamp(Math.round(p.instantEventThreshold ?? 50), 8, 128);
  const presence: PresenceSettings = {
    threshold,
    intervalMs: clamp(p.intervalSeconds ?? 30, 10, 300) * 1000,
    pageSize: Math.max(1, Math.round(p.whoNowPageSize ?? threshold)),
    topnThreshold: p.topnThreshold ?? Infinity,
    pagedTotalOccupancy: p.pagedTotalOccupancy ?? 'page',
  };
  let nextUid = 100_001;
  const channels = new Map<string, PresenceChannel>();
  const rtmClients = new Set<SimulatedRtmClient>();
  const crowds = new Map<string, Crowd>();
  const rtcChannels = new Map<string, RtcChannel>();
  const rtcActivity = new Set<(a: RtcActivity) => void>();
  const rate = options.rateLimit;
  const ctx: CloudContext = {
    clock,
    presence,
    rateLimit: {
      limits: rate === false ? null : { ...RTM_RATE_LIMITS, ...(rate?.perSecond ?? {}) },
      delivery: (rate !== false && rate?.delivery) || 'throw',
    },
    queuedSubscribe: options.queuedSubscribe ?? 'on-reconnect',
    tokens: new TokenRegistry(() => clock.now(), options.strictTokens ?? false),
    faults: new FaultRegistry(),
    onListenerError:
      options.onListenerError ??
      ((error, name) => console.error(`[simulator] listener for "${name}" threw`, error)),
    channel(name) {
      let ch = channels.get(name);
      if (!ch) {
        ch = new PresenceChannel(name, clock);
        channels.set(name, ch);
      }
      return ch;
    },
    channels: () => channels.values(),
    rtcChannel(name) {
      let ch = rtcChannels.get(name);
      if (!ch) {
        ch = new RtcChannel(name, clock, (a) => {
          for (const fn of [...rtcActivity]) fn(a);
        });
        rtcChannels.set(name, ch);
      }
      return ch;
    },
    rtcActivity,
    rtmSessions: new Map(),
    allocUid: () => nextUid++,
  };

  const rtcBridge = createCrowdRtcBridge(ctx);

  const devices = new Map<string, SimulatedDevice>();
  const device = (name: string): SimulatedDevice => {
    const existing = devices.get(name);
    if (existing) return existing;
    const state: DeviceState = { name, rtmInstances: new Set() };
    class RTM extends SimulatedRtmClient {
      constructor(appId: string, userId: string, config?: RTMConfig) {
        super(ctx, state, appId, userId, config);
        rtmClients.add(this);
      }
    }
    const created: SimulatedDevice = {
      name,
      RTM,
      createRtmClient: (appId, userId, config) => new RTM(appId, userId, config),
      createRtcClient: (config) => new SimulatedRtcClient(ctx, state, config),
    };
    devices.set(name, created);
    return created;
  };
  const home = device('default');

  return {
    clock,
    name: home.name,
    RTM: home.RTM,
    createRtmClient: home.createRtmClient,
    createRtcClient: home.createRtcClient,
    device,
    createToken: (o) => ctx.tokens.create(o),
    ncs: (o) => startNcsDelivery(ctx, o),
    channel(name) {
      const ch = ctx.channel(name);
      return {
        members: () => [...ch.all()].map((r) => ({ userId: r.userId, states: { ...r.states } })),
        occupancy: () => ch.size,
        has: (userId) => ch.get(userId) !== undefined,
      };
    },
    rtcChannel(name) {
      const ch = ctx.rtcChannel(name);
      const view = (u: { uid: number | string; role: 'host' | 'audience' }) => ({
        uid: u.uid,
        role: u.role,
      });
      return {
        users: () => [...ch.users.values()].map(view),
        hosts: () => [...ch.users.values()].filter((u) => u.role === 'host').map(view),
      };
    },
    crowd(channel, o) {
      const existing = crowds.get(channel);
      if (existing) {
        if (o)
          throw new Error(
            `cloud.crowd("${channel}") exists already; pass options on the first call only`,
          );
        return existing;
      }
      const crowd = new Crowd(ctx, channel, o, rtcBridge);
      crowds.set(channel, crowd);
      return crowd;
    },
    network: {
      drop: (client) => client.dropNetwork(),
      restore: (client, o) => client.restoreNetwork(o?.isResumed),
    },
    crash: (client) => client.crash(),
    faults: {
      add: (f) => ctx.faults.add(f),
      clear: () => ctx.faults.clear(),
      partialSnapshot(client, channel, limit = 200) {
        if (!Number.isInteger(limit) || limit < 0)
          throw new RangeError(`limit must be an integer >= 0, got ${limit}`);
        client.degradedSnapshot(channel, limit);
      },
      presenceRecovered(client, channel, o) {
        client.presenceRecovered(channel, o?.snapshot ?? true);
      },
      presenceOutOfService(channel, outOfService = true, o) {
        const ch = ctx.channel(channel);
        const wasDown = ch.outOfService !== undefined;
        ch.outOfService = outOfService ? (o?.code ?? -13001) : undefined;
        if (wasDown === outOfService) return;
        if (outOfService) {
          for (const client of rtmClients) client.presenceServiceDown(channel);
        } else {
          for (const client of rtmClients) client.presenceServiceUp(channel, 'write');
          for (const client of rtmClients) client.presenceServiceUp(channel, 'rebuild');
        }
      },
    },
  };
}
