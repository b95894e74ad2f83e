export { createVirtualClock, createRealClock } from './clock';
export type { Clock, VirtualClock, TimerHandle } from './clock';
export { createSimulatedCloud } from './cloud';
export type {
  SimulatedCloud,
  SimulatedCloudOptions,
  SimulatedDevice,
  ChannelInspector,
  ChannelMember,
  NetworkClient,
  RestoreOptions,
  RtcChannelInspector,
  RtcChannelMember,
} from './cloud';
export type { RtcEventListener, SimulatedRtcClient } from './rtc/rtc-client';
export { RTC_SERVER_TIMEOUT_MS } from './rtc/rtc-client';
// asAgoraRTCClient and the SDK surfaces: `@audience-presence/simulator/agora` (they name the SDKs)
export { SimulatedRtcError } from './rtc/rtc-error';
export type { RtcErrorCodeString } from './rtc/rtc-error';
export type { Crowd } from './crowd';
export type { CrowdOptions, CrowdJoinOptions, ChurnOptions, CrowdMember } from './crowd';
export type { SimulatedFault } from './faults';
export type { SimulatedTokenOptions } from './tokens';
export type { ListenerErrorHandler } from './listeners';
export type { SimulatedRtmClient } from './rtm/rtm-client';
export type { RecordedSubscribeOptions } from './rtm/subscriptions';
export type { SimulatedRtmPresence } from './rtm/rtm-presence';
export { SimulatedRtmError, RtmErrorCode } from './rtm/rtm-error';
export { RTM_RATE_LIMITS } from './rtm/rate-limit';
export type { RtmRateLimitedOperation } from './rtm/rate-limit';
export type { RtmErrorCodeValue, RtmErrorName } from './rtm/rtm-error';
export { signedNcsHeaders } from './ncs/sign';
export type { NcsSignatureHeaders } from './ncs/sign';
export type {
  NcsDelivery,
  NcsDeliveryOptions,
  NcsDeliveryRecord,
  NcsNoticeBody,
  NcsRequest,
  NcsCallback,
  NcsRtcEventType,
  NcsRtcPayload,
} from './ncs/ncs-delivery';
// the SDK shapes the simulator speaks, restated so its d.ts needs neither SDK
export type {
  RtcClientConfig,
  RtcClientRole,
  RtcClientRoleOptions,
  RtcConnectionState,
  RtcDisconnectedReason,
  RtcLocalTrack,
  RtcMode,
  RtcRemoteUser,
  RtcUid,
  RtmBaseResponse,
  RtmChannelDetail,
  RtmChannelType,
  RtmClientEventMap,
  RtmConfig,
  RtmErrorInfo,
  RtmGetStateResponse,
  RtmIntervalDetail,
  RtmLinkOperation,
  RtmLinkState,
  RtmLinkStateChangeReasonCode,
  RtmLinkStateEvent,
  RtmLoginOptions,
  RtmOccupancyDetail,
  RtmOperationResponse,
  RtmPresenceEvent,
  RtmPresenceEventType,
  RtmRemoveStateOptions,
  RtmRenewTokenOptions,
  RtmServiceType,
  RtmStateDetail,
  RtmSubscribeOptions,
  RtmTokenEvent,
  RtmUserList,
  RtmWhereNowResponse,
  RtmWhoNowOptions,
  RtmWhoNowResponse,
} from './agora-types';
