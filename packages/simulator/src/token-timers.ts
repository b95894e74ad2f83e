import type { Clock, TimerHandle } from './clock';

/**
 * WILL_EXPIRE lead time: both SDKs warn about 30 s before a token expires
 * (docs/agora-behaviour.md §1, "Token").
 */
export const TOKEN_WARNING_MS = 30_000;

/** What a client does when its token is about to expire, and when it has. */
export interface TokenHandlers {
  willExpire(): void;
  expired(): void;
}

/** The two timers of one client's current token; rescheduled on renew. */
export class TokenTimers {
  private timers: TimerHandle[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly handlers: TokenHandlers,
  ) {}

  /** Replaces the schedule; `undefined` means the token never expires. */
  schedule(expiresAt: number | undefined): void {
    this.stop();
    if (expiresAt === undefined) return;
    const now = this.clock.now();
    this.timers.push(
      this.clock.setTimeout(
        () => this.handlers.willExpire(),
        Math.max(0, expiresAt - TOKEN_WARNING_MS - now),
      ),
      this.clock.setTimeout(() => this.handlers.expired(), Math.max(0, expiresAt - now)),
    );
  }

  /** Cancels both timers. */
  stop(): void {
    for (const t of this.timers) this.clock.clearTimeout(t);
    this.timers = [];
  }
}
