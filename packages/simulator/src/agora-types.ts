/**
 * The Agora SDK shapes the simulator's public API speaks, restated here so its
 * shipped d.ts names neither SDK: agora-rtm-sdk and agora-rtc-react are
 * OPTIONAL peers, and a d.ts that imports a module the app did not install
 * fails its `tsc` (TS2307) unless it skips lib checks. Copied from
 * agora-rtm-sdk 2.3.0's `agora-rtm.d.ts` and agora-rtc-react 2.5.1's d.ts;
 * `test/agora-types.test-d.ts` checks them, and the simulated clients, against
 * the installed SDKs, so an SDK type change still breaks this package's checks.
 */

// ---- RTC (agora-rtc-react 2.5.1) ----

/** `UID`: a number or a string, one type per channel. */
export type RtcUid = number | string;
/** `ClientRole`. */
export type RtcClientRole = 'audience' | 'host';
/** `SDK_MODE`. */
export type RtcMode = 'live' | 'rtc' | 'p2p';
/** `ConnectionState`. */
export type RtcConnectionState =
  'DISCONNECTED' | 'CONNECTING' | 'RECONNECTING' | 'CONNECTED' | 'DISCONNECTING';
/** The values of the `ConnectionDisconnectedReason` enum. */
export type RtcDisconnectedReason =
  | 'LEAVE'
  | 'NETWORK_ERROR'
  | 'SERVER_ERROR'
  | 'UID_BANNED'
  | 'FALLBACK'
  | 'IP_BANNED'
  | 'CHANNEL_BANNED'
  | 'LICENSE_MISSING'
  | 'LICENSE_EXPIRED'
  | 'LICENSE_MINUTES_EXCEEDED'
  | 'LICENSE_PERIOD_INVALID'
  | 'LICENSE_MULTIPLE_SDK_SERVICE'
  | 'LICENSE_ILLEGAL'
  | 'TOKEN_EXPIRE'
  | 'FALLBACK_TO_HLS'
  | 'UID_CONFLICT';
/** `ClientRoleOptions` (`level` is the `AudienceLatencyLevelType` enum: 1 low latency, 2 ultra-low). */
export interface RtcClientRoleOptions {
  level: number;
  delay?: number;
}
/** The `ClientConfig` fields the simulator reads (the others are accepted and ignored). */
export interface RtcClientConfig {
  mode?: RtcMode;
  codec?: string;
  role?: RtcClientRole;
  clientRoleOptions?: RtcClientRoleOptions;
}
/** A remote user: `IAgoraRTCRemoteUser` without media (the simulator plays none). */
export interface RtcRemoteUser {
  uid: RtcUid;
  hasAudio: boolean;
  hasVideo: boolean;
}
/** The values of agora-rtc-react's `AgoraRTCErrorCode` enum. */
export type RtcErrorCodeString =
  | 'UNEXPECTED_ERROR'
  | 'UNEXPECTED_RESPONSE'
  | 'TIMEOUT'
  | 'INVALID_PARAMS'
  | 'NOT_READABLE'
  | 'NOT_SUPPORTED'
  | 'INVALID_OPERATION'
  | 'OPERATION_ABORTED'
  | 'WEB_SECURITY_RESTRICT'
  | 'EXCHANGE_SDP_FAILED'
  | 'ADD_CANDIDATE_FAILED'
  | 'DATACHANNEL_FAILED'
  | 'NETWORK_ERROR'
  | 'NETWORK_TIMEOUT'
  | 'NETWORK_RESPONSE_ERROR'
  | 'API_INVOKE_TIMEOUT'
  | 'ENUMERATE_DEVICES_FAILED'
  | 'DEVICE_NOT_FOUND'
  | 'ELECTRON_IS_NULL'
  | 'ELECTRON_DESKTOP_CAPTURER_GET_SOURCES_ERROR'
  | 'CHROME_PLUGIN_NO_RESPONSE'
  | 'CHROME_PLUGIN_NOT_INSTALL'
  | 'MEDIA_OPTION_INVALID'
  | 'PERMISSION_DENIED'
  | 'CONSTRAINT_NOT_SATISFIED'
  | 'TRACK_IS_DISABLED'
  | 'GET_VIDEO_ELEMENT_VISIBLE_ERROR'
  | 'SHARE_AUDIO_NOT_ALLOWED'
  | 'LOW_STREAM_ENCODING_ERROR'
  | 'SET_ENCODING_PARAMETER_ERROR'
  | 'TRACK_STATE_UNREACHABLE'
  | 'INVALID_UINT_UID_FROM_STRING_UID'
  | 'CAN_NOT_GET_PROXY_SERVER'
  | 'CAN_NOT_GET_GATEWAY_SERVER'
  | 'VOID_GATEWAY_ADDRESS'
  | 'UID_CONFLICT'
  | 'MULTI_UNILBS_RESPONSE_ERROR'
  | 'UPDATE_TICKET_FAILED'
  | 'TOKEN_EXPIRE'
  | 'INVALID_LOCAL_TRACK'
  | 'INVALID_TRACK'
  | 'SENDER_NOT_FOUND'
  | 'CREATE_OFFER_FAILED'
  | 'SET_ANSWER_FAILED'
  | 'ICE_FAILED'
  | 'PC_CLOSED'
  | 'SENDER_REPLACE_FAILED'
  | 'GET_LOCAL_CAPABILITIES_FAILED'
  | 'GET_LOCAL_CONNECTION_PARAMS_FAILED'
  | 'SUBSCRIBE_FAILED'
  | 'UNSUBSCRIBE_FAILED'
  | 'GATEWAY_P2P_LOST'
  | 'NO_ICE_CANDIDATE'
  | 'CAN_NOT_PUBLISH_MULTIPLE_VIDEO_TRACKS'
  | 'EXIST_DISABLED_VIDEO_TRACK'
  | 'INVALID_REMOTE_USER'
  | 'REMOTE_USER_IS_NOT_PUBLISHED'
  | 'CUSTOM_REPORT_SEND_FAILED'
  | 'CUSTOM_REPORT_FREQUENCY_TOO_HIGH'
  | 'FETCH_AUDIO_FILE_FAILED'
  | 'READ_LOCAL_AUDIO_FILE_ERROR'
  | 'DECODE_AUDIO_FILE_FAILED'
  | 'WS_ABORT'
  | 'WS_DISCONNECT'
  | 'WS_ERR'
  | 'EXTERNAL_SIGNAL_ABORT'
  | 'LIVE_STREAMING_TASK_CONFLICT'
  | 'LIVE_STREAMING_INVALID_ARGUMENT'
  | 'LIVE_STREAMING_INTERNAL_SERVER_ERROR'
  | 'LIVE_STREAMING_PUBLISH_STREAM_NOT_AUTHORIZED'
  | 'LIVE_STREAMING_TRANSCODING_NOT_SUPPORTED'
  | 'LIVE_STREAMING_CDN_ERROR'
  | 'LIVE_STREAMING_INVALID_RAW_STREAM'
  | 'LIVE_STREAMING_WARN_STREAM_NUM_REACH_LIMIT'
  | 'LIVE_STREAMING_WARN_FAILED_LOAD_IMAGE'
  | 'LIVE_STREAMING_WARN_FREQUENT_REQUEST'
  | 'WEBGL_INTERNAL_ERROR'
  | 'BEAUTY_PROCESSOR_INTERNAL_ERROR'
  | 'CROSS_CHANNEL_WAIT_STATUS_ERROR'
  | 'CROSS_CHANNEL_FAILED_JOIN_SEC'
  | 'CROSS_CHANNEL_FAILED_JOIN_DEST'
  | 'CROSS_CHANNEL_FAILED_PACKET_SENT_TO_DEST'
  | 'CROSS_CHANNEL_SERVER_ERROR_RESPONSE'
  | 'METADATA_OUT_OF_RANGE'
  | 'LOCAL_AEC_ERROR'
  | 'INVALID_PLUGIN'
  | 'DISCONNECT_P2P'
  | 'CONVERTING_IMAGEDATA_TO_BLOB_FAILED'
  | 'CONVERTING_VIDEO_FRAME_TO_BLOB_FAILED'
  | 'INIT_DATACHANNEL_TIMEOUT'
  | 'CREATE_DATACHANNEL_ERROR'
  | 'DATACHANNEL_CONNECTION_TIMEOUT'
  | 'PROHIBITED_OPERATION'
  | 'IMAGE_MODERATION_UPLOAD_FAILED'
  | 'P2P_MESSAGE_FAILED';

// ---- RTM (agora-rtm-sdk 2.3.0) ----

/** `ChannelType`. */
export type RtmChannelType = 'STREAM' | 'MESSAGE' | 'USER';
/** `ServiceType`. */
export type RtmServiceType = 'MESSAGE' | 'STREAM';
/** `StateDetail`: a user's temporary presence state. */
export interface RtmStateDetail {
  [key: string]: string;
}
/** `BaseResponse`. */
export interface RtmBaseResponse {
  timestamp: number;
}
/** `RTMOperationResponse` (subscribe / unsubscribe answers). */
export interface RtmOperationResponse extends RtmBaseResponse {
  channelName: string;
}
/** `LoginOptions`. */
export interface RtmLoginOptions {
  token?: string;
}
/** `RenewTokenOptions`. */
export interface RtmRenewTokenOptions {
  channelName?: string;
}
/** `SubscribeOptions`. */
export interface RtmSubscribeOptions {
  withMessage?: boolean;
  withPresence?: boolean;
  beQuiet?: boolean;
  withMetadata?: boolean;
  withLock?: boolean;
}
/** The `RTMConfig` fields the simulator reads (the others are accepted and ignored). */
export interface RtmConfig {
  presenceTimeout?: number;
  heartbeatInterval?: number;
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'none';
  logUpload?: boolean;
  cloudProxy?: boolean;
  useStringUserId?: boolean;
}
/** `OccupancyDetail` (`RTMEvents.UserState` has the same fields). */
export interface RtmOccupancyDetail {
  states: RtmStateDetail;
  userId: string;
  statesCount: number;
}
/** `WhoNowOptions` (also `GetOnlineUsersOptions`). */
export interface RtmWhoNowOptions {
  includedUserId?: boolean;
  includedState?: boolean;
  page?: string;
}
/** `WhoNowResponse` (also `GetOnlineUsersResponse`). */
export interface RtmWhoNowResponse extends RtmBaseResponse {
  totalOccupancy: number;
  occupants: RtmOccupancyDetail[];
  /** '' on the last page */
  nextPage: string;
}
/** `ChannelDetail`. */
export interface RtmChannelDetail {
  channelName: string;
  channelType: RtmChannelType;
}
/** `WhereNowResponse` (also `GetUserChannelsResponse`). */
export interface RtmWhereNowResponse extends RtmBaseResponse {
  channels: RtmChannelDetail[];
  totalChannel: number;
}
/** `GetStateResponse`. */
export interface RtmGetStateResponse extends RtmOccupancyDetail, RtmBaseResponse {}
/** `RemoveStateOptions`. */
export interface RtmRemoveStateOptions {
  states?: string[];
}
/** `ErrorInfo`, what `RTMBaseError` implements. */
export interface RtmErrorInfo {
  error: boolean;
  reason: string;
  operation: string;
  errorCode: number;
}

/** `RTMEvents.UserList`. */
export interface RtmUserList {
  users: string[];
  userCount: number;
}
/** `RTMEvents.IntervalDetail`. */
export interface RtmIntervalDetail {
  join: RtmUserList;
  leave: RtmUserList;
  timeout: RtmUserList;
  userStateList: RtmOccupancyDetail[];
  totalOccupancy: number;
}
/** `PresenceEventType`. */
export type RtmPresenceEventType =
  | 'NONE'
  | 'SNAPSHOT'
  | 'INTERVAL'
  | 'REMOTE_JOIN'
  | 'REMOTE_LEAVE'
  | 'REMOTE_TIMEOUT'
  | 'REMOTE_STATE_CHANGED'
  | 'ERROR_OUT_OF_SERVICE';
/** `RTMEvents.PresenceEvent`. */
export interface RtmPresenceEvent {
  eventType: RtmPresenceEventType;
  channelType: RtmChannelType;
  channelName: string;
  publisher: string;
  stateChanged: RtmStateDetail;
  interval: RtmIntervalDetail | null;
  snapshot: RtmOccupancyDetail[] | null;
  timestamp: number;
}
/** `RTMEvents.LinkState`. */
export type RtmLinkState =
  'IDLE' | 'CONNECTING' | 'CONNECTED' | 'DISCONNECTED' | 'SUSPENDED' | 'FAILED';
/** `RTMEvents.LinkOperation`. */
export type RtmLinkOperation =
  | 'LOGIN'
  | 'LOGOUT'
  | 'JOIN'
  | 'LEAVE'
  | 'SERVER_REJECT'
  | 'AUTO_RECONNECT'
  | 'RECONNECTED'
  | 'HEARTBEAT_TIMEOUT'
  | 'SERVER_TIMEOUT'
  | 'NETWORK_CHANGE';
/** `RTMEvents.LinkStateChangeReasonCode`. */
export type RtmLinkStateChangeReasonCode =
  | 'UNKNOWN'
  | 'LOGIN'
  | 'LOGIN_SUCCESS'
  | 'LOGIN_TIMEOUT'
  | 'LOGIN_NOT_AUTHORIZED'
  | 'LOGIN_REJECTED'
  | 'RELOGIN'
  | 'LOGOUT'
  | 'AUTO_RECONNECT'
  | 'RECONNECT_TIMEOUT'
  | 'RECONNECT_SUCCESS'
  | 'JOIN'
  | 'JOIN_SUCCESS'
  | 'JOIN_FAILED'
  | 'REJOIN'
  | 'LEAVE'
  | 'INVALID_TOKEN'
  | 'TOKEN_EXPIRED'
  | 'INCONSISTENT_APP_ID'
  | 'INVALID_CHANNEL_NAME'
  | 'INVALID_USER_ID'
  | 'NOT_INITIALIZED'
  | 'RTM_SERVICE_NOT_CONNECTED'
  | 'CHANNEL_INSTANCE_EXCEED_LIMITATION'
  | 'OPERATION_RATE_EXCEED_LIMITATION'
  | 'CHANNEL_IN_ERROR_STATE'
  | 'PRESENCE_NOT_CONNECTED'
  | 'SAME_UID_LOGIN'
  | 'KICKED_OUT_BY_SERVER'
  | 'KEEP_ALIVE_TIMEOUT'
  | 'CONNECTION_ERROR'
  | 'PRESENCE_NOT_READY'
  | 'NETWORK_CHANGE'
  | 'SERVICE_NOT_SUPPORTED'
  | 'STREAM_CHANNEL_NOT_AVAILABLE'
  | 'STORAGE_NOT_AVAILABLE'
  | 'LOCK_NOT_AVAILABLE'
  | 'LOGIN_TOO_FREQUENT';
/** `RTMEvents.LinkStateEvent`. */
export interface RtmLinkStateEvent {
  currentState: RtmLinkState;
  previousState: RtmLinkState;
  serviceType: RtmServiceType;
  operation: RtmLinkOperation;
  reason: string;
  reasonCode: RtmLinkStateChangeReasonCode;
  affectedChannels: string[];
  unrestoredChannels: string[];
  isResumed: boolean;
  timestamp: number;
}
/** `RTMEvents.TokenEvent`. */
export interface RtmTokenEvent {
  eventType: 'WILL_EXPIRE' | 'READ_PERMISSION_REVOKED';
  reason: string;
  affectedResources: { messageChannels: string[] };
  timestamp: number;
}
/**
 * `RTMEvents.RTMClientEventMap`. The simulator emits presence, linkState,
 * token and tokenPrivilegeWillExpire; message, storage, lock and topic are
 * never emitted, and take a listener of any type (`never` argument).
 */
export interface RtmClientEventMap {
  presence: (presenceData: RtmPresenceEvent) => void;
  message: (message: never) => void;
  storage: (storageData: never) => void;
  lock: (lockInfo: never) => void;
  topic: (topicEvent: never) => void;
  tokenPrivilegeWillExpire: (channelName: string) => void;
  linkState: (linkState: RtmLinkStateEvent) => void;
  token: (tokenEvent: RtmTokenEvent) => void;
}

/** A published track: whatever the app passed to `publish()` (the simulator plays no media). */
export type RtcLocalTrack = object;
