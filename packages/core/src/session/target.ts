import type { MemberState, StageRole } from '../model';
import type { DualChannelOptions, RtcUid } from './types';

/** A normalised join request: every field present, `state` compared by value. */
export interface DualChannelTarget {
  /** the RTC channel name, also the RTM message channel */
  readonly channel: string;
  /** the local user's role in both RTC and RTM ('audience' when the options gave none) */
  readonly role: StageRole;
  /** the RTC uid to request; null: Agora assigns one */
  readonly rtcUid: RtcUid | null;
  /** app fields of the local user's presence state; `{}` when the options gave none */
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

/**
 * A string that is equal for two targets meaning the same join: `state`
 * compared by value, its key order ignored. Framework bindings keep one
 * target object per key, so a fresh `state` literal each render does not
 * rejoin (react's useDualChannel).
 */
export function targetKey(target: DualChannelTarget): string {
  const state = Object.keys(target.state)
    .sort()
    .map((k) => [k, target.state[k]]);
  return JSON.stringify([target.channel, target.role, target.rtcUid, state]);
}

/** The target a {@link targetKey} was made from (`state` frozen). */
export function targetFromKey(key: string): DualChannelTarget {
  const [channel, role, rtcUid, state] = JSON.parse(key) as [
    string,
    StageRole,
    RtcUid | null,
    [string, string][],
  ];
  return { channel, role, rtcUid, state: Object.freeze(Object.fromEntries(state)) };
}

/** Whether two targets need a full rejoin (another channel or RTC uid) rather than an update. */
export function sameSession(a: DualChannelTarget, b: DualChannelTarget): boolean {
  return a.channel === b.channel && a.rtcUid === b.rtcUid;
}
