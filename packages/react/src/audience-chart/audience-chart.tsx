import type { Timers } from '@audience-presence/core';
import { useAudienceHistory, type UseAudienceHistoryOptions } from '../use-audience-history';
import { AudienceChartView, type AudienceChartViewProps } from './audience-chart-view';
import type { AudienceChartPoint } from './chart-data';

/**
 * Props of {@link AudienceChart}: those of {@link AudienceChartView}, with
 * `data` optional. Without `data` the chart records the surrounding
 * provider's audience (`useAudienceHistory` with `windowMs` / `resolutionMs`).
 */
export type AudienceChartProps = Omit<AudienceChartViewProps, 'data'> & {
  /** your own points (e.g. `statsTimelineData(stats.timeline)`); omit to record the provider's audience */
  data?: readonly AudienceChartPoint[];
  /** without `data`: how far back the chart reaches, ms; default one hour */
  windowMs?: number;
  /** without `data`: one point per step of this many ms; default 1000 */
  resolutionMs?: number;
  /** without `data`: clock and timers of the recording (tests, a virtual clock) */
  now?: () => number;
  timers?: Timers;
};

/**
 * The audience over time with its peak marked. Zero configuration inside an
 * `AudiencePresenceProvider` or a `PresenceStoreProvider` (`<AudienceChart />`
 * records the store's audience from when it mounts, Agora's totalOccupancy in
 * interval mode), or pass `data` (apps/server's `/stats` timeline, your own).
 * Import the styles once: `import '@audience-presence/react/audience-chart.css'`.
 *
 * @example
 * <AudienceChart windowMs={30 * 60_000} resolutionMs={5_000} />
 * <AudienceChart data={statsTimelineData(stats.timeline)} peak={stats.peak} />
 */
export function AudienceChart(props: AudienceChartProps) {
  const { data, windowMs, resolutionMs, now, timers, ...view } = props;
  if (data !== undefined) return <AudienceChartView {...view} data={data} />;
  return <RecordingAudienceChart view={view} history={{ windowMs, resolutionMs, now, timers }} />;
}

/** The provider-backed chart: the store's audience, recorded from when it mounts. */
function RecordingAudienceChart({
  view,
  history,
}: {
  view: Omit<AudienceChartViewProps, 'data'>;
  history: UseAudienceHistoryOptions;
}) {
  return <AudienceChartView {...view} data={useAudienceHistory(history)} />;
}
