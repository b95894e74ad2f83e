export type * from './model';
export type { PresenceAction } from './actions';
export { PresenceError, isPresenceError, type PresenceErrorCode } from './errors';
export type { PresenceChange, PresenceChangeMap, PresenceChangeType } from './changes';
export type { Unsubscribe } from './emitter';
export type { ActivityRing } from './activity-log';
export type { PresenceConfig, PresenceConfigOptions, PresenceState } from './state';
export { reduce, initialPresenceState } from './reducer/reduce';
export {
  createPresenceStore,
  type PresenceStore,
  type PresenceStoreOptions,
  type Scheduler,
} from './store';
export {
  EMPTY_ACTIVITY,
  EMPTY_ID_LIST,
  EMPTY_MEMBER_LIST,
  selectActivity,
  selectAudience,
  selectCounts,
  selectDiagnostics,
  selectError,
  selectHosts,
  selectIsStale,
  selectMember,
  selectMemberIds,
  selectMembers,
  selectOccupancy,
  selectPeakAudience,
  selectSelf,
  selectStaleness,
  selectStatus,
  type PresenceCounts,
} from './selectors';
export { audienceCount, isHost, splitByRole } from './roles';
export {
  createAudienceHistory,
  MAX_HISTORY_SAMPLES,
  type AudienceHistory,
  type AudienceHistoryOptions,
} from './audience-history';
export { adaptPresenceEvent, type RtmPresenceEvent } from './sources/rtm/rtm-adapter';
export {
  bindRtmSource,
  type RtmClientLike,
  type RtmSource,
  type RtmSourceOptions,
} from './sources/rtm/rtm-source';
export type { RtmPresenceLike } from './sources/rtm/rtm-source-types';
// the SDK shapes this package reads, restated so its d.ts needs neither SDK
export type {
  RtcClientRole,
  RtcConnectionState,
  RtcMode,
  RtcRemoteUserLike,
  RtmChannelType,
  RtmConfig,
  RtmIntervalDetail,
  RtmLinkState,
  RtmLinkStateEvent,
  RtmPresenceEventType,
  RtmRemoveStateOptions,
  RtmStateDetail,
  RtmSubscribeOptions,
  RtmUserList,
  RtmUserState,
  RtmWhoNowOptions,
  RtmWhoNowResponse,
} from './agora-types';
export {
  bindRtcHosts,
  rtcHostsAction,
  type RtcHostChange,
  type RtcHostClient,
  type RtcHostsBinding,
} from './sources/rtc-hosts';
export { rtmErrorCode } from './sources/rtm/rtm-pacer';
export {
  DualChannelSession,
  IDLE_DUAL_CHANNEL,
  duplicateClientError,
  targetFromKey,
  targetKey,
  toTarget,
  type ClientFactoryContext,
  type ClientSource,
  type DefaultClients,
  type DualChannelConfig,
  type DualChannelOptions,
  type DualChannelSnapshot,
  type DualChannelStatus,
  type DualChannelTarget,
  type RtcClientLike,
  type RtcUid,
  type RtmClient,
  type TokenProvider,
  type TokenRequest,
} from './session/index';
export { defaultTimers, withDeadline, type Timers, type WithDeadlineOptions } from './deadline';
export {
  connectNcsFeed,
  type EventSourceConstructor,
  type EventSourceLike,
  type NcsFeedConnection,
  type NcsFeedOptions,
} from './sources/ncs-feed';
