import type { PresenceError } from '../errors';
import type { StageRole } from '../model';
import type { DualChannelStatus, RtcUid } from './types';

/** What `useDualChannel` reports. Immutable; a new object on every change. */
export interface DualChannelSnapshot {
  /** where the RTC + RTM join stands ('idle' before the first request) */
  readonly status: DualChannelStatus;
  /** the channel joined, being joined or last left; null before the first join */
  readonly channel: string | null;
  /** the local user's role as applied to both RTC and RTM */
  readonly role: StageRole | null;
  /** the RTC uid Agora gave us, once joined */
  readonly rtcUid: RtcUid | null;
  /** why the last operation failed (`code` + the SDK error as `cause`), else null */
  readonly error: PresenceError | null;
}

/** The snapshot before anything was asked (also the server-rendered one). */
export const IDLE_DUAL_CHANNEL: DualChannelSnapshot = Object.freeze({
  status: 'idle',
  channel: null,
  role: null,
  rtcUid: null,
  error: null,
});
