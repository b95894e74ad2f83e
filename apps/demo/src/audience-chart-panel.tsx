import {
  AudienceChart,
  statsTimelineData,
  type AudienceChartPeak,
  type AudienceChartPoint,
  type StatsTimelineBucket,
} from '@audience-presence/react';
import { useEffect, useMemo, useState } from 'react';

/** How often NCS mode reads apps/server's `/stats` (its SSE `stats` event comes every 5 s too). */
const STATS_POLL_MS = 3_000;
const NO_POINTS: readonly AudienceChartPoint[] = [];

/** The fields of apps/server's `GET /channels/:c/stats` the chart reads. */
interface ServerStats {
  readonly peak: AudienceChartPeak;
  readonly timeline: readonly StatsTimelineBucket[];
}

function isServerStats(value: unknown): value is ServerStats {
  if (typeof value !== 'object' || value === null) return false;
  const { peak, timeline } = value as { peak?: unknown; timeline?: unknown };
  return (
    typeof peak === 'object' &&
    peak !== null &&
    typeof (peak as { audience?: unknown }).audience === 'number' &&
    Array.isArray(timeline) &&
    timeline.every(
      (b: unknown) =>
        typeof (b as { t?: unknown }).t === 'number' &&
        typeof (b as { peak?: unknown }).peak === 'number',
    )
  );
}

/** apps/server's `/stats` of the channel, read every few seconds; null until the first answer. */
function useServerStats(url: string): { stats: ServerStats | null; failed: boolean } {
  const [state, setState] = useState<{ stats: ServerStats | null; failed: boolean }>({
    stats: null,
    failed: false,
  });
  useEffect(() => {
    let live = true;
    const read = () => {
      fetch(url, { headers: { accept: 'application/json' } })
        .then(async (response) => {
          const body: unknown = response.ok ? await response.json() : null;
          if (!live) return;
          // a failed read keeps the last figures: the chart does not flash empty
          setState((prev) =>
            isServerStats(body) ? { stats: body, failed: false } : { ...prev, failed: true },
          );
        })
        .catch(() => live && setState((prev) => ({ ...prev, failed: true })));
    };
    read();
    const timer = setInterval(read, STATS_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [url]);
  return state;
}

function ServerStatsChart({ url }: { url: string }) {
  const { stats, failed } = useServerStats(url);
  const data = useMemo(
    () => (stats === null ? NO_POINTS : statsTimelineData(stats.timeline)),
    [stats],
  );
  return (
    <>
      <AudienceChart
        data={data}
        peak={stats?.peak ?? null}
        locale="en-US"
        height={140}
        labels={{ title: 'Audience over time (server stats)' }}
      />
      <p className="muted small">
        From apps/server&apos;s <code>/stats</code>: each minute at its highest audience, by NCS
        event time.{failed ? ' The last read failed; showing the figures before it.' : ''}
      </p>
    </>
  );
}

/**
 * The audience over time, next to the list: recorded in the page from the
 * presence store (RTM), or, in NCS mode, read from apps/server's `/stats`.
 */
export function AudienceChartPanel({ statsUrl }: { statsUrl: string | null }) {
  return (
    <div className="chart-panel" data-testid="audience-chart">
      {statsUrl === null ? (
        <AudienceChart windowMs={15 * 60_000} resolutionMs={1_000} locale="en-US" height={140} />
      ) : (
        <ServerStatsChart url={statsUrl} />
      )}
    </div>
  );
}
