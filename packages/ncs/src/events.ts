import type { LeaveReasonName, PlatformName } from './codes';

/** A user's role in the RTC channel as NCS reports it (103 / 105, 111 / 112). */
export type NcsRole = 'host' | 'audience';

/** Fields every RTC notice carries, whatever its type. */
export interface NcsNoticeBase {
  /** opaque id, stable across NCS retries: the dedupe key together with productId */
  readonly noticeId: string;
  /** always 1 (RTC): notices of other products are ignored, never parsed into an event */
  readonly productId: 1;
  /** send time in ms; CHANGES on every retry, so never part of a dedupe key */
  readonly notifyMs: number;
  /** the body's optional `sid` (session id) when it is a string; absent otherwise */
  readonly sid?: string;
  /** the RTC channel the notice is about */
  readonly channelName: string;
  /** event time, Unix seconds */
  readonly ts: number;
}

/** Fields of every per-user event (joins, leaves, role changes). */
export interface NcsUserFields {
  /** unsigned 32-bit RTC uid (may exceed int32) */
  readonly uid: number;
  /** grows with each of this user's events; up to 2^53 */
  readonly clientSeq: number;
  /** the string user account of a user who joined with one (non-empty); absent otherwise */
  readonly account?: string;
}

/** 101: the channel was created. */
export interface NcsChannelCreated extends NcsNoticeBase {
  /** discriminant of {@link NcsRtcEvent} */
  readonly kind: 'channel-created';
  /** the NCS event type */
  readonly eventType: 101;
}

/** 102: the channel was destroyed; everyone in it is offline. */
export interface NcsChannelDestroyed extends NcsNoticeBase {
  /** discriminant of {@link NcsRtcEvent} */
  readonly kind: 'channel-destroyed';
  /** the NCS event type */
  readonly eventType: 102;
  /** uid of the last user who left the channel, when NCS sent it */
  readonly lastUid?: number;
}

/** 103 host join, 105 audience join, 107 join in communication profile. */
export interface NcsJoin extends NcsNoticeBase, NcsUserFields {
  /** discriminant of {@link NcsRtcEvent} */
  readonly kind: 'join';
  /** the NCS event type */
  readonly eventType: 103 | 105 | 107;
  /** 105 is audience; 103 and 107 are hosts (everyone publishes in communication profile) */
  readonly role: NcsRole;
  /** NCS platform code: 1 Android, 2 iOS, 5 Windows, 6 Linux, 7 Web, 8 macOS, 0 other (also when absent) */
  readonly platform: number;
  /** `platform` as a name ({@link platformName}) */
  readonly platformName: PlatformName;
  /** platform 6 only: 3 on-premise recording, 10 cloud recording, 8 applets */
  readonly clientType?: number;
}

/** 104 host leave, 106 audience leave, 108 leave in communication profile. */
export interface NcsLeave extends NcsNoticeBase, NcsUserFields {
  /** discriminant of {@link NcsRtcEvent} */
  readonly kind: 'leave';
  /** the NCS event type */
  readonly eventType: 104 | 106 | 108;
  /** 106 is audience; 104 and 108 are hosts */
  readonly role: NcsRole;
  /** NCS platform code, as on {@link NcsJoin.platform}; 0 when absent */
  readonly platform: number;
  /** `platform` as a name ({@link platformName}) */
  readonly platformName: PlatformName;
  /** platform 6 only: 3 on-premise recording, 10 cloud recording, 8 applets */
  readonly clientType?: number;
  /** NCS leave reason code: 1 quit, 2 timeout, 3 kicked, ... (docs/agora-behaviour.md §3); 0 when absent */
  readonly reason: number;
  /** `reason` as a name ({@link leaveReasonName}) */
  readonly reasonName: LeaveReasonName;
  /** seconds in the channel */
  readonly duration?: number;
}

/** 111 role changed to host, 112 role changed to audience; the user stays. */
export interface NcsRoleChange extends NcsNoticeBase, NcsUserFields {
  /** discriminant of {@link NcsRtcEvent} */
  readonly kind: 'role-change';
  /** the NCS event type */
  readonly eventType: 111 | 112;
  /** the new role: 111 host, 112 audience */
  readonly role: NcsRole;
}

/** A verified, parsed RTC notice (productId 1), discriminated on `kind`. */
export type NcsRtcEvent =
  NcsChannelCreated | NcsChannelDestroyed | NcsJoin | NcsLeave | NcsRoleChange;

/** Why a well-formed notice is acknowledged without being applied. */
export type NcsIgnoreReason =
  /** another Agora product (cloud recording, media push, conversational AI, ...) */
  | 'other-product'
  /** an RTC event type this package does not know */
  | 'unknown-event-type'
  /** the Console's "Check" delivery (channel test_webhook / uid 12121212) */
  | 'test-event';

/** The result of parsing a delivery: an RTC event to apply, or a notice to acknowledge and skip. */
export type NcsNotice =
  | { readonly status: 'event'; readonly event: NcsRtcEvent }
  | {
      readonly status: 'ignored';
      readonly reason: NcsIgnoreReason;
      readonly noticeId: string;
      readonly productId: number;
      readonly eventType: number;
    };
