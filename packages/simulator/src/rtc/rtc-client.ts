import type {
  RtcClientConfig as ClientConfig,
  RtcClientRole as ClientRole,
  RtcClientRoleOptions as ClientRoleOptions,
  RtcConnectionState as ConnectionState,
  RtcDisconnectedReason,
  RtcLocalTrack as ILocalTrack,
  RtcMode as SDK_MODE,
  RtcRemoteUser as IAgoraRTCRemoteUser,
  RtcUid as UID,
} from '../agora-types';
import type { TimerHandle } from '../clock';
import type { CloudContext, DeviceState } from '../cloud-context';
import type { RtcChannel, RtcUser, UserLeftReason } from './rtc-channel';
import { TokenTimers } from '../token-timers';
import { type RtcErrorCodeString, SimulatedRtcError } from './rtc-error';

/** A listener of {@link SimulatedRtcClient}'s events (`on` / `once` / `off`). */
export type RtcEventListener = (...args: never[]) => unknown;

/** How long a silent host lingers before others get `user-left` ServerTimeOut (docs/agora-behaviour.md §2). */
export const RTC_SERVER_TIMEOUT_MS = 20_000;

// It has RtcPeer's members (key, onHostJoined, onHostLeft) but does not name
// RtcPeer: those members are internal (stripInternal drops them from the
// d.ts), and an `implements RtcPeer` left there fails a consumer's tsc.
/**
 * An in-memory stand-in for an agora-rtc-react client in live (or rtc) mode,
 * bound to one simulated cloud (docs/agora-behaviour.md §2).
 */
export class SimulatedRtcClient {
  /** `live` (default) or `rtc`; in `rtc` mode everyone is a host. */
  readonly mode: SDK_MODE;
  private _role: ClientRole;
  private _state: ConnectionState = 'DISCONNECTED';
  private _uid: UID | undefined;
  private _channel: RtcChannel | undefined;
  private _remote: IAgoraRTCRemoteUser[] = [];
  private _tracks: ILocalTrack[] = [];
  private readonly listeners = new Map<string, RtcEventListener[]>();
  private pendingJoin: { reject(e: unknown): void; complete: (() => void) | undefined } | undefined;
  private readonly token: TokenTimers;
  private online = true;
  private crashed = false;
  private lostTimer: TimerHandle | undefined;

  /** @internal use `cloud.createRtcClient(config)`. */
  constructor(
    private readonly ctx: CloudContext,
    /** @internal the page this client was created in. */ readonly device: DeviceState,
    config: Partial<ClientConfig> = {},
  ) {
    this.mode = config.mode ?? 'live';
    // Default role in live mode is audience (docs/agora-behaviour.md §2).
    this._role = this.mode === 'live' ? (config.role ?? 'audience') : 'host';
    this.token = new TokenTimers(ctx.clock, {
      willExpire: () => this.emit('token-privilege-will-expire'),
      expired: () => {
        this.emit('token-privilege-did-expire');
        if (!this._channel) return;
        this.detach('token');
        this.setState('DISCONNECTED', 'TOKEN_EXPIRE');
      },
    });
  }

  /** The SDK's connection state. */
  get connectionState(): ConnectionState {
    return this._state;
  }
  /** Remote HOSTS in the channel (audience members are invisible in live mode). */
  get remoteUsers(): IAgoraRTCRemoteUser[] {
    return this._remote;
  }
  /** Published placeholder tracks. */
  get localTracks(): ILocalTrack[] {
    return this._tracks;
  }
  /** This client's uid once joined. */
  get uid(): UID | undefined {
    return this._uid;
  }
  /** The joined channel's name. */
  get channelName(): string | undefined {
    return this._channel?.name;
  }
  /** Current role. */
  get role(): ClientRole {
    return this._role;
  }
  /** @internal key of this peer in its channel. */
  get key(): string {
    return String(this._uid);
  }

  /** Adds a listener (SDK EventEmitter signature). */
  on(event: string, listener: RtcEventListener): void {
    const list = this.listeners.get(event) ?? [];
    if (!list.includes(listener)) list.push(listener);
    this.listeners.set(event, list);
  }
  /** Adds a listener removed after its first call. */
  once(event: string, listener: RtcEventListener): void {
    const wrapper = (...args: never[]) => {
      this.off(event, wrapper);
      listener(...args);
    };
    this.on(event, wrapper);
  }
  /** Removes a listener. */
  off(event: string, listener: RtcEventListener): void {
    const list = this.listeners.get(event);
    if (list)
      this.listeners.set(
        event,
        list.filter((l) => l !== listener),
      );
  }
  /** Removes every listener of `event` (all events when omitted). */
  removeAllListeners(event?: string): void {
    if (event === undefined) this.listeners.clear();
    else this.listeners.delete(event);
  }
  /** Listeners of `event`. */
  getListeners(event: string): RtcEventListener[] {
    return [...(this.listeners.get(event) ?? [])];
  }

  /**
   * Joins `channel`. Fails with an AgoraRTCError-shaped error on a bad token or
   * an `rtc-join-fail` fault; never settles under `rtc-join-hang` (until leave).
   */
  async join(appid: string, channel: string, token: string | null, uid?: UID | null): Promise<UID> {
    if (this.crashed) throw new SimulatedRtcError('INVALID_OPERATION', 'client crashed');
    if (this._state !== 'DISCONNECTED') {
      throw new SimulatedRtcError(
        'INVALID_OPERATION',
        `Client already in connecting/connected state: ${this._state}`,
      );
    }
    if (!appid || !channel)
      throw new SimulatedRtcError('INVALID_PARAMS', 'appid and channel are required');
    this.setState('CONNECTING');
    const check = this.ctx.tokens.check(token);
    if (!check.ok) {
      throw this.failJoin(
        'CAN_NOT_GET_GATEWAY_SERVER',
        `flag: 4096, message: AgoraRTCError CAN_NOT_GET_GATEWAY_SERVER: ${check.reason} token`,
      );
    }
    const failFault = this.ctx.faults.take('rtc-join-fail', { channel });
    if (failFault) {
      throw this.failJoin(
        (failFault.code ?? 'CAN_NOT_GET_GATEWAY_SERVER') as RtcErrorCodeString,
        'join failed (injected fault)',
      );
    }
    const hung = this.ctx.faults.take('rtc-join-hang', { channel }) !== undefined;
    if (hung || !this.online) {
      // Offline joins complete when the network comes back; hung ones never.
      return new Promise<UID>((resolve, reject) => {
        this.pendingJoin = {
          reject,
          complete: hung ? undefined : () => resolve(this.enter(channel, uid, check.expiresAt)),
        };
      });
    }
    return this.enter(channel, uid, check.expiresAt);
  }

  private enter(channel: string, uid: UID | null | undefined, expiresAt: number | undefined): UID {
    const ch = this.ctx.rtcChannel(channel);
    const myUid: UID = uid === null || uid === undefined || uid === 0 ? this.ctx.allocUid() : uid;
    const key = String(myUid);
    if (ch.users.has(key)) {
      // docs/agora-behaviour.md §1b, RTC: the same uid twice in ONE page throws UID_CONFLICT;
      // from another device the server closes the OLDER client with UID_BANNED.
      const holder = [...ch.peers].find((p) => p.key === key);
      if (holder instanceof SimulatedRtcClient && holder.device === this.device) {
        throw this.failJoin('UID_CONFLICT', `uid ${key} is already in the channel`);
      }
      if (holder instanceof SimulatedRtcClient) holder.bannedByNewerSession();
      else ch.leave(myUid, 'quit'); // a crowd member or a crashed client's lingering user
    }
    ch.join(myUid, this._role);
    this._uid = myUid;
    this._channel = ch;
    ch.peers.add(this);
    this.setState('CONNECTED');
    this.token.schedule(expiresAt);
    // Hosts already present arrive as user-joined, as the SDK reports them.
    for (const host of ch.hostsExcept(this.key)) this.onHostJoined(host);
    return myUid;
  }

  private failJoin(code: RtcErrorCodeString, message: string): SimulatedRtcError {
    this.setState('DISCONNECTED');
    return new SimulatedRtcError(code, message);
  }

  /** Leaves the channel (DISCONNECTING -> DISCONNECTED, reason LEAVE). */
  async leave(): Promise<void> {
    if (this.pendingJoin) {
      this.pendingJoin.reject(new SimulatedRtcError('OPERATION_ABORTED', 'cancel token canceled'));
      this.pendingJoin = undefined;
      this.setState('DISCONNECTED', 'LEAVE');
      return;
    }
    if (!this._channel) return;
    this.setState('DISCONNECTING');
    this.detach('quit');
    this.setState('DISCONNECTED', 'LEAVE');
  }

  /** Publishes placeholder tracks (hosts only in live mode). */
  async publish(tracks: ILocalTrack | ILocalTrack[]): Promise<void> {
    if (this._state !== 'CONNECTED')
      throw new SimulatedRtcError('INVALID_OPERATION', `Can't publish stream, haven't joined yet!`);
    if (this.mode === 'live' && this._role !== 'host') {
      throw new SimulatedRtcError('INVALID_OPERATION', 'audience can not publish stream');
    }
    for (const t of Array.isArray(tracks) ? tracks : [tracks])
      if (!this._tracks.includes(t)) this._tracks.push(t);
  }

  /** Unpublishes the given tracks (all when omitted). */
  async unpublish(tracks?: ILocalTrack | ILocalTrack[] | unknown): Promise<void> {
    if (tracks === undefined) {
      this._tracks = [];
      return;
    }
    const drop = new Set<unknown>(Array.isArray(tracks) ? tracks : [tracks]);
    this._tracks = this._tracks.filter((t) => !drop.has(t));
  }

  /**
   * Changes the role. Joined: others see `user-joined` (to host) or
   * `user-left` BecomeAudience (to audience). Unpublish before becoming
   * audience (docs/agora-behaviour.md §2); the simulator rejects otherwise.
   */
  async setClientRole(role: ClientRole, _options?: ClientRoleOptions): Promise<void> {
    if (role !== 'host' && role !== 'audience')
      throw new SimulatedRtcError('INVALID_PARAMS', `invalid role ${String(role)}`);
    if (this.mode !== 'live')
      throw new SimulatedRtcError('INVALID_OPERATION', 'setClientRole is for live mode');
    if (role === 'audience' && this._tracks.length > 0) {
      throw new SimulatedRtcError('INVALID_OPERATION', 'unpublish before becoming audience');
    }
    this._role = role;
    if (this._channel && this._uid !== undefined) this._channel.setRole(this._uid, role);
  }

  /** Replaces the token. */
  async renewToken(token: string): Promise<void> {
    const check = this.ctx.tokens.check(token);
    if (!check.ok) throw new SimulatedRtcError('INVALID_PARAMS', `${check.reason} token`);
    if (this._channel) this.token.schedule(check.expiresAt);
  }

  /** @internal a remote host appeared. */
  onHostJoined(user: RtcUser): void {
    if (this._remote.some((u) => u.uid === user.uid)) return;
    this._remote = [...this._remote, user.remote];
    this.emit('user-joined', user.remote);
  }

  /** @internal a remote host went away or stepped down. */
  onHostLeft(user: RtcUser, reason: UserLeftReason): void {
    if (!this._remote.includes(user.remote)) return;
    this._remote = this._remote.filter((u) => u !== user.remote);
    this.emit('user-left', user.remote, reason);
  }

  /** @internal network lost: RECONNECTING; a host that stays away is timed out for others. */
  dropNetwork(): void {
    if (this.crashed || !this.online) return;
    this.online = false;
    if (this._state !== 'CONNECTED') return;
    this.setState('RECONNECTING', 'NETWORK_ERROR');
    this.lostTimer = this.ctx.clock.setTimeout(() => {
      this.lostTimer = undefined;
      this.detach('timeout');
      this.setState('DISCONNECTED', 'NETWORK_ERROR');
    }, RTC_SERVER_TIMEOUT_MS);
  }

  /** @internal network back: reconnects if still in the channel. */
  restoreNetwork(): void {
    if (this.crashed || this.online) return;
    this.online = true;
    const pending = this.pendingJoin;
    if (pending?.complete) {
      this.pendingJoin = undefined;
      try {
        pending.complete();
      } catch (error) {
        pending.reject(error);
      }
      return;
    }
    if (this.lostTimer) {
      this.ctx.clock.clearTimeout(this.lostTimer);
      this.lostTimer = undefined;
      this.setState('CONNECTED');
    }
  }

  /**
   * @internal the same uid joined from another device: the server closes this
   * (older) client, DISCONNECTED with reason UID_BANNED (docs/agora-behaviour.md §1b).
   */
  bannedByNewerSession(): void {
    if (!this._channel) return;
    this.detach('quit');
    this.setState('DISCONNECTED', 'UID_BANNED');
  }

  /** @internal the tab died: others see ServerTimeOut after ~20 s. */
  crash(): void {
    if (this.crashed) return;
    this.crashed = true;
    this.token.stop();
    const ch = this._channel;
    const uid = this._uid;
    if (ch && uid !== undefined) {
      ch.peers.delete(this);
      const user = ch.users.get(String(uid));
      // Only this session's user: the uid may have joined again meanwhile.
      this.ctx.clock.setTimeout(() => {
        if (ch.users.get(String(uid)) === user) ch.leave(uid, 'timeout');
      }, RTC_SERVER_TIMEOUT_MS);
    }
    this._channel = undefined;
    this.listeners.clear();
  }

  private detach(reason: 'quit' | 'timeout' | 'token'): void {
    const ch = this._channel;
    this.token.stop();
    if (this.lostTimer) this.ctx.clock.clearTimeout(this.lostTimer);
    this.lostTimer = undefined;
    if (ch) {
      ch.peers.delete(this);
      if (this._uid !== undefined) ch.leave(this._uid, reason);
    }
    this._channel = undefined;
    this._uid = undefined;
    this._remote = [];
    this._tracks = [];
  }

  private setState(next: ConnectionState, reason?: RtcDisconnectedReason): void {
    const prev = this._state;
    if (prev === next) return;
    this._state = next;
    if (reason === undefined) this.emit('connection-state-change', next, prev);
    else this.emit('connection-state-change', next, prev, reason);
  }

  private emit(event: string, ...args: unknown[]): void {
    if (this.crashed) return;
    for (const fn of [...(this.listeners.get(event) ?? [])]) {
      try {
        (fn as (...a: unknown[]) => void)(...args);
      } catch (error) {
        this.ctx.onListenerError(error, event);
      }
    }
  }
}
