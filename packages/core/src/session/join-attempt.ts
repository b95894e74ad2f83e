import type { PresenceError } from '../errors';
import type { MemberState, StageRole } from '../model';
import type { RtmSource } from '../sources/rtm/rtm-source-types';
import type { DualChannelConfig } from './dual-channel-config';
import type { DualChannelTarget } from './target';
import type { RtcClientLike, RtcUid, RtmClient } from './types';

/**
 * One attempt at being in one channel: what has been done so far, so a
 * rollback undoes exactly that and nothing else.
 */
export class JoinAttempt {
  readonly target: DualChannelTarget;
  /** role and app state as last written to both sides */
  role: StageRole;
  state: MemberState;
  rtc: RtcClientLike | null = null;
  rtm: RtmClient | null = null;
  source: RtmSource | null = null;
  /** false when the app joined RTC itself (useJoin): we use that join and never leave it */
  rtcJoinStarted = false;
  rtcUid: RtcUid | null = null;
  joined = false;
  closing = false;
  rtcReconnecting = false;
  /** a fatal event (kick, expiry, RTC disconnect): the attempt must be torn down */
  fatal: PresenceError | null = null;
  /** a failed token renewal per side, until that side renews (shown as `error`) */
  readonly tokenWarnings: { rtc: PresenceError | null; rtm: PresenceError | null } = {
    rtc: null,
    rtm: null,
  };
  /** aborted when a newer request supersedes this join, or on a fatal event */
  readonly abort = new AbortController();
  readonly #cleanups: (() => void)[] = [];

  /** the settings this attempt was made with */
  readonly config: DualChannelConfig;

  constructor(target: DualChannelTarget, config: DualChannelConfig) {
    this.target = target;
    this.config = config;
    this.role = target.role;
    this.state = target.state;
  }

  /** Registers an undo step for listeners added during the attempt. */
  onClose(cleanup: () => void): void {
    this.#cleanups.push(cleanup);
  }

  /** Removes every listener the attempt added. Idempotent. */
  detach(): void {
    this.closing = true;
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
  }
}
