/**
 * The chart's data: pure functions, no React. A point is anything with a time
 * and an audience figure: core's `AudienceSample` (useAudienceHistory) is one,
 * and {@link statsTimelineData} makes them from apps/server's `/stats`.
 */

/** One point of the chart: the audience (`audience`) at time `t` (ms). */
export interface AudienceChartPoint {
  /** the time, epoch ms */
  readonly t: number;
  /** the audience at `t` (a history sample's or a /stats minute's: the highest during that step) */
  readonly audience: number;
}

/** One minute of apps/server's `GET /channels/:c/stats` timeline (only the fields the chart reads). */
export interface StatsTimelineBucket {
  /** the minute's start, ms */
  readonly t: number;
  /** the highest concurrent audience inside the minute */
  readonly peak: number;
}

/** apps/server's `/stats` `timeline` as chart points: each minute at its highest audience. */
export function statsTimelineData(
  timeline: readonly StatsTimelineBucket[],
): readonly AudienceChartPoint[] {
  return timeline.map((bucket) => ({ t: bucket.t, audience: bucket.peak }));
}

/** The highest point, the FIRST one to reach it (as `peak.at` means); null without points. */
export function findPeak<P extends AudienceChartPoint>(points: readonly P[]): P | null {
  let peak: P | null = null;
  for (const p of points) if (peak === null || p.audience > peak.audience) peak = p;
  return peak;
}

/** Which of `buckets` equal time slices of [first.t, last.t] a time falls in. */
function bucketer(points: readonly AudienceChartPoint[], buckets: number): (t: number) => number {
  const t0 = points[0]?.t ?? 0;
  const span = (points[points.length - 1]?.t ?? t0) - t0;
  if (span <= 0) return () => 0;
  return (t) => Math.min(buckets - 1, Math.floor(((t - t0) / span) * buckets));
}

/**
 * Thins `points` (oldest first) to at most `2 * buckets + 2`: per time slice
 * (one per pixel column when `buckets` is the chart's width) its lowest and
 * its highest point, in time order, plus the first and the last point. So the
 * drawn envelope is the same as with every point, and the peak (the first
 * point to reach the highest value) is always kept. O(n); returns `points`
 * itself when it is already small enough.
 */
export function downsample<P extends AudienceChartPoint>(
  points: readonly P[],
  buckets: number,
): readonly P[] {
  const slices = Math.max(1, Math.floor(buckets));
  if (points.length <= 2 * slices + 2) return points;
  const sliceOf = bucketer(points, slices);
  const out: P[] = [points[0] as P];
  let slice = -1;
  let low: P | null = null;
  let high: P | null = null;
  const flush = () => {
    if (low === null || high === null) return;
    const [a, b] = low.t <= high.t ? [low, high] : [high, low];
    if (a !== out[out.length - 1]) out.push(a);
    if (b !== a) out.push(b);
  };
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i] as P;
    const s = sliceOf(p.t);
    if (s !== slice) {
      flush();
      slice = s;
      low = p;
      high = p;
      continue;
    }
    // strict comparisons keep the FIRST lowest and highest of the slice
    if (p.audience < (low as P).audience) low = p;
    if (p.audience > (high as P).audience) high = p;
  }
  flush();
  out.push(points[points.length - 1] as P);
  return out;
}

/**
 * The highest point of each of at most `rows` equal time slices, oldest first
 * (empty slices are left out): the rows of the chart's data table, so a 24 h
 * history reads as 24 rows, and the peak is one of them.
 */
export function slicePeaks<P extends AudienceChartPoint>(
  points: readonly P[],
  rows: number,
): readonly P[] {
  const slices = Math.max(1, Math.floor(rows));
  if (points.length <= slices) return points;
  const sliceOf = bucketer(points, slices);
  const out: P[] = [];
  let slice = -1;
  for (const p of points) {
    const s = sliceOf(p.t);
    const last = out[out.length - 1];
    if (s !== slice || last === undefined) {
      out.push(p);
      slice = s;
    } else if (p.audience > last.audience) out[out.length - 1] = p;
  }
  return out;
}

const NICE_STEPS = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/** A round upper bound for the y axis (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten), at least 1. */
export function niceCeiling(value: number): number {
  if (!(value > 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of NICE_STEPS) if (step * power >= value) return Math.round(step * power);
  return 10 * power;
}
