/** Every text `AudienceChart` shows, for translation. Numbers arrive formatted for the chart's locale. */
export interface AudienceChartLabels {
  /** The figure's title and the accessible name of the drawing. */
  title: string;
  /** "peak 512 at 20:14" */
  peak: (formatted: string, time: string) => string;
  /** "latest 240": the last point (the last step that ended, the current minute of /stats) */
  latest: (formatted: string) => string;
  /** Shown instead of the drawing when there is no data yet. */
  empty: string;
  /** Caption and column headers of the visually hidden data table. */
  table: string;
  /** header of the table's time column (each row's slice start) */
  timeColumn: string;
  /** header of the table's audience column (each slice's highest audience) */
  audienceColumn: string;
}

/** English defaults. Override any subset with the `labels` prop. */
export const defaultAudienceChartLabels: AudienceChartLabels = {
  title: 'Audience over time',
  peak: (f, time) => `peak ${f} at ${time}`,
  latest: (f) => `latest ${f}`,
  empty: 'No audience yet',
  table: 'Highest audience by time',
  timeColumn: 'From',
  audienceColumn: 'Highest audience',
};
