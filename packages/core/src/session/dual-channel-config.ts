import type { Timers } from '../deadline';
import type { RtmConfig } from '../agora-types';
import type { ClientSource, RtcClientLike, RtmClient, TokenProvider } from './types';

/** Settings the provider passes down; read at the start of every join. */
export interface DualChannelConfig {
  /** the Agora App ID, for both RTC and RTM */
  readonly appId: string;
  /** the local user's RTM userId (also the store's self) */
  readonly userId: string;
  /** the RTC client or its factory; null or omitted: `DefaultClients.rtc` */
  readonly rtc?: ClientSource<RtcClientLike> | null;
  /** the RTM client or its factory; null or omitted: `DefaultClients.rtm` */
  readonly rtm?: ClientSource<RtmClient> | null;
  /** passed to `DefaultClients.rtm` when it makes the RTM client; ignored when `rtm` is given */
  readonly rtmConfig?: RtmConfig;
  /** serves the RTC and RTM tokens; null or omitted: null tokens (an App ID without certificate), never renewed */
  readonly tokenProvider?: TokenProvider | null;
  /** bound on every SDK await, ms (default 15 000) */
  readonly timeoutMs?: number;
  /** the timers of those bounds; default the host's (`defaultTimers`) */
  readonly timers?: Timers;
}

/** default bound on every SDK await, ms */
export const DEFAULT_TIMEOUT_MS = 15_000;

/** whether a session made with `a` cannot continue under `b` */
export function identityChanged(a: DualChannelConfig, b: DualChannelConfig): boolean {
  return (
    a.appId !== b.appId ||
    a.userId !== b.userId ||
    sourceKey(a.rtc) !== sourceKey(b.rtc) ||
    sourceKey(a.rtm) !== sourceKey(b.rtm)
  );
}

/**
 * What identifies a client source: the client object itself, but NOT a
 * factory's identity (an inline arrow is a new function every render; it must
 * not cause a rejoin or a second RTM instance: one per app, docs/agora-behaviour.md §1).
 */
export function sourceKey(source: unknown): unknown {
  return typeof source === 'function' ? 'factory' : source;
}
