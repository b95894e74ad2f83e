import type { Clock } from './clock';
import type { FaultRegistry } from './faults';
import type { ListenerErrorHandler } from './listeners';
import type { RtcActivity, RtcChannel } from './rtc/rtc-channel';
import type { PresenceChannel } from './rtm/presence-channel';
import type { RtmRateLimitedOperation } from './rtm/rate-limit';
import type { TokenRegistry } from './tokens';

/** Presence settings after defaults and Agora's clamps. */
export interface PresenceSettings {
  /** "max instant events" (default 50, clamped 8..128). */
  threshold: number;
  /** Interval in ms (default 30 s, clamped 10..300 s). */
  intervalMs: number;
  /** Server-side whoNow page size. */
  pageSize: number;
  /** Server count above which TOPN mode applies. */
  topnThreshold: number;
  /** What a paginated server whoNow reports as totalOccupancy. */
  pagedTotalOccupancy: 'page' | 'channel';
}

/**
 * One page (JS realm) on one device. agora-rtm-sdk 2.3.0 keeps a module-level
 * set of every `appId-userId` it has constructed (docs/agora-behaviour.md §1b, "One
 * client per (appId, userId), forever"), so that registry lives here; RTC tells
 * a same-page uid clash (UID_CONFLICT) from another device's (UID_BANNED).
 */
export interface DeviceState {
  readonly name: string;
  /** `${appId}-${userId}` of every RTM client constructed on this page, never cleared. */
  readonly rtmInstances: Set<string>;
}

/** The RTM rate limit after defaults (docs/agora-behaviour.md §1b). */
export interface RateLimitSettings {
  /** Calls per second per operation; null when disabled. */
  readonly limits: Readonly<Record<RtmRateLimitedOperation, number>> | null;
  /** How a refused call fails: a rejected promise (the SDK) or a synchronous throw. */
  readonly delivery: 'reject' | 'throw';
}

/** What clients, crowds and controls share inside one simulated cloud. */
export interface CloudContext {
  readonly clock: Clock;
  readonly presence: PresenceSettings;
  readonly rateLimit: RateLimitSettings;
  /** When a subscribe cached while the link is down resolves. */
  readonly queuedSubscribe: 'at-once' | 'on-reconnect';
  readonly tokens: TokenRegistry;
  readonly faults: FaultRegistry;
  readonly onListenerError: ListenerErrorHandler;
  /** The channel named `name`, created on first use. */
  channel(name: string): PresenceChannel;
  /** Every channel created so far. */
  channels(): IterableIterator<PresenceChannel>;
  /** The RTC channel named `name`, created on first use. */
  rtcChannel(name: string): RtcChannel;
  /** Observers of RTC joins, leaves and role changes (NCS delivery). */
  readonly rtcActivity: Set<(activity: RtcActivity) => void>;
  /** A fresh numeric user id for crowd members (unique in this cloud). */
  allocUid(): number;
  /** Logged-in RTM sessions by `${appId}\u0000${userId}`, for SAME_UID_LOGIN kicks. */
  readonly rtmSessions: Map<string, { kick(): void }>;
}
