import type { MemberState, StageRole } from '../model';
import type { RtmClientLike } from '../sources/rtm/rtm-source-types';
import type {
  RtcClientRole,
  RtcConnectionState,
  RtcMode,
  RtcRemoteUserLike,
  RtcUid,
} from '../agora-types';

/**
 * The part of an agora-rtc-react `IAgoraRTCClient` the provider uses: the
 * client you give `AgoraRTCProvider` (from `AgoraRTC.createClient({ mode:
 * 'live', ... })`) fits, and so does the simulator's fake. Restated from the
 * SDK's d.ts (see `agora-types.ts`), so this package's types need no SDK.
 */
export interface RtcClientLike {
  join(appid: string, channel: string, token: string | null, uid?: RtcUid | null): Promise<RtcUid>;
  leave(): Promise<void>;
  /** the SDK's EventEmitter: `connection-state-change`, `user-joined`, `token-privilege-will-expire`, ... */
  on(event: string, listener: (...args: never[]) => unknown): void;
  off(event: string, listener: (...args: never[]) => unknown): void;
  setClientRole(role: RtcClientRole): Promise<void>;
  /** with no argument: every published track */
  unpublish(): Promise<void>;
  renewToken(token: string): Promise<void>;
  readonly remoteUsers: readonly RtcRemoteUserLike[];
  readonly localTracks: readonly unknown[];
  readonly connectionState: RtcConnectionState;
  readonly mode: RtcMode;
  readonly role: RtcClientRole;
  readonly uid?: RtcUid | undefined;
  readonly channelName?: string | undefined;
}

/** The part of an agora-rtm-sdk 2.x `RTMClient` the provider uses (real or simulated). */
export interface RtmClient extends RtmClientLike {
  renewToken(token: string): Promise<unknown>;
}

export type { RtcUid };

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
