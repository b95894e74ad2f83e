import type { AudienceChartPoint } from './chart-data';

/** Space kept free inside the SVG so the peak marker is not clipped, px. */
const INSET = { top: 8, right: 5, bottom: 2, left: 5 } as const;

/** Where things go in an SVG of `width` x `height` px (pure). */
export interface ChartGeometry {
  /** `d` of the line through the points */
  readonly line: string;
  /** `d` of the filled area under the line */
  readonly area: string;
  /** x, y of a time and an audience figure */
  x(t: number): number;
  y(audience: number): number;
}

const round = (n: number): number => Math.round(n * 10) / 10;

/**
 * Scales `points` (oldest first, already downsampled to about the width) into
 * an SVG's pixels: time left to right, audience 0..`yMax` bottom to top. One
 * point (or all at one time) draws a flat line across.
 */
export function chartGeometry(
  points: readonly AudienceChartPoint[],
  width: number,
  height: number,
  yMax: number,
): ChartGeometry {
  const t0 = points[0]?.t ?? 0;
  const span = (points[points.length - 1]?.t ?? t0) - t0;
  const plotW = Math.max(1, width - INSET.left - INSET.right);
  const plotH = Math.max(1, height - INSET.top - INSET.bottom);
  const x = (t: number) => round(INSET.left + (span > 0 ? ((t - t0) / span) * plotW : 0));
  const y = (audience: number) =>
    round(INSET.top + (1 - Math.min(audience, yMax) / Math.max(1, yMax)) * plotH);
  const first = points[0];
  if (first === undefined) return { line: '', area: '', x, y };
  const right = INSET.left + plotW;
  const coords =
    span > 0
      ? points.map((p) => `${x(p.t)},${y(p.audience)}`)
      : [`${INSET.left},${y(first.audience)}`, `${right},${y(first.audience)}`];
  const line = `M${coords.join('L')}`;
  const baseline = round(INSET.top + plotH);
  const area = `${line}L${right},${baseline}L${INSET.left},${baseline}Z`;
  return { line, area, x, y };
}
