import type { PresenceError } from '../errors';
import { toPresenceError } from './abortable';
import type { BoundFactory } from './client-cache';
import { settlingRtm } from './client-cache';
import type { JoinAttempt } from './join-attempt';

/**
 * Undoes exactly what `attempt` did, RTM first, then RTC, each step bounded:
 * the RTM source stops feeding the store and leaves its client clean
 * (unsubscribe, logout: `RtmSource.close`), then RTC leaves if we joined it
 * (an adopted `useJoin` join is the app's and stays). Listeners must already
 * be detached. Resolves with the RTC leave's error, if any; never rejects.
 */
export async function rollback(
  attempt: JoinAttempt,
  bounded: BoundFactory,
): Promise<PresenceError | null> {
  const source = attempt.source;
  if (source !== null) {
    const cleanup = source.close();
    // the client outlives the attempt (one per user per page): the next one waits for this
    if (attempt.rtm !== null) settlingRtm(attempt.rtm, cleanup);
    await cleanup;
  }
  const rtc = attempt.rtc;
  if (!attempt.rtcJoinStarted || rtc === null) return null;
  try {
    // leave() also cancels a join still in flight
    await bounded(() => rtc.leave(), 'RTC_LEAVE_FAILED', 'RTC_LEAVE_FAILED');
    return null;
  } catch (error) {
    return toPresenceError(error, 'RTC_LEAVE_FAILED');
  }
}
