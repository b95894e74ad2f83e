export { AudienceChart, type AudienceChartProps } from './audience-chart';
export type { AudienceChartPeak, AudienceChartViewProps } from './audience-chart-view';
export {
  downsample,
  statsTimelineData,
  type AudienceChartPoint,
  type StatsTimelineBucket,
} from './chart-data';
export { defaultAudienceChartLabels, type AudienceChartLabels } from './labels';
