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
  /** one state key and its string value (at most 32 keys: docs/agora-behaviour.md §1b "Validation") */
  [key: string]: string;
}

/** agora-rtm-sdk's `RTMEvents.UserState`. */
export interface RtmUserState {
  /** the user's RTM userId */
  userId: string;
  /** the user's state map; `{}` from a whoNow without `includedState`, and in degraded mode (docs/agora-behaviour.md §1b) */
  states: RtmStateDetail;
  /** how many keys `states` holds */
  statesCount: number;
}

/** agora-rtm-sdk's `RTMEvents.UserList`. */
export interface RtmUserList {
  /** the userIds */
  users: string[];
  /** how many `users` holds */
  userCount: number;
}

/** agora-rtm-sdk's `RTMEvents.IntervalDetail`. */
export interface RtmIntervalDetail {
  /** who joined during the interval (a join and a leave of one user cancel out) */
  join: RtmUserList;
  /** who left gracefully during the interval */
  leave: RtmUserList;
  /** whose presence record expired during the interval */
  timeout: RtmUserList;
  /** the whole state of each user whose state changed during the interval */
  userStateList: RtmUserState[];
  /** the channel's size, self included (the local count; the server's in TOPN mode); new in 2.3.0 */
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
  /** what happened (docs/agora-behaviour.md §1 "Presence event") */
  eventType: RtmPresenceEventType;
  /** the kind of channel; presence here is read from 'MESSAGE' channels */
  channelType: RtmChannelType;
  /** the channel the event is about */
  channelName: string;
  /** who caused a REMOTE_* event; '' otherwise */
  publisher: string;
  /** REMOTE_STATE_CHANGED: the publisher's WHOLE state map after the change, not a delta */
  stateChanged: RtmStateDetail;
  /** INTERVAL only; null otherwise */
  interval: RtmIntervalDetail | null;
  /** SNAPSHOT only: the whole member list, self included (other events carry `[]` or null) */
  snapshot: RtmUserState[] | null;
  /** server-calibrated ms */
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
  /** the link's state now (FAILED needs a new login) */
  currentState: RtmLinkState;
  /** the link's state before this change */
  previousState: RtmLinkState;
  /** the link that changed: 'MESSAGE' (RTM's basic service, the one carrying presence) or 'STREAM' */
  serviceType: string;
  /** the operation that caused the change (`LOGIN`, `AUTO_RECONNECT`, ...) */
  operation: string;
  /** the reason as text; decide on `reasonCode` */
  reason: string;
  /** why, as a code (`LOGIN_TIMEOUT`, `INVALID_TOKEN`, `SAME_UID_LOGIN`, `KICKED_OUT_BY_SERVER`, ...) */
  reasonCode: string;
  /** the channels the change affects; `[]` on login events (docs/agora-behaviour.md §1b) */
  affectedChannels: string[];
  /** channels the SDK did not re-enter; always `[]` in 2.3.0 (docs/agora-behaviour.md §1 "Reconnect") */
  unrestoredChannels: string[];
  /**
   * whether the link came back from DISCONNECTED with the session kept; false
   * after about 115 s of failed reconnects (docs/agora-behaviour.md §1b "Reconnect")
   */
  isResumed: boolean;
  /** server-calibrated ms */
  timestamp: number;
}

/** agora-rtm-sdk's `SubscribeOptions`. */
export interface RtmSubscribeOptions {
  /** receive the channel's messages; default true (a presence-only subscriber passes false) */
  withMessage?: boolean;
  /** receive presence events; default true */
  withPresence?: boolean;
  /** joins invisibly: never for an audience member who should be counted (docs/agora-behaviour.md §1) */
  beQuiet?: boolean;
  /** receive the channel's storage (metadata) events */
  withMetadata?: boolean;
  /** receive the channel's lock events */
  withLock?: boolean;
}

/** agora-rtm-sdk's `WhoNowOptions`. */
export interface RtmWhoNowOptions {
  /** list the occupants' userIds; default true (false: a cheap count) */
  includedUserId?: boolean;
  /** include each occupant's state; default false (not with `includedUserId: false`) */
  includedState?: boolean;
  /** the previous response's `nextPage`; omitted for the first page */
  page?: string;
}

/** agora-rtm-sdk's `WhoNowResponse`. */
export interface RtmWhoNowResponse {
  /** the channel's size (the true count even in degraded mode: docs/agora-behaviour.md §1b) */
  totalOccupancy: number;
  /** the occupants of this page (empty with `includedUserId: false`) */
  occupants: RtmUserState[];
  /** '' on the last page */
  nextPage: string;
  /** when the answer was made, ms */
  timestamp: number;
}

/** agora-rtm-sdk's `RemoveStateOptions`. */
export interface RtmRemoveStateOptions {
  /** the state keys to remove */
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
  /** the SDK's console log level */
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'none';
  /** upload the SDK's logs to Agora; default false */
  logUpload?: boolean;
  /** connect through Agora's cloud proxy (for restrictive firewalls); default false */
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
  /** the remote user's RTC uid (a member's `rtcUid` state key, or its userId, matches it as a string) */
  readonly uid: RtcUid;
}
