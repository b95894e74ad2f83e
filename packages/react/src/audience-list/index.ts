export { AudienceList, type AudienceListProps } from './audience-list';
export { AudienceListView, type AudienceListViewProps } from './audience-list-view';
export {
  deriveAudienceListState,
  presenceListStatus,
  type AudienceListContent,
  type AudienceListStatusProps,
  type AudienceListViewState,
  type PresenceListStatus,
} from './audience-list-state';
export {
  AudienceListItem,
  type AudienceListItemInfo,
  type AudienceListItemProps,
  type AudienceListRenderItem,
} from './audience-list-item';
export { useAudienceListModel, type AudienceListModelOptions } from './use-audience-list-model';
export type { AudienceListModel, AudienceListSection } from './audience-list-model';
export { createMemberSorter, type AudienceListSort, type MemberSorter } from './member-sorter';
export {
  DEFAULT_AVATAR_KEY,
  DEFAULT_NAME_KEY,
  getAvatarUrl,
  getDisplayName,
  getInitials,
  safeAvatarUrl,
} from './display';
export { defaultAudienceListLabels, type AudienceListLabels } from './labels';
export {
  audienceListClass,
  type AudienceListClassNames,
  type AudienceListPart,
} from './class-names';
