export { AudienceChart, type AudienceChartProps } from './audience-chart';
export {
  AudienceChartView,
  type AudienceChartPeak,
  type AudienceChartViewProps,
} from './audience-chart-view';
export {
  downsample,
  findPeak,
  slicePeaks,
  statsTimelineData,
  type AudienceChartPoint,
  type StatsTimelineBucket,
} from './chart-data';
export { defaultAudienceChartLabels, type AudienceChartLabels } from './labels';
