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
  /** Audience latency level: 1 low latency, 2 ultra-low (accepted, not simulated). */
  level: number;
  /** Undocumented in the SDK (`@ignore` in its d.ts); accepted, not simulated. */
  delay?: number;
}
/** The `ClientConfig` fields the simulator accepts; it reads `mode` and `role`. */
export interface RtcClientConfig {
  /** Channel profile (default `live`); in `rtc` mode every client is a host. */
  mode?: RtcMode;
  /** Video codec such as `vp8`; accepted and ignored (the simulator plays no media). */
  codec?: string;
  /** Initial role in `live` mode (default `audience`, docs/agora-behaviour.md §2); ignored in `rtc` mode. */
  role?: RtcClientRole;
  /** Audience latency options; accepted and ignored. */
  clientRoleOptions?: RtcClientRoleOptions;
}
/** A remote user: `IAgoraRTCRemoteUser` without media (the simulator plays none). */
export interface RtcRemoteUser {
  /** The remote host's uid, as it joined. */
  uid: RtcUid;
  /** Whether the user publishes audio; always false in the simulator. */
  hasAudio: boolean;
  /** Whether the user publishes video; always false in the simulator. */
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
  /** One state key and its string value (at most 32 keys, docs/agora-behaviour.md §1). */
  [key: string]: string;
}
/** `BaseResponse`. */
export interface RtmBaseResponse {
  /** When the call was answered, ms (the simulated cloud's clock; server-calibrated in the SDK). */
  timestamp: number;
}
/** `RTMOperationResponse` (subscribe / unsubscribe answers). */
export interface RtmOperationResponse extends RtmBaseResponse {
  /** The channel subscribed or unsubscribed. */
  channelName: string;
}
/** `LoginOptions`. */
export interface RtmLoginOptions {
  /**
   * The RTM token. Without `strictTokens` any token or none is accepted, except
   * an invalid or expired one made with `cloud.createToken`.
   */
  token?: string;
}
/** `RenewTokenOptions`. */
export interface RtmRenewTokenOptions {
  /** The STREAM channel whose token is renewed; the simulator's `renewToken(token)` takes no options. */
  channelName?: string;
}
/** `SubscribeOptions`. */
export interface RtmSubscribeOptions {
  /** Receive channel messages (default true); recorded only: the simulator sends no messages. */
  withMessage?: boolean;
  /** Receive presence events and keep a local member list (default true). */
  withPresence?: boolean;
  /**
   * Subscribe invisibly (default false): no presence record, so others neither
   * see nor count this user, and its state stays local (docs/agora-behaviour.md §1).
   */
  beQuiet?: boolean;
  /** Receive channel metadata (default false); recorded only. */
  withMetadata?: boolean;
  /** Receive lock events (default false); recorded only. */
  withLock?: boolean;
}
/** The `RTMConfig` fields the simulator accepts; it reads only `presenceTimeout`. */
export interface RtmConfig {
  /**
   * Seconds a lost user's presence record lives before others see REMOTE_TIMEOUT
   * (default 300, clamped 5..300; docs/agora-behaviour.md §1).
   */
  presenceTimeout?: number;
  /** The SDK's heartbeat period in seconds; accepted and ignored. */
  heartbeatInterval?: number;
  /** The SDK's log level; accepted and ignored. */
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'none';
  /** Upload SDK logs to Agora (default false); accepted and ignored. */
  logUpload?: boolean;
  /** Connect through Agora's cloud proxy; accepted and ignored. */
  cloudProxy?: boolean;
  /** Treat user IDs as strings; accepted and ignored (simulated user IDs are always strings). */
  useStringUserId?: boolean;
}
/** `OccupancyDetail` (`RTMEvents.UserState` has the same fields). */
export interface RtmOccupancyDetail {
  /** The user's temporary state; `{}` when the call did not ask for states. */
  states: RtmStateDetail;
  /** The member's RTM user ID. */
  userId: string;
  /** Number of keys in `states`. */
  statesCount: number;
}
/** `WhoNowOptions` (also `GetOnlineUsersOptions`). */
export interface RtmWhoNowOptions {
  /** List the occupants (default true); false gives only the count. */
  includedUserId?: boolean;
  /** Include each occupant's state (default false); needs `includedUserId`, else -13003. */
  includedState?: boolean;
  /** The previous answer's `nextPage` cursor, to read the next page of a server-paged answer. */
  page?: string;
}
/** `WhoNowResponse` (also `GetOnlineUsersResponse`). */
export interface RtmWhoNowResponse extends RtmBaseResponse {
  /**
   * The member count: the local list's while subscribed with presence, else the
   * server's; a server-paged answer gives its page's size by default (the
   * cloud's `presence.pagedTotalOccupancy`; what the SDK's d.ts documents).
   */
  totalOccupancy: number;
  /** The members on this page; `[]` with `includedUserId: false`. */
  occupants: RtmOccupancyDetail[];
  /** '' on the last page */
  nextPage: string;
}
/** `ChannelDetail`. */
export interface RtmChannelDetail {
  /** The channel's name. */
  channelName: string;
  /** The channel's type; always `MESSAGE` in the simulator. */
  channelType: RtmChannelType;
}
/** `WhereNowResponse` (also `GetUserChannelsResponse`). */
export interface RtmWhereNowResponse extends RtmBaseResponse {
  /** The channels where the user has a presence record. */
  channels: RtmChannelDetail[];
  /** Number of entries in `channels`. */
  totalChannel: number;
}
/** `GetStateResponse`. */
export interface RtmGetStateResponse extends RtmOccupancyDetail, RtmBaseResponse {}
/** `RemoveStateOptions`. */
export interface RtmRemoveStateOptions {
  /** The state keys to remove; every key when omitted. */
  states?: string[];
}
/** `ErrorInfo`, what `RTMBaseError` implements. */
export interface RtmErrorInfo {
  /** Always true on an error. */
  error: boolean;
  /** Human-readable reason. */
  reason: string;
  /** The SDK operation that failed, e.g. `subscribe`. */
  operation: string;
  /** Agora's numeric error code, e.g. -10025 (see `RtmErrorCode`). */
  errorCode: number;
}

/** `RTMEvents.UserList`. */
export interface RtmUserList {
  /** The user IDs. */
  users: string[];
  /** Number of entries in `users`. */
  userCount: number;
}
/** `RTMEvents.IntervalDetail`. */
export interface RtmIntervalDetail {
  /** Users who joined during the interval (a join and a leave of one user cancel out). */
  join: RtmUserList;
  /** Users who left gracefully during the interval. */
  leave: RtmUserList;
  /** Users whose presence record expired during the interval. */
  timeout: RtmUserList;
  /** The full state of each user whose state changed during the interval. */
  userStateList: RtmOccupancyDetail[];
  /**
   * The member count at this tick, self included: the local list's, or the
   * server's in TOPN and degraded mode (docs/agora-behaviour.md §1).
   */
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
  /** What happened (docs/agora-behaviour.md §1, "Presence event"). */
  eventType: RtmPresenceEventType;
  /** The channel's type; always `MESSAGE` in the simulator. */
  channelType: RtmChannelType;
  /** The channel the event is about. */
  channelName: string;
  /** The user a REMOTE_* event is about; '' for SNAPSHOT and INTERVAL. */
  publisher: string;
  /** REMOTE_STATE_CHANGED: the publisher's whole state after the change (not a delta); `{}` otherwise. */
  stateChanged: RtmStateDetail;
  /** INTERVAL: the interval's joins, leaves, timeouts and state changes; null otherwise. */
  interval: RtmIntervalDetail | null;
  /**
   * SNAPSHOT: the whole member list, self included unless `beQuiet` (partial in
   * degraded mode); `[]` (not null) on other events.
   */
  snapshot: RtmOccupancyDetail[] | null;
  /** When the event was emitted, ms (the simulated cloud's clock). */
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
  /** The link state now. */
  currentState: RtmLinkState;
  /** The link state before this change. */
  previousState: RtmLinkState;
  /** The link that changed; always `MESSAGE` in the simulator. */
  serviceType: RtmServiceType;
  /** What triggered the change (login, logout, reconnect, timeout, server reject, ...). */
  operation: RtmLinkOperation;
  /** The SDK's description of `reasonCode`, e.g. 'Keep alive timeout'. */
  reason: string;
  /** Why the state changed, e.g. `LOGIN_TIMEOUT`, `SAME_UID_LOGIN`. */
  reasonCode: RtmLinkStateChangeReasonCode;
  /** The subscribed channels, on a lost link, reconnect, kick or token expiry; `[]` on every other change. */
  affectedChannels: string[];
  /** Channels not restored after a reconnect; always `[]` (docs/agora-behaviour.md §1, "Reconnect"). */
  unrestoredChannels: string[];
  /**
   * On reconnect: whether presence state survived the outage (true when down less
   * than about 115 s); false on every other change.
   */
  isResumed: boolean;
  /** When the change happened, ms (the simulated cloud's clock). */
  timestamp: number;
}
/** `RTMEvents.TokenEvent`. */
export interface RtmTokenEvent {
  /** `WILL_EXPIRE` about 30 s before the login token expires (the only one the simulator emits). */
  eventType: 'WILL_EXPIRE' | 'READ_PERMISSION_REVOKED';
  /** The SDK's description of the event. */
  reason: string;
  /** The resources the token covers: the subscribed message channels. */
  affectedResources: { messageChannels: string[] };
  /** When the event was emitted, ms (the simulated cloud's clock). */
  timestamp: number;
}
/**
 * `RTMEvents.RTMClientEventMap`. The simulator emits presence, linkState,
 * token and tokenPrivilegeWillExpire; message, storage, lock and topic are
 * never emitted, and take a listener of any type (`never` argument).
 */
export interface RtmClientEventMap {
  /** A presence event of a channel subscribed with presence. */
  presence: (presenceData: RtmPresenceEvent) => void;
  /** Channel messages; never emitted by the simulator. */
  message: (message: never) => void;
  /** Storage (metadata) events; never emitted by the simulator. */
  storage: (storageData: never) => void;
  /** Lock events; never emitted by the simulator. */
  lock: (lockInfo: never) => void;
  /** Stream-channel topic events; never emitted by the simulator. */
  topic: (topicEvent: never) => void;
  /** About 30 s before the token expires, with `token`; `channelName` is '' for the login token. */
  tokenPrivilegeWillExpire: (channelName: string) => void;
  /** Every link state change. */
  linkState: (linkState: RtmLinkStateEvent) => void;
  /** Token events (`WILL_EXPIRE`), fired together with `tokenPrivilegeWillExpire`. */
  token: (tokenEvent: RtmTokenEvent) => void;
}

/** A published track: whatever the app passed to `publish()` (the simulator plays no media). */
export type RtcLocalTrack = object;
