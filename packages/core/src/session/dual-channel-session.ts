import type { PresenceError } from '../errors';
import type { MemberState } from '../model';
import type { RtmSource } from '../rtm-source-types';
import type { DualChannelConfig } from './dual-channel-config';
import type { DualChannelOptions, RtcClientLike, RtcUid, RtmClient, StageRole } from './types';

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

/** Same string keys and values. */
export function sameState(a: MemberState, b: MemberState): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

/** Whether two targets need a full rejoin (another channel or RTC uid) rather than an update. */
export function sameSession(a: DualChannelTarget, b: DualChannelTarget): boolean {
  return a.channel === b.channel && a.rtcUid === b.rtcUid;
}

/**
 * One attempt at being in one channel: what has been done so far, so a
 * rollback undoes exactly that and nothing else.
 */
export class DualChannelSession {
  readonly target: DualChannelTarget;
  /** role and app state as last written to both sides */
  role: StageRole;
  state: MemberState;
  rtc: RtcClientLike | null = null;
  rtm: RtmClient | null = null;
  source: RtmSource | null = null;
  rtcJoinStarted = false;
  /** the app joined RTC itself (useJoin): we use that join and never leave it */
  rtcAdopted = false;
  rtcUid: RtcUid | null = null;
  loginStarted = false;
  subscribeStarted = false;
  joined = false;
  closing = false;
  rtcReconnecting = false;
  /** a fatal event (kick, expiry, RTC disconnect): the session must be torn down */
  fatal: PresenceError | null = null;
  /** a failed token renewal per side, until that side renews (shown as `error`) */
  readonly tokenWarnings: { rtc: PresenceError | null; rtm: PresenceError | null } = {
    rtc: null,
    rtm: null,
  };
  /** aborted when a newer request supersedes this join, or on a fatal event */
  readonly abort = new AbortController();
  readonly #cleanups: (() => void)[] = [];

  /** the provider settings this session was made with */
  readonly config: DualChannelConfig;

  constructor(target: DualChannelTarget, config: DualChannelConfig) {
    this.target = target;
    this.config = config;
    this.role = target.role;
    this.state = target.state;
  }

  /** Registers an undo step for listeners added during the session. */
  onClose(cleanup: () => void): void {
    this.#cleanups.push(cleanup);
  }

  /** Removes every listener the session added. Idempotent. */
  detach(): void {
    this.closing = true;
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
  }
}
