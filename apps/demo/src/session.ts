import type { StageRole } from '@audience-presence/react';

/** The local person: who joined, and how they currently appear. */
export interface DemoSession {
  /**
   * RTM userId. Numeric, so the same number serves as the RTC uid and the
   * RTM userId maps back with `String(uid)` (docs/agora-behaviour.md §2).
   */
  readonly userId: string;
  readonly name: string;
  readonly role: StageRole;
  /** a raised hand, published in the presence state as `hand: 'up'` */
  readonly hand: boolean;
}

const MIN_ID = 1_000_000_000;
const MAX_ID = 2_147_483_647;

/**
 * A fresh random userId in 1e9..2^31-1: above the simulator's own ids
 * (which start at 100,001) and a valid RTC uid, so two tabs never clash.
 */
export function newUserId(random: () => number = Math.random): string {
  return String(MIN_ID + Math.floor(random() * (MAX_ID - MIN_ID)));
}

/** The presence-state fields the demo publishes for the local user. */
export function sessionState(session: DemoSession): Record<string, string> {
  return session.hand ? { name: session.name, hand: 'up' } : { name: session.name };
}
