import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { downsample, statsTimelineData, type AudienceChartPoint } from '../../src/index';
import { chartGeometry } from '../../src/audience-chart/chart-geometry';
import { findPeak, niceCeiling, slicePeaks } from '../../src/audience-chart/chart-data';

const T0 = Date.UTC(2026, 11, 1, 0, 0, 0);

/** evenly spaced points, one per `stepMs`, with these audience figures */
const series = (values: readonly number[], stepMs = 1_000): AudienceChartPoint[] =>
  values.map((audience, i) => ({ t: T0 + i * stepMs, audience }));

/** fast-check: 0..3000 points, steps 1 s..1 min, audience 0..100k or 0..3 */
const arbitrarySeries = fc
  .tuple(
    fc.oneof(
      fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 3_000 }),
      // few distinct figures: many ties, where "the first to reach it" matters
      fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3_000 }),
    ),
    fc.integer({ min: 1_000, max: 60_000 }),
  )
  .map(([values, step]) => series(values, step));

describe('findPeak', () => {
  it('is the FIRST point to reach the highest figure, null without points', () => {
    const points = series([1, 5, 3, 5, 2]);
    expect(findPeak(points)).toBe(points[1]);
    expect(findPeak([])).toBeNull();
  });
});

describe('downsample (to the pixel width, keeping the peak)', () => {
  it('leaves a series that already fits alone (same array)', () => {
    const points = series([1, 2, 3, 4, 5, 6]);
    expect(downsample(points, 3)).toBe(points);
  });

  it("keeps each slice's lowest and highest point in time order, and the ends", () => {
    // 12 points into 3 time slices (the first and the last point are kept apart)
    const points = series([5, 1, 9, 2, 7, 7, 3, 8, 4, 0, 6, 5]);
    const out = downsample(points, 3);
    expect(out.map((p) => p.audience)).toEqual([5, 1, 9, 3, 8, 0, 6, 5]);
  });

  it('a 24 h history at 1 s (86,400 points) into 600 px: at most 1,202 points, the peak kept exactly', () => {
    const values = Array.from({ length: 86_400 }, (_, i) =>
      Math.round(400 + 300 * Math.sin(i / 5_000) + ((i * 7919) % 97)),
    );
    values[51_234] = 5_000; // a one-second spike
    values[70_000] = 5_000; // reached again later: not the peak's time
    const points = series(values);
    const out = downsample(points, 600);
    expect(out.length).toBeLessThanOrEqual(1_202);
    expect(findPeak(out)).toBe(points[51_234]);
    expect(out).toContain(points[70_000]);
  });

  it('property: a subset in time order, within 2 per slice + 2, same ends, same peak, same envelope', () => {
    fc.assert(
      fc.property(arbitrarySeries, fc.integer({ min: 1, max: 800 }), (points, width) => {
        const out = downsample(points, width);
        expect(out.length).toBeLessThanOrEqual(2 * width + 2);
        const index = new Map(points.map((p, i) => [p, i]));
        for (let i = 1; i < out.length; i++)
          expect(index.get(out[i]!)!).toBeGreaterThan(index.get(out[i - 1]!)!);
        expect(out[0]).toBe(points[0]);
        expect(out.at(-1)).toBe(points.at(-1));
        expect(findPeak(out)).toBe(findPeak(points));
        const min = (ps: readonly AudienceChartPoint[]) => Math.min(...ps.map((p) => p.audience));
        if (points.length > 0) expect(min(out)).toBe(min(points));
      }),
      { numRuns: 200 },
    );
  });
});

describe('slicePeaks (the data table rows)', () => {
  it('the highest point of each time slice, so the peak is a row', () => {
    const points = series(Array.from({ length: 48 }, (_, i) => (i === 30 ? 900 : i)));
    const rows = slicePeaks(points, 24);
    expect(rows.length).toBeLessThanOrEqual(24);
    expect(rows).toContain(points[30]);
    expect(findPeak(rows)).toBe(points[30]);
  });

  it('property: at most `rows` rows, in time order, the peak among them', () => {
    fc.assert(
      fc.property(arbitrarySeries, fc.integer({ min: 1, max: 50 }), (points, rows) => {
        const out = slicePeaks(points, rows);
        expect(out.length).toBeLessThanOrEqual(Math.min(points.length, rows));
        for (let i = 1; i < out.length; i++) expect(out[i]!.t).toBeGreaterThan(out[i - 1]!.t);
        expect(findPeak(out)).toBe(findPeak(points));
      }),
      { numRuns: 200 },
    );
  });
});

describe('statsTimelineData', () => {
  it("turns apps/server's /stats timeline into points at each minute's peak", () => {
    expect(
      statsTimelineData([
        { t: T0, peak: 512, joins: 700, leaves: 188 },
        { t: T0 + 60_000, peak: 240, joins: 3, leaves: 275 },
      ] as readonly { t: number; peak: number; joins: number; leaves: number }[]),
    ).toEqual([
      { t: T0, audience: 512 },
      { t: T0 + 60_000, audience: 240 },
    ]);
  });
});

describe('chartGeometry and niceCeiling', () => {
  it('maps time left to right and audience bottom to top inside the insets', () => {
    const g = chartGeometry(series([0, 50, 100]), 210, 110, 100);
    expect(g.x(T0)).toBe(5);
    expect(g.x(T0 + 2_000)).toBe(205);
    expect(g.y(100)).toBe(8);
    expect(g.y(0)).toBe(108);
    expect(g.line).toBe('M5,108L105,58L205,8');
    expect(g.area).toBe('M5,108L105,58L205,8L205,108L5,108Z');
  });

  it('one point draws a flat line across; no points draw nothing', () => {
    expect(chartGeometry(series([10]), 110, 110, 20).line).toBe('M5,58L105,58');
    expect(chartGeometry([], 110, 110, 20).line).toBe('');
  });

  it('rounds the y axis up to a round figure close above the peak', () => {
    expect([0, 1, 7, 12, 31, 512, 2_000, 5_120, 48_209, 90_001].map(niceCeiling)).toEqual([
      1, 1, 8, 15, 40, 600, 2_000, 6_000, 50_000, 100_000,
    ]);
  });
});
