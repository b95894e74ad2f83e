/**
 * The parts of the Agora SDKs' types this package reads, restated here so the
 * shipped d.ts names neither SDK: agora-rtm-sdk and agora-rtc-react are
 * OPTIONAL peers, and a d.ts that imports a module the app did not install
 * fails its `tsc` (TS2307) unless it skips lib checks. Shapes follow
 * agora-rtm-sdk 2.3.0's `agora-rtm.d.ts` and agora-rtc-react 2.5.1's d.ts
 * (docs/agora-behaviour.md §1 "Presence event", §2). Inputs are as wide as the SDK's
 * outputs, so a real `RTMClient` / `IAgoraRTCClient` fits as it is;
 * `test/agora-types.test-d.ts` checks that against the installed SDKs.
 */

/** An RTC uid: a number or a string, one type per channel (docs/agora-behaviour.md §2). */
export type RtcUid = number | string;

/** agora-rtm-sdk's `StateDetail`: a user's temporary presence state. */
export interface RtmStateDetail {
  [key: string]: string;
}

/** agora-rtm-sdk's `RTMEvents.UserState`. */
export interface RtmUserState {
  userId: string;
  states: RtmStateDetail;
  statesCount: number;
}

/** agora-rtm-sdk's `RTMEvents.UserList`. */
export interface RtmUserList {
  users: string[];
  userCount: number;
}

/** agora-rtm-sdk's `RTMEvents.IntervalDetail`. */
export interface RtmIntervalDetail {
  join: RtmUserList;
  leave: RtmUserList;
  timeout: RtmUserList;
  userStateList: RtmUserState[];
  /** new in 2.3.0 */
  totalOccupancy: number;
}

/** agora-rtm-sdk's `PresenceEventType`. */
export type RtmPresenceEventType =
  | 'NONE'
  | 'SNAPSHOT'
  | 'INTERVAL'
  | 'REMOTE_JOIN'
  | 'REMOTE_LEAVE'
  | 'REMOTE_TIMEOUT'
  | 'REMOTE_STATE_CHANGED'
  | 'ERROR_OUT_OF_SERVICE';

/** agora-rtm-sdk's `ChannelType`. */
export type RtmChannelType = 'STREAM' | 'MESSAGE' | 'USER';

/** agora-rtm-sdk's `RTMEvents.PresenceEvent` (the `presence` event). */
export interface RtmPresenceEvent {
  eventType: RtmPresenceEventType;
  channelType: RtmChannelType;
  channelName: string;
  publisher: string;
  stateChanged: RtmStateDetail;
  interval: RtmIntervalDetail | null;
  snapshot: RtmUserState[] | null;
  timestamp: number;
}

/** agora-rtm-sdk's `RTMEvents.LinkState`. */
export type RtmLinkState =
  'IDLE' | 'CONNECTING' | 'CONNECTED' | 'DISCONNECTED' | 'SUSPENDED' | 'FAILED';

/**
 * agora-rtm-sdk's `RTMEvents.LinkStateEvent` (the `linkState` event). The SDK
 * types `serviceType`, `operation` and `reasonCode` as string unions; read
 * here as strings (e.g. `LOGIN_TIMEOUT`, `SAME_UID_LOGIN`: docs/agora-behaviour.md §1).
 */
export interface RtmLinkStateEvent {
  currentState: RtmLinkState;
  previousState: RtmLinkState;
  serviceType: string;
  operation: string;
  reason: string;
  reasonCode: string;
  affectedChannels: string[];
  unrestoredChannels: string[];
  isResumed: boolean;
  timestamp: number;
}

/** agora-rtm-sdk's `SubscribeOptions`. */
export interface RtmSubscribeOptions {
  withMessage?: boolean;
  withPresence?: boolean;
  /** joins invisibly: never for an audience member who should be counted (docs/agora-behaviour.md §1) */
  beQuiet?: boolean;
  withMetadata?: boolean;
  withLock?: boolean;
}

/** agora-rtm-sdk's `WhoNowOptions`. */
export interface RtmWhoNowOptions {
  includedUserId?: boolean;
  includedState?: boolean;
  page?: string;
}

/** agora-rtm-sdk's `WhoNowResponse`. */
export interface RtmWhoNowResponse {
  totalOccupancy: number;
  occupants: RtmUserState[];
  /** '' on the last page */
  nextPage: string;
  timestamp: number;
}

/** agora-rtm-sdk's `RemoveStateOptions`. */
export interface RtmRemoveStateOptions {
  states?: string[];
}

/**
 * The `RTMConfig` fields of agora-rtm-sdk 2.x a default client is made with
 * (docs/agora-behaviour.md §1 "Client"); encryption and private-deployment fields are
 * left out: construct your own client for those.
 */
export interface RtmConfig {
  /** seconds, default 300, clamped 5..300 */
  presenceTimeout?: number;
  /** seconds, default 5 */
  heartbeatInterval?: number;
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'none';
  logUpload?: boolean;
  cloudProxy?: boolean;
  /** default true */
  useStringUserId?: boolean;
}

/** agora-rtc-react's `ConnectionState`. */
export type RtcConnectionState =
  'DISCONNECTED' | 'CONNECTING' | 'RECONNECTING' | 'CONNECTED' | 'DISCONNECTING';

/** agora-rtc-react's `ClientRole`. */
export type RtcClientRole = 'audience' | 'host';

/** agora-rtc-react's `SDK_MODE`. */
export type RtcMode = 'live' | 'rtc' | 'p2p';

/** A remote user as this package reads it (agora-rtc-react's `IAgoraRTCRemoteUser` has more). */
export interface RtcRemoteUserLike {
  readonly uid: RtcUid;
}
