import type { MemberState, StageRole } from '../model';
import type { RtmClientLike } from '../sources/rtm/rtm-source-types';
import type { IAgoraRTCClient, UID } from 'agora-rtc-react';
import type { RTMClient } from 'agora-rtm-sdk';

/**
 * The part of an agora-rtc-react client the provider uses: the client you give
 * `AgoraRTCProvider` (from `AgoraRTC.createClient({ mode: 'live', ... })`) fits,
 * and so does the simulator's fake.
 */
export type RtcClientLike = Pick<
  IAgoraRTCClient,
  | 'join'
  | 'leave'
  | 'on'
  | 'off'
  | 'setClientRole'
  | 'unpublish'
  | 'renewToken'
  | 'remoteUsers'
  | 'localTracks'
  | 'connectionState'
  | 'mode'
  | 'role'
  | 'uid'
  | 'channelName'
>;

/** The part of an agora-rtm-sdk 2.x `RTMClient` the provider uses (real or simulated). */
export type RtmClient = RtmClientLike & Pick<RTMClient, 'renewToken'>;

/** An RTC uid: a number or a string, one type per channel (docs/agora-behaviour.md §2). */
export type RtcUid = UID;

/** What a token is requested for. `uid` is the RTC uid (null: Agora assigns one) or the RTM userId. */
export interface TokenRequest {
  readonly kind: 'rtc' | 'rtm';
  readonly channel: string;
  readonly uid: RtcUid | null;
}

/**
 * Serves the first join and every renewal (RTC `token-privilege-will-expire`,
 * RTM `tokenPrivilegeWillExpire`). Return the token string from your token server.
 */
export type TokenProvider = (request: TokenRequest) => Promise<string>;

/** Arguments a client factory receives. */
export interface ClientFactoryContext {
  readonly appId: string;
  readonly userId: string;
}

/**
 * A client, or a factory that makes one when it is first needed (in an
 * effect, never during render). A factory runs at most once per provider
 * configuration; its client is reused for later joins.
 */
export type ClientSource<C> = C | ((context: ClientFactoryContext) => C | Promise<C>);

/**
 * Lifecycle of the combined RTC + RTM join:
 * `idle` (nothing asked yet) → `joining` → `joined` ⇄ `reconnecting` → `leaving` → `left`,
 * or `failed` (with an error) from any step.
 */
export type DualChannelStatus =
  'idle' | 'joining' | 'joined' | 'reconnecting' | 'leaving' | 'left' | 'failed';

/** What `useDualChannel` is asked to join. */
export interface DualChannelOptions {
  /** the RTC channel name, also used as the RTM message channel */
  readonly channel: string;
  /** default 'audience' */
  readonly role?: StageRole;
  /** the RTC uid to request; default null (Agora assigns one) */
  readonly rtcUid?: RtcUid | null;
  /**
   * app fields of the local user's presence state (display name, avatar...), up
   * to 30 string values. The RTM state follows it: changed keys are written in
   * place, and a key you drop is removed for everyone (RTM `removeState`).
   */
  readonly state?: MemberState;
}
