import type {
  RtmChannelType,
  RtmLinkStateEvent,
  RtmPresenceEvent,
  RtmRemoveStateOptions,
  RtmStateDetail,
  RtmSubscribeOptions,
  RtmWhoNowOptions,
  RtmWhoNowResponse,
} from '../../agora-types';
import type { Timers } from '../../deadline';
import type { PresenceError } from '../../errors';
import type { MemberState, StageRole } from '../../model';

/**
 * The part of an RTM 2.x client a source uses. A real `RTMClient` (agora-rtm-sdk
 * 2.3.0) or the simulator's fake both fit.
 */
export interface RtmClientLike {
  // one overload per event (not the SDK's generic over its event map): a
  // generic over a smaller map is not comparable with the SDK's
  /** Listens to presence events of subscribed channels (add it before `login`: docs/agora-behaviour.md §1 "Client"). */
  addEventListener(eventName: 'presence', listener: (event: RtmPresenceEvent) => void): void;
  /** Listens to the link's state changes (the only source of RTM connection state in 2.3.0). */
  addEventListener(eventName: 'linkState', listener: (event: RtmLinkStateEvent) => void): void;
  /** Listens for the token running out (about 30 s ahead: docs/agora-behaviour.md §1 "Token"). */
  addEventListener(
    eventName: 'tokenPrivilegeWillExpire',
    listener: (channelName: string) => void,
  ): void;
  /** Removes a `presence` listener. */
  removeEventListener(eventName: 'presence', listener: (event: RtmPresenceEvent) => void): void;
  /** Removes a `linkState` listener. */
  removeEventListener(eventName: 'linkState', listener: (event: RtmLinkStateEvent) => void): void;
  /** Removes a `tokenPrivilegeWillExpire` listener. */
  removeEventListener(
    eventName: 'tokenPrivilegeWillExpire',
    listener: (channelName: string) => void,
  ): void;
  /** Logs in (`token` omitted: an App ID without certificate); offline it never settles (docs/agora-behaviour.md §1). */
  login(options?: { token?: string }): Promise<unknown>;
  /** Logs out; the client stays usable for a later login by the same user. */
  logout(): Promise<unknown>;
  /** Subscribes to a message channel; a repeat with the same options is a no-op. */
  subscribe(channelName: string, options?: RtmSubscribeOptions): Promise<unknown>;
  /** Leaves a message channel; the local user's temporary state there is dropped. */
  unsubscribe(channelName: string): Promise<unknown>;
  /** the presence API (agora-rtm-sdk's `rtm.presence`) */
  readonly presence: RtmPresenceLike;
}

/** The part of `rtm.presence` (agora-rtm-sdk's `RTMPresence`) a source uses. */
export interface RtmPresenceLike {
  /** Who is in the channel now, one page (follow `nextPage` until ''): docs/agora-behaviour.md §1 "Presence API". */
  whoNow(
    channelName: string,
    channelType: RtmChannelType,
    options?: RtmWhoNowOptions,
  ): Promise<RtmWhoNowResponse>;
  /** Sets (merges) the local user's state keys in the channel; others get REMOTE_STATE_CHANGED. Up to 32 keys. */
  setState(
    channelName: string,
    channelType: RtmChannelType,
    state: RtmStateDetail,
  ): Promise<unknown>;
  /** every real client has it: keys dropped from the local state then disappear for others too */
  removeState?(
    channelName: string,
    channelType: RtmChannelType,
    options?: RtmRemoveStateOptions,
  ): Promise<unknown>;
}

/** Options of {@link bindRtmSource}. */
export interface RtmSourceOptions {
  /** the RTM message channel to follow (usually the RTC channel name) */
  readonly channel: string;
  /** the local RTM userId (becomes the store's self) */
  readonly userId: string;
  /** the local user's role, written to its own presence state; default 'audience' */
  readonly role?: StageRole;
  /** the local user's RTC uid, written to its own presence state (so RTC hosts map to members) */
  readonly rtcUid?: string | number | null;
  /** extra app fields of the local user's presence state (RTM allows up to 32 keys) */
  readonly state?: MemberState;
  /** state key for the role; default the store's `roleKey` ('role') */
  readonly roleKey?: string;
  /** state key for the RTC uid; default the store's `rtcUidKey` ('rtcUid') */
  readonly rtcUidKey?: string;
  /**
   * extra subscribe options; `withPresence` is always true. `beQuiet` (default
   * false) hides the local user from everyone: never for an audience member who
   * should be counted (docs/agora-behaviour.md §1).
   */
  readonly subscribeOptions?: Omit<RtmSubscribeOptions, 'withPresence'>;
  /** bound on every SDK await, ms; default 15 000 */
  readonly timeoutMs?: number;
  /** injectable timers (tests) */
  readonly timers?: Timers;
  /** resync with whoNow after a reconnect; default true */
  readonly resyncOnReconnect?: boolean;
  /** resync with whoNow after ERROR_OUT_OF_SERVICE; default true */
  readonly resyncOnOutOfService?: boolean;
  /**
   * first retry delay (ms) of a failed automatic resync; it doubles up to 60 s and
   * stops once a fresh list arrived. Default 5 000; 0 disables retries.
   */
  readonly resyncRetryMs?: number;
  /** errors of background work (reconnect reconciliation, automatic resyncs) */
  readonly onError?: (error: PresenceError) => void;
}

/**
 * A bound RTM presence source, the one owner of its client's RTM lifecycle:
 * `join()` (login → subscribe → own state) and `close()` (unsubscribe and
 * logout of whatever was started). The steps are also callable one by one.
 * Every step rejects with a {@link PresenceError} and never hangs.
 */
export interface RtmSource {
  /** RTM login (bounded: offline it never settles otherwise). Rejects RTM_LOGIN_TIMEOUT / RTM_LOGIN_FAILED. */
  login(options?: { readonly token?: string }): Promise<void>;
  /** Subscribes with presence. Rejects RTM_SUBSCRIBE_TIMEOUT / RTM_SUBSCRIBE_FAILED. */
  subscribe(): Promise<void>;
  /** Writes the local user's state (role, RTC uid, app fields merged with `patch`). Rejects RTM_SET_STATE_FAILED. */
  setSelfState(patch?: MemberState): Promise<void>;
  /**
   * Writes the local user's state with exactly these app fields: keys no longer
   * there are removed for everyone (RTM `removeState`). Rejects RTM_SET_STATE_FAILED.
   */
  replaceSelfState(state: MemberState): Promise<void>;
  /** Changes the local user's role and writes the state again. */
  setRole(role: StageRole): Promise<void>;
  /** Records the local RTC uid (known only after RTC join when Agora assigns it) and writes the state again. */
  setRtcUid(uid: string | number | null): Promise<void>;
  /**
   * login → subscribe → setSelfState; rejects with the first failing step's
   * error. An aborted `signal` stops it before the next step (rejecting with
   * the signal's reason); `close()` then undoes what was started.
   */
  join(options?: { readonly token?: string; readonly signal?: AbortSignal }): Promise<void>;
  /** Replaces the list with whoNow over all pages, applied as one snapshot. Rejects RTM_RESYNC_FAILED. */
  resync(): Promise<void>;
  /** A cheap occupancy count (whoNow without user ids); also dispatched as occupancy. */
  count(): Promise<number>;
  /** Unsubscribes and resets the store (the list of a channel we left means nothing). */
  leave(): Promise<void>;
  /** RTM logout (bounded). */
  logout(): Promise<void>;
  /** Removes every listener this source added and rejects its pending awaits. Idempotent. */
  unbind(): void;
  /**
   * Unbinds, then leaves the client clean for its next user (one client per
   * user per page: docs/agora-behaviour.md §1b): unsubscribes if a subscribe was
   * started, logs out if a login was started, each bounded. Never rejects; the
   * store is not touched. Idempotent (the same promise).
   */
  close(): Promise<void>;
  /** whether `login()` (or `join()`) was called: the link's failures are then this source's */
  readonly loginStarted: boolean;
}
