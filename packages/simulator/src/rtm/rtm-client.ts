import type {
  LoginResponse,
  LogoutResponse,
  RTMClient,
  RTMConfig,
  RTMEvents,
  RenewTokenResponse,
  SubscribeOptions,
  SubscribeResponse,
  UnsubscribeResponse,
} from 'agora-rtm-sdk';
import type { TimerHandle } from '../clock';
import type { CloudContext, DeviceState } from '../cloud-context';
import { Listeners } from '../listeners';
import { TokenTimers } from '../token-timers';
import { LOGIN_RETRY_MS, RESUME_WINDOW_MS, linkReason, tokenWillExpireReason } from './link-state';
import type { States } from './presence-channel';
import { RtmErrorCode, SimulatedRtmError, notConnected } from './rtm-error';
import { SimulatedRtmPresence } from './rtm-presence';
import { Subscriptions } from './subscriptions';

type EventMap = RTMEvents.RTMClientEventMap;
type LinkState = RTMEvents.LinkState;
/** The SDK's LoginOptions (not exported by name from its d.ts). */
type LoginOptions = Parameters<RTMClient['login']>[0];

/** The members of the SDK's `RTMClient` the simulator implements. */
export type RtmClientSurface = Pick<
  RTMClient,
  | 'login'
  | 'logout'
  | 'subscribe'
  | 'unsubscribe'
  | 'renewToken'
  | 'addEventListener'
  | 'removeEventListener'
>;

/**
 * An in-memory stand-in for agora-rtm-sdk 2.3.0's `RTMClient`, bound to one
 * simulated cloud. Behaviour follows /work/shared/agora-notes.md §1.
 */
export class SimulatedRtmClient implements RtmClientSurface {
  /** Presence API (`rtm.presence`). */
  readonly presence: SimulatedRtmPresence;
  /** The App ID given to the constructor. */
  readonly appId: string;
  /** The user ID given to the constructor. */
  readonly userId: string;
  /** presenceTimeout in seconds after Agora's 5..300 clamp. */
  readonly presenceTimeout: number;

  /** @internal channels, records, replicas and temporary state. */
  readonly subscriptions: Subscriptions;
  private readonly listeners: Listeners<EventMap>;
  private link: LinkState = 'IDLE';
  private online = true;
  private crashed = false;
  private droppedAt = 0;
  private loginAttempt:
    | {
        resolve(r: LoginResponse): void;
        reject(e: unknown): void;
        timer: TimerHandle | undefined;
        hung: boolean;
        expiresAt: number | undefined;
      }
    | undefined;
  private readonly token: TokenTimers;
  private suspendTimer: TimerHandle | undefined;

  /** @internal use `cloud.createRtmClient` or `new cloud.RTM(...)`. */
  constructor(
    /** @internal */ readonly ctx: CloudContext,
    /** @internal the page this client was constructed in. */ readonly device: DeviceState,
    appId: string,
    userId: string,
    config: RTMConfig = {},
  ) {
    // Checked in the SDK's order: App ID, user ID, then the page's registry
    // (agora-notes.md §1b, "Constructor checks", "One client per (appId, userId)").
    if (typeof appId !== 'string' || !APP_ID.test(appId)) {
      throw new SimulatedRtmError(
        'RtmUnavailableError',
        'initRTM',
        RtmErrorCode.INVALID_APP_ID,
        'Invalid App id. illegal symbol or too long.',
      );
    }
    if (!validUserId(userId)) {
      throw new SimulatedRtmError(
        'RtmInvalidArgumentError',
        'initRTM',
        RtmErrorCode.INVALID_USER_ID,
        'Invalid user id. illegal symbol or too long.',
      );
    }
    const instanceKey = `${appId}-${userId}`;
    if (device.rtmInstances.has(instanceKey)) {
      throw new SimulatedRtmError(
        'RtmUnavailableError',
        'initRTM',
        RtmErrorCode.DUPLICATE_USER_ID,
        'The user ID is already in use by another active RTM instance with the same app ID.',
      );
    }
    this.appId = appId;
    this.userId = userId;
    this.presenceTimeout = Math.min(300, Math.max(5, config.presenceTimeout ?? 300));
    this.listeners = new Listeners<EventMap>(ctx.onListenerError);
    this.subscriptions = new Subscriptions(ctx, userId, this.presenceTimeout * 1000, (e) =>
      this.emitPresence(e),
    );
    this.presence = new SimulatedRtmPresence(this);
    this.token = new TokenTimers(ctx.clock, {
      willExpire: () => {
        // Both fire together about 30 s before expiry (agora-notes.md §1).
        this.listeners.emit('tokenPrivilegeWillExpire', '');
        this.listeners.emit('token', {
          eventType: 'WILL_EXPIRE',
          reason: tokenWillExpireReason,
          affectedResources: { messageChannels: this.subscriptions.names() },
          timestamp: ctx.clock.now(),
        });
      },
      expired: () => {
        if (this.link !== 'CONNECTED') return;
        this.subscriptions.stopHeartbeat();
        this.releaseSession();
        this.setLink('FAILED', 'SERVER_REJECT', 'TOKEN_EXPIRED');
      },
    });
    // Registered only once construction succeeded, and never forgotten (not even on logout).
    device.rtmInstances.add(instanceKey);
  }

  /** Current link state (not an SDK member; for tests and devtools). */
  get linkState(): LinkState {
    return this.link;
  }

  /** Names of subscribed channels (not an SDK member). */
  get subscribedChannels(): string[] {
    return this.subscriptions.names();
  }

  /** Adds an event listener (SDK signature). */
  addEventListener<E extends keyof EventMap>(eventName: E, listener: EventMap[E]): void {
    this.listeners.add(eventName, listener);
  }

  /** Removes an event listener (SDK signature). */
  removeEventListener<E extends keyof EventMap>(eventName: E, listener: EventMap[E]): void {
    this.listeners.remove(eventName, listener);
  }

  /**
   * Logs in. Offline or under an `rtm-login-hang` fault it never settles and
   * the link loops CONNECTING -> DISCONNECTED(LOGIN_TIMEOUT); a bad token
   * fails fast with -10005 (agora-notes.md §1).
   */
  async login(options?: LoginOptions): Promise<LoginResponse> {
    this.assertNotCrashed('login');
    if (this.link === 'CONNECTED') return this.ok();
    if (this.loginAttempt) {
      throw new SimulatedRtmError(
        'RtmInvalidStatusError',
        'login',
        RtmErrorCode.DUPLICATE_OPERATION,
        'Login is in progress.',
      );
    }
    this.setLink('CONNECTING', 'LOGIN', 'LOGIN');
    const check = this.ctx.tokens.check(options?.token);
    if (!check.ok) {
      const expired = check.reason === 'expired';
      this.setLink('FAILED', 'LOGIN', expired ? 'TOKEN_EXPIRED' : 'INVALID_TOKEN');
      throw new SimulatedRtmError(
        'RtmUnauthenticatedError',
        'login',
        expired ? RtmErrorCode.TOKEN_EXPIRED : RtmErrorCode.INVALID_TOKEN,
        expired ? 'Token expired.' : 'Invalid token.',
      );
    }
    const hung = this.ctx.faults.take('rtm-login-hang', { userId: this.userId }) !== undefined;
    if (this.online && !hung) return this.connect(check.expiresAt);
    return new Promise<LoginResponse>((resolve, reject) => {
      const attempt = {
        resolve,
        reject,
        hung,
        timer: undefined as TimerHandle | undefined,
        expiresAt: check.expiresAt,
      };
      this.loginAttempt = attempt;
      const retry = () => {
        attempt.timer = this.ctx.clock.setTimeout(() => {
          this.setLink('DISCONNECTED', 'LOGIN', 'LOGIN_TIMEOUT');
          this.setLink('CONNECTING', 'LOGIN', 'RELOGIN');
          retry();
        }, LOGIN_RETRY_MS);
      };
      retry();
    });
  }

  /** Logs out: leaves every channel gracefully; link state goes IDLE. */
  async logout(): Promise<LogoutResponse> {
    this.assertNotCrashed('logout');
    if (this.loginAttempt) {
      const attempt = this.loginAttempt;
      this.loginAttempt = undefined;
      if (attempt.timer) this.ctx.clock.clearTimeout(attempt.timer);
      attempt.reject(
        new SimulatedRtmError(
          'RtmInvalidStatusError',
          'login',
          RtmErrorCode.LOGIN_CANCELED,
          'Login canceled by logout.',
        ),
      );
    }
    this.subscriptions.removeAll(this.link === 'CONNECTED');
    this.token.stop();
    this.stopSuspendTimer();
    this.releaseSession();
    if (this.link !== 'IDLE') this.setLink('IDLE', 'LOGOUT', 'LOGOUT');
    return this.ok();
  }

  /**
   * Subscribes to a message channel. With presence (default) it writes this
   * user's record (unless `beQuiet`) and emits a SNAPSHOT that includes self.
   */
  async subscribe(channelName: string, options?: SubscribeOptions): Promise<SubscribeResponse> {
    this.assertConnected('subscribe');
    if (typeof channelName !== 'string' || channelName === '') {
      throw new SimulatedRtmError(
        'RtmInvalidArgumentError',
        'subscribe',
        RtmErrorCode.INVALID_PARAMETER,
        'Invalid channel name.',
      );
    }
    if (this.subscriptions.has(channelName)) {
      throw new SimulatedRtmError(
        'RtmInvalidStatusError',
        'subscribe',
        RtmErrorCode.DUPLICATE_OPERATION,
        `Already subscribed to ${channelName}.`,
      );
    }
    if (this.ctx.faults.take('rtm-subscribe-fail', { userId: this.userId, channel: channelName })) {
      throw new SimulatedRtmError(
        'RtmUnavailableError',
        'subscribe',
        RtmErrorCode.CHANNEL_SUBSCRIBE_FAILED,
        'Subscribe failed (injected fault).',
        1,
      );
    }
    if (this.subscriptions.size >= 100) {
      throw new SimulatedRtmError(
        'RtmLimitExceededError',
        'subscribe',
        RtmErrorCode.CHANNEL_INSTANCE_EXCEED_LIMITATION,
        'At most 100 subscribed channels.',
      );
    }
    this.subscriptions.add(channelName, options);
    return { ...this.ok(), channelName };
  }

  /** Unsubscribes: others see REMOTE_LEAVE; this channel's temporary state is dropped. */
  async unsubscribe(channelName: string): Promise<UnsubscribeResponse> {
    this.assertConnected('unsubscribe');
    if (!this.subscriptions.has(channelName)) {
      throw new SimulatedRtmError(
        'RtmInvalidStatusError',
        'unsubscribe',
        RtmErrorCode.CHANNEL_NOT_SUBSCRIBED,
        `Not subscribed to ${channelName}.`,
      );
    }
    this.subscriptions.remove(channelName, true);
    return { ...this.ok(), channelName };
  }

  /** Replaces the login token; an invalid one rejects with -10005. */
  async renewToken(token: string): Promise<RenewTokenResponse> {
    this.assertConnected('renewToken');
    const check = this.ctx.tokens.check(token);
    if (!check.ok) {
      throw new SimulatedRtmError(
        'RtmUnauthenticatedError',
        'renewToken',
        RtmErrorCode.INVALID_TOKEN,
        'Invalid token.',
      );
    }
    this.token.schedule(check.expiresAt);
    return this.ok();
  }

  // ---- internals used by the presence API and the cloud's controls ----

  /** @internal throws -10025 unless logged in and connected. */
  assertConnected(operation: string): void {
    this.assertNotCrashed(operation);
    if (this.link !== 'CONNECTED') throw notConnected(operation);
  }

  /** @internal emits a presence event to this client's listeners. */
  emitPresence(event: RTMEvents.PresenceEvent): void {
    if (!this.crashed) this.listeners.emit('presence', event);
  }

  /** @internal sets this user's state in `channelName` (cached, or published when subscribed). */
  setState(channelName: string, states: States): void {
    this.subscriptions.setState(channelName, states, this.link === 'CONNECTED');
  }

  /** @internal the network under this client went away. */
  dropNetwork(): void {
    if (this.crashed || !this.online) return;
    this.online = false;
    if (this.link !== 'CONNECTED') return;
    this.droppedAt = this.ctx.clock.now();
    this.subscriptions.stopHeartbeat();
    this.setLink('DISCONNECTED', 'HEARTBEAT_TIMEOUT', 'KEEP_ALIVE_TIMEOUT');
    this.suspendTimer = this.ctx.clock.setTimeout(() => {
      this.suspendTimer = undefined;
      this.setLink('SUSPENDED', 'AUTO_RECONNECT', 'RECONNECT_TIMEOUT');
    }, RESUME_WINDOW_MS);
  }

  /**
   * @internal the network is back. The SDK re-enters every channel and
   * rewrites its record itself, without a new SNAPSHOT (agora-notes.md §1).
   */
  restoreNetwork(isResumed?: boolean): void {
    if (this.crashed || this.online) return;
    this.online = true;
    const attempt = this.loginAttempt;
    if (attempt) {
      if (!attempt.hung) this.finishLogin(attempt);
      return;
    }
    if (this.link !== 'DISCONNECTED' && this.link !== 'SUSPENDED') return;
    this.stopSuspendTimer();
    const resumed = isResumed ?? this.ctx.clock.now() - this.droppedAt < RESUME_WINDOW_MS;
    // isResumed false: presence state was not restored; the app must set it again.
    if (!resumed) this.subscriptions.clearStates();
    this.setLink('CONNECTED', 'RECONNECTED', 'RECONNECT_SUCCESS', resumed);
    this.subscriptions.enterAll(false);
  }

  /** @internal the process died: silence, and records expire after presenceTimeout. */
  crash(): void {
    if (this.crashed) return;
    this.subscriptions.stopHeartbeat();
    this.crashed = true;
    if (this.loginAttempt?.timer) this.ctx.clock.clearTimeout(this.loginAttempt.timer);
    this.loginAttempt = undefined;
    this.token.stop();
    this.stopSuspendTimer();
    this.releaseSession();
    this.listeners.clear();
  }

  /** @internal another login with this userId kicked this one (SAME_UID_LOGIN). */
  kick(): void {
    this.subscriptions.stopHeartbeat();
    this.token.stop();
    this.stopSuspendTimer();
    this.releaseSession();
    this.setLink('FAILED', 'SERVER_REJECT', 'SAME_UID_LOGIN');
  }

  /** @internal the channel's presence service went down (ERROR_OUT_OF_SERVICE, agora-notes.md §1). */
  presenceServiceDown(channelName: string): void {
    if (!this.crashed && this.link === 'CONNECTED') this.subscriptions.serviceDown(channelName);
  }

  /**
   * @internal the service is back. Phase 'write' rewrites records (done for
   * every client first, so nobody sees the others rejoin); phase 'rebuild'
   * emits a SNAPSHOT, as when the SDK rebuilds a channel after an engine error.
   */
  presenceServiceUp(channelName: string, phase: 'write' | 'rebuild'): void {
    if (!this.crashed && this.link === 'CONNECTED')
      this.subscriptions.serviceUp(channelName, phase);
  }

  /** @internal emits a degraded-mode partial SNAPSHOT for `channelName`. */
  degradedSnapshot(channelName: string, limit: number): void {
    const replica = this.subscriptions.replica(channelName);
    if (!replica || this.crashed || this.link !== 'CONNECTED') {
      throw new Error(
        `degradedSnapshot: ${this.userId} is not receiving presence of ${channelName}`,
      );
    }
    replica.degrade(limit);
    this.emitPresence(replica.snapshotEvent());
  }

  /** @internal true while the network is up. */
  get isOnline(): boolean {
    return this.online;
  }

  private finishLogin(attempt: NonNullable<SimulatedRtmClient['loginAttempt']>): void {
    if (attempt.timer) this.ctx.clock.clearTimeout(attempt.timer);
    this.loginAttempt = undefined;
    attempt.resolve(this.connect(attempt.expiresAt));
  }

  private connect(expiresAt: number | undefined): LoginResponse {
    const key = `${this.appId}\u0000${this.userId}`;
    const other = this.ctx.rtmSessions.get(key);
    // One session per userId: the older one is kicked (agora-notes.md §1).
    if (other && other !== this) other.kick();
    this.ctx.rtmSessions.set(key, this);
    this.stopSuspendTimer();
    this.setLink('CONNECTED', 'LOGIN', 'LOGIN_SUCCESS');
    this.token.schedule(expiresAt);
    // login() after FAILED re-enters channels and emits SNAPSHOT (agora-notes.md §1).
    this.subscriptions.enterAll(true);
    return this.ok();
  }

  private stopSuspendTimer(): void {
    if (this.suspendTimer) this.ctx.clock.clearTimeout(this.suspendTimer);
    this.suspendTimer = undefined;
  }

  private releaseSession(): void {
    const key = `${this.appId}\u0000${this.userId}`;
    if (this.ctx.rtmSessions.get(key) === this) this.ctx.rtmSessions.delete(key);
  }

  private setLink(
    next: LinkState,
    operation: RTMEvents.LinkOperation,
    reasonCode: RTMEvents.LinkStateChangeReasonCode,
    isResumed = false,
  ): void {
    const previousState = this.link;
    this.link = next;
    this.listeners.emit('linkState', {
      currentState: next,
      previousState,
      serviceType: 'MESSAGE',
      operation,
      reason: linkReason[reasonCode] ?? reasonCode,
      reasonCode,
      affectedChannels: this.subscriptions.names(),
      unrestoredChannels: [], // always [] (agora-notes.md §1, "Reconnect")
      isResumed,
      timestamp: this.ctx.clock.now(),
    });
  }

  private assertNotCrashed(operation: string): void {
    if (this.crashed) throw notConnected(operation);
  }

  private ok(): { timestamp: number } {
    return { timestamp: this.ctx.clock.now() };
  }
}

// agora-rtm-sdk 2.3.0's App ID check (`/^[\dA-Za-z]{32}$/`, agora-notes.md §1b).
const APP_ID = /^[0-9A-Za-z]{32}$/;
// The SDK's user ID check: 1..64 characters from this set (no '.', no '`'), not starting with '_'.
const USER_ID = /^[a-zA-Z0-9 !#$%&()+,\-:;<=>?@[\]^_{|}~]{1,64}$/;
function validUserId(userId: unknown): boolean {
  return typeof userId === 'string' && !userId.startsWith('_') && USER_ID.test(userId);
}
