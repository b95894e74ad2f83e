import type { Clock, TimerHandle } from '../clock';

/** How long one login attempt waits before LOGIN_TIMEOUT (seen in jsdom: ~5 s). */
export const LOGIN_ATTEMPT_MS = 5_000;

/**
 * Gaps (seconds) before each new attempt: agora-rtm-sdk 2.3.0's link
 * intervals `[2, 4, 8, 16, 32, 32]`, the last repeating (docs/agora-behaviour.md §1b:
 * "growing gaps (about 2, 4, 8 s), never settling"; probed for 95 s in jsdom).
 */
export const RETRY_GAPS_S = [2, 4, 8, 16, 32, 32] as const;

/**
 * The SDK marks the link suspended 115 s after the first timed-out attempt
 * (its `_suspendedTimer`); from then on timeouts report SUSPENDED and a
 * reconnect has `isResumed: false` (docs/agora-behaviour.md §1, §1b "Reconnect").
 */
export const SUSPEND_AFTER_MS = 115_000;

/** What the loop reports; the client turns each into a link-state change. */
export interface LinkRetryHooks {
  /** An attempt timed out (DISCONNECTED, or SUSPENDED once `suspended`). */
  timedOut(suspended: boolean): void;
  /** A new attempt starts (CONNECTING, operation AUTO_RECONNECT). */
  connecting(): void;
}

/**
 * The SDK's retry loop while its link is down (an offline login, or a
 * reconnect after the link was lost): attempt, time out after
 * {@link LOGIN_ATTEMPT_MS}, wait the next gap, attempt again, forever.
 */
export class LinkRetry {
  private timer: TimerHandle | undefined;
  private gaps = 0;
  private firstTimeoutAt: number | undefined;

  /** `attempting`: an attempt is under way now (login); else wait the first gap (lost link). */
  constructor(
    private readonly clock: Clock,
    private readonly hooks: LinkRetryHooks,
    attempting: boolean,
  ) {
    if (attempting) this.armAttempt();
    else this.armGap();
  }

  /** True once {@link SUSPEND_AFTER_MS} passed since the first timed-out attempt. */
  get suspended(): boolean {
    return (
      this.firstTimeoutAt !== undefined &&
      this.clock.now() - this.firstTimeoutAt >= SUSPEND_AFTER_MS
    );
  }

  /** A new attempt right now (an app's login() while waiting); the caller reports CONNECTING. */
  attemptNow(): void {
    this.stop();
    this.armAttempt();
  }

  /** Ends the loop. */
  stop(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private armAttempt(): void {
    this.timer = this.clock.setTimeout(() => {
      this.firstTimeoutAt ??= this.clock.now();
      this.hooks.timedOut(this.suspended);
      this.armGap();
    }, LOGIN_ATTEMPT_MS);
  }

  private armGap(): void {
    const gap = RETRY_GAPS_S[Math.min(this.gaps++, RETRY_GAPS_S.length - 1)]!;
    this.timer = this.clock.setTimeout(() => {
      this.hooks.connecting();
      this.armAttempt();
    }, gap * 1000);
  }
}
