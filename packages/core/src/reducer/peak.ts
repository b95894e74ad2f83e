import type { PeakAudience } from '../model';

/** The peak after an update whose audience count is `audience` at store-clock `now`. */
export function raisePeak(peak: PeakAudience, audience: number, now: number): PeakAudience {
  // strictly greater: `at` is when the peak was FIRST reached (as apps/server's /stats)
  return audience > peak.audience ? Object.freeze({ audience, at: now, since: peak.since }) : peak;
}

/** The peak right after a reset (a join, a leave, a channel switch) at `now`. */
export function restartPeak(now: number): PeakAudience {
  return Object.freeze({ audience: 0, at: null, since: now });
}
