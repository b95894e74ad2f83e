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
  /**
   * Joins `channel` of App ID `appid` with `token` (null: an App ID without
   * certificate) as `uid` (null or omitted: Agora assigns one); resolves with
   * the uid joined as.
   */
  join(appid: string, channel: string, token: string | null, uid?: RtcUid | null): Promise<RtcUid>;
  /** Leaves the channel; also cancels a join still in flight. */
  leave(): Promise<void>;
  /** the SDK's EventEmitter: `connection-state-change`, `user-joined`, `token-privilege-will-expire`, ... */
  on(event: string, listener: (...args: never[]) => unknown): void;
  /** Removes a listener added with `on`. */
  off(event: string, listener: (...args: never[]) => unknown): void;
  /** Live mode: becomes host or audience (unpublish before becoming audience: docs/agora-behaviour.md §2). */
  setClientRole(role: RtcClientRole): Promise<void>;
  /** with no argument: every published track */
  unpublish(): Promise<void>;
  /** Replaces the RTC token before it expires (the answer to `token-privilege-will-expire`). */
  renewToken(token: string): Promise<void>;
  /** the remote users in the channel; in live mode hosts only (docs/agora-behaviour.md §2) */
  readonly remoteUsers: readonly RtcRemoteUserLike[];
  /** the local tracks this client published (unpublished before it becomes audience) */
  readonly localTracks: readonly unknown[];
  /** the connection state; `CONNECTED` with this `channelName` means the app already joined (adopted, not joined twice) */
  readonly connectionState: RtcConnectionState;
  /** the SDK mode the client was created with; roles exist in 'live' only */
  readonly mode: RtcMode;
  /** the client's current role (live mode) */
  readonly role: RtcClientRole;
  /** the uid joined as; undefined while not joined */
  readonly uid?: RtcUid | undefined;
  /** the channel joined or being joined; undefined while in none */
  readonly channelName?: string | undefined;
}

/** The part of an agora-rtm-sdk 2.x `RTMClient` the provider uses (real or simulated). */
export interface RtmClient extends RtmClientLike {
  /** Replaces the RTM token before it expires (the answer to `tokenPrivilegeWillExpire`). */
  renewToken(token: string): Promise<unknown>;
}

export type { RtcUid };

/** What a token is requested for. `uid` is the RTC uid (null: Agora assigns one) or the RTM userId. */
export interface TokenRequest {
  /** which SDK the token is for: the RTC join or the RTM login */
  readonly kind: 'rtc' | 'rtm';
  /** the channel being joined (also for an RTM token) */
  readonly channel: string;
  /**
   * 'rtc': the uid requested at join (null: Agora assigns one), the uid joined
   * as on renewal; 'rtm': the local RTM userId
   */
  readonly uid: RtcUid | null;
}

/**
 * Serves the first join and every renewal (RTC `token-privilege-will-expire`,
 * RTM `tokenPrivilegeWillExpire`). Return the token string from your token server.
 */
export type TokenProvider = (request: TokenRequest) => Promise<string>;

/** Arguments a client factory receives. */
export interface ClientFactoryContext {
  /** the Agora App ID of the provider's config */
  readonly appId: string;
  /** the local user's RTM userId the client is for */
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
