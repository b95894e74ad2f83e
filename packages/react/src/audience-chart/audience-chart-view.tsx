import { useId, useMemo, type CSSProperties } from 'react';
import {
  downsample,
  findPeak,
  niceCeiling,
  slicePeaks,
  type AudienceChartPoint,
} from './chart-data';
import { chartGeometry } from './chart-geometry';
import { defaultAudienceChartLabels, type AudienceChartLabels } from './labels';
import { useElementWidth } from './use-element-width';

/** A peak to report instead of the data's own highest point (apps/server's `/stats` `peak`). */
export interface AudienceChartPeak {
  /** the highest audience; 0 or less: no peak is reported or marked */
  readonly audience: number;
  /** ms; `null` before anyone came */
  readonly at: number | null;
}

/** Props of {@link AudienceChartView}. */
export interface AudienceChartViewProps {
  /** the audience over time, oldest first: `useAudienceHistory()`'s samples or `statsTimelineData(stats.timeline)` */
  data: readonly AudienceChartPoint[];
  /** the peak the summary reports (and the marker shows when `at` is in range); default the data's highest point */
  peak?: AudienceChartPeak | null;
  /** height of the drawing, px; default 160. The width follows the container. */
  height?: number;
  /** `auto` (default) follows `prefers-color-scheme` */
  theme?: 'light' | 'dark' | 'auto';
  /** extra class names on the root `figure`, after `ap-audience-chart` */
  className?: string;
  /** texts to replace, merged over {@link defaultAudienceChartLabels} */
  labels?: Partial<AudienceChartLabels>;
  /** for numbers and times; default the browser's */
  locale?: string;
  /** time zone of the times shown (IANA name); default the browser's */
  timeZone?: string;
  /** formats a time (ms) for the axis, the summary and the table; default `HH:MM` (`HH:MM:SS` under ten minutes of data) */
  formatTime?: (t: number) => string;
  /** rows of the visually hidden data table (the highest point of each time slice); default 24 */
  tableRows?: number;
}

/** Drawn width before the container is measured (server, first render, no ResizeObserver). */
const FALLBACK_WIDTH = 600;
/** Room above the drawing for the peak's label, px (the CSS keeps the same figure). */
const LABEL_ROOM = 18;

/** Data spanning less than this shows seconds (a ten-minute live window would read 10:42 … 10:42). */
const SECONDS_BELOW_MS = 10 * 60_000;

function clockFormat(locale: string | undefined, timeZone: string | undefined, seconds: boolean) {
  const format = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
    timeZone,
  });
  return (t: number) => format.format(t);
}

/**
 * The audience over time as a small SVG area chart, its peak marked, from
 * your data (see {@link AudienceChart} for the provider-backed one). Draws
 * for the width it has (a ResizeObserver), downsampled to one slice per pixel
 * column, so a 24 h history at 1 s costs the same DOM as ten minutes. A text
 * summary ("peak 512 at 20:14 · latest 240") names the drawing for screen
 * readers, and a visually hidden table gives the figures. No chart library.
 * Import the styles once: `import '@audience-presence/react/audience-chart.css'`.
 *
 * @example
 * <AudienceChartView data={statsTimelineData(stats.timeline)} peak={stats.peak} />
 */
export function AudienceChartView(props: AudienceChartViewProps) {
  const {
    data,
    peak: givenPeak,
    height = 160,
    theme = 'auto',
    className,
    locale,
    timeZone,
    formatTime,
    tableRows = 24,
  } = props;
  const id = useId();
  const labels = useMemo(
    () => ({ ...defaultAudienceChartLabels, ...props.labels }),
    [props.labels],
  );
  const seconds =
    data.length > 1 && (data[data.length - 1]?.t ?? 0) - (data[0]?.t ?? 0) < SECONDS_BELOW_MS;
  const time = useMemo(
    () => formatTime ?? clockFormat(locale, timeZone, seconds),
    [formatTime, locale, timeZone, seconds],
  );
  const numbers = useMemo(() => new Intl.NumberFormat(locale), [locale]);
  const [plotRef, width] = useElementWidth<HTMLDivElement>(FALLBACK_WIDTH);

  const view = useMemo(() => {
    const first = data[0];
    const last = data[data.length - 1];
    if (first === undefined || last === undefined) return null;
    const dataPeak = findPeak(data);
    const peak: AudienceChartPeak | null =
      givenPeak ?? (dataPeak === null ? null : { audience: dataPeak.audience, at: dataPeak.t });
    const yMax = niceCeiling(Math.max(dataPeak?.audience ?? 0, peak?.audience ?? 0));
    const geometry = chartGeometry(downsample(data, width), width, height, yMax);
    // the marker sits on the reported peak when it is inside the data's time range
    const inRange = peak !== null && peak.at !== null && peak.at >= first.t && peak.at <= last.t;
    const marker =
      peak === null || peak.audience <= 0
        ? null
        : inRange
          ? {
              x: geometry.x(peak.at as number),
              y: geometry.y(peak.audience),
              audience: peak.audience,
            }
          : dataPeak !== null && dataPeak.audience > 0
            ? {
                x: geometry.x(dataPeak.t),
                y: geometry.y(dataPeak.audience),
                audience: dataPeak.audience,
              }
            : null;
    return { first, last, peak, yMax, geometry, marker, rows: slicePeaks(data, tableRows) };
  }, [data, givenPeak, width, height, tableRows]);

  // empty: the drawing's place says so; the caption stays quiet rather than repeat it
  const summary =
    view === null
      ? ''
      : [
          view.peak !== null && view.peak.at !== null && view.peak.audience > 0
            ? labels.peak(numbers.format(view.peak.audience), time(view.peak.at))
            : null,
          labels.latest(numbers.format(view.last.audience)),
        ]
          .filter((part) => part !== null)
          .join(' · ');

  const titleId = `${id}-title`;
  const summaryId = `${id}-summary`;
  const style = { '--ap-chart-height': `${height}px` } as CSSProperties;
  return (
    <figure
      className={className === undefined ? 'ap-audience-chart' : `ap-audience-chart ${className}`}
      data-theme={theme === 'auto' ? undefined : theme}
      aria-labelledby={titleId}
      style={style}
    >
      <figcaption className="ap-audience-chart__caption">
        <span className="ap-audience-chart__title" id={titleId}>
          {labels.title}
        </span>
        <span className="ap-audience-chart__summary" id={summaryId}>
          {summary}
        </span>
      </figcaption>
      <div className="ap-audience-chart__body">
        <div className="ap-audience-chart__y" aria-hidden="true">
          {view === null ? null : (
            <>
              <span>{numbers.format(view.yMax)}</span>
              <span>0</span>
            </>
          )}
        </div>
        <div className="ap-audience-chart__plot" ref={plotRef}>
          {view === null ? (
            <p className="ap-audience-chart__empty">{labels.empty}</p>
          ) : (
            <>
              <svg
                className="ap-audience-chart__svg"
                width="100%"
                height={height}
                viewBox={`0 0 ${width} ${height}`}
                preserveAspectRatio="none"
                role="img"
                aria-labelledby={`${titleId} ${summaryId}`}
                focusable="false"
              >
                <line
                  className="ap-audience-chart__grid"
                  x1={0}
                  x2={width}
                  y1={view.geometry.y(view.yMax)}
                  y2={view.geometry.y(view.yMax)}
                />
                <line
                  className="ap-audience-chart__grid"
                  x1={0}
                  x2={width}
                  y1={view.geometry.y(view.yMax / 2)}
                  y2={view.geometry.y(view.yMax / 2)}
                />
                <path className="ap-audience-chart__area" d={view.geometry.area} />
                <path className="ap-audience-chart__line" d={view.geometry.line} />
                {view.marker === null ? null : (
                  <circle
                    className="ap-audience-chart__peak"
                    cx={view.marker.x}
                    cy={view.marker.y}
                    r={4}
                  />
                )}
              </svg>
              {view.marker === null ? null : (
                <span
                  className="ap-audience-chart__peak-label"
                  aria-hidden="true"
                  style={{
                    left: `clamp(1.5em, ${(view.marker.x / width) * 100}%, calc(100% - 1.5em))`,
                    top: LABEL_ROOM + view.marker.y,
                  }}
                >
                  {numbers.format(view.marker.audience)}
                </span>
              )}
            </>
          )}
        </div>
        {view === null ? null : (
          <div className="ap-audience-chart__x" aria-hidden="true">
            <span>{time(view.first.t)}</span>
            <span>{time(view.last.t)}</span>
          </div>
        )}
      </div>
      {view === null ? null : (
        <table className="ap-audience-chart__table">
          <caption>{labels.table}</caption>
          <thead>
            <tr>
              <th scope="col">{labels.timeColumn}</th>
              <th scope="col">{labels.audienceColumn}</th>
            </tr>
          </thead>
          <tbody>
            {view.rows.map((row) => (
              <tr key={row.t}>
                <td>{time(row.t)}</td>
                <td>{numbers.format(row.audience)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}
