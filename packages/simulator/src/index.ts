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
export type { SimulatedRtcClient } from './rtc/rtc-client';
export { asAgoraRTCClient, RTC_SERVER_TIMEOUT_MS } from './rtc/rtc-client';
export type { RtcClientSurface } from './rtc/rtc-client';
export { SimulatedRtcError } from './rtc/rtc-error';
export type { RtcErrorCodeString } from './rtc/rtc-error';
export type { Crowd } from './crowd';
export type { CrowdOptions, CrowdJoinOptions, ChurnOptions, CrowdMember } from './crowd';
export type { SimulatedFault } from './faults';
export type { SimulatedTokenOptions } from './tokens';
export type { ListenerErrorHandler } from './listeners';
export type { SimulatedRtmClient } from './rtm/rtm-client';
export type { RtmClientSurface } from './rtm/rtm-client';
export type { SimulatedRtmPresence } from './rtm/rtm-presence';
export type { RtmPresenceSurface } from './rtm/rtm-presence';
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
