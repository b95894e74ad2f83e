export {
  AudiencePresenceProvider,
  type AudiencePresenceProviderProps,
} from './audience-presence-provider';
export { PresenceStoreProvider, type PresenceStoreProviderProps } from './presence-store-provider';
export { useDualChannel, type DualChannel } from './use-dual-channel';
export { useAudiencePresence } from './use-audience-presence';
export { useAudienceCount, usePresenceCounts } from './use-audience-count';
export { useMember, useSelf } from './use-member';
export { usePeakAudience } from './use-peak-audience';
export { useAudienceHistory, type UseAudienceHistoryOptions } from './use-audience-history';
export { useMemberIds } from './use-member-ids';
export { usePresenceStatus, type PresenceStatus } from './use-presence-status';
export { usePresenceListener, type PresenceListenerOptions } from './use-presence-listener';
export { usePresenceStore } from './use-presence-store';
export {
  createAudiencePresence,
  type TypedAudiencePresence,
  type TypedPresenceChange,
} from './create-audience-presence';
export type { AudiencePresence, PresenceStateOf } from './presence-types';
export type { EqualityFn } from './use-store-selector';
export { shallow } from './shallow';
export { createRealRtcClient, createRealRtmClient, type RealRtcClientConfig } from './sdk-loaders';
export type {
  AudienceSample,
  PeakAudience,
  DualChannelSnapshot,
  ClientFactoryContext,
  ClientSource,
  DualChannelOptions,
  DualChannelStatus,
  RtcClientLike,
  RtcUid,
  RtmClient,
  StageRole,
  TokenProvider,
  TokenRequest,
} from '@audience-presence/core';
// AudienceList: each name below is documented in audience-list/README.md; the
// view, display and sorting helpers behind it stay internal.
export { AudienceList, type AudienceListProps } from './audience-list/audience-list';
export type { AudienceListViewProps } from './audience-list/audience-list-view';
export {
  deriveAudienceListState,
  presenceListStatus,
  type AudienceListContent,
  type AudienceListStatusProps,
  type AudienceListViewState,
  type PresenceListStatus,
} from './audience-list/audience-list-state';
export {
  AudienceListItem,
  type AudienceListItemInfo,
  type AudienceListItemProps,
  type AudienceListRenderItem,
} from './audience-list/audience-list-item';
export {
  useAudienceListModel,
  type AudienceListModelOptions,
} from './audience-list/use-audience-list-model';
export type { AudienceListModel, AudienceListSection } from './audience-list/audience-list-model';
export type { AudienceListSort } from './audience-list/member-sorter';
export { defaultAudienceListLabels, type AudienceListLabels } from './audience-list/labels';
export {
  audienceListClass,
  type AudienceListClassNames,
  type AudienceListPart,
} from './audience-list/class-names';
// AudienceChart: documented in audience-chart/README.md.
export {
  AudienceChart,
  defaultAudienceChartLabels,
  downsample,
  statsTimelineData,
  type AudienceChartLabels,
  type AudienceChartPeak,
  type AudienceChartPoint,
  type AudienceChartProps,
  type AudienceChartViewProps,
  type StatsTimelineBucket,
} from './audience-chart/index';
