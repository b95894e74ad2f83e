import type { MemberState, StageRole } from '../model';
import type { DualChannelOptions, RtcUid } from './types';

/** A normalised join request: every field present, `state` compared by value. */
export interface DualChannelTarget {
  readonly channel: string;
  readonly role: StageRole;
  readonly rtcUid: RtcUid | null;
  readonly state: MemberState;
}

const NO_STATE: MemberState = Object.freeze({});

/** Fills defaults of {@link DualChannelOptions}. */
export function toTarget(options: DualChannelOptions): DualChannelTarget {
  return {
    channel: options.channel,
    role: options.role ?? 'audience',
    rtcUid: options.rtcUid ?? null,
    state: options.state ?? NO_STATE,
  };
}

/** Whether two targets need a full rejoin (another channel or RTC uid) rather than an update. */
export function sameSession(a: DualChannelTarget, b: DualChannelTarget): boolean {
  return a.channel === b.channel && a.rtcUid === b.rtcUid;
}
