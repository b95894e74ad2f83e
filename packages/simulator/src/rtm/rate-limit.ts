import type { Clock } from '../clock';

/**
 * The operations agora-rtm-sdk 2.3.0 rate-limits that the simulator
 * implements, with the SDK's default calls per second (its `API_RATE_LIMIT`
 * map). `setState` and `removeState` share one bucket (`modifyState`);
 * `getOnlineUsers` / `getUserChannels` count as `whoNow` / `whereNow`.
 * `unsubscribe` and `logout` are not limited.
 */
export const RTM_RATE_LIMITS = {
  login: 20,
  renewToken: 20,
  subscribe: 20,
  whoNow: 20,
  whereNow: 20,
  modifyState: 20,
  getState: 20,
} as const;

/** A rate-limited operation (a key of {@link RTM_RATE_LIMITS}). */
export type RtmRateLimitedOperation = keyof typeof RTM_RATE_LIMITS;

/**
 * One client's limiter, as the SDK's: per operation, the calls accepted in the
 * last 1,000 ms (a sliding window on the cloud's clock); a call over the limit
 * is refused and not counted. The SDK checks before anything else, so calls
 * that then fail (-10025 ...) still count.
 */
export class RateLimiter {
  private readonly accepted = new Map<RtmRateLimitedOperation, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: Readonly<Record<RtmRateLimitedOperation, number>> | null,
  ) {}

  /** True (and counted) when `operation` may run now. */
  allow(operation: RtmRateLimitedOperation): boolean {
    if (!this.limits) return true;
    const now = this.clock.now();
    const recent = (this.accepted.get(operation) ?? []).filter((t) => t > now - 1000);
    this.accepted.set(operation, recent);
    if (recent.length >= this.limits[operation]) return false;
    recent.push(now);
    return true;
  }
}
