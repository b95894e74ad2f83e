import type {
  RtmBaseResponse as LoginResponse,
  RtmBaseResponse as LogoutResponse,
  RtmBaseResponse as RenewTokenResponse,
  RtmClientEventMap,
  RtmConfig as RTMConfig,
  RtmLinkOperation,
  RtmLoginOptions as LoginOptions,
  RtmLinkState,
  RtmLinkStateChangeReasonCode,
  RtmOperationResponse as SubscribeResponse,
  RtmOperationResponse as UnsubscribeResponse,
  RtmPresenceEvent,
  RtmSubscribeOptions as SubscribeOptions,
} from '../agora-types';
import type { CloudContext, DeviceState } from '../cloud-context';
import { Listeners } from '../listeners';
import { TokenTimers } from '../token-timers';
import { LinkRetry } from './link-retry';
import { checkAppId, checkChannelName, checkUserId } from './sdk-checks';
import { SubscribeQueue } from './subscribe-queue';
import { linkReason, tokenWillExpireReason } from './link-state';
import type { States } from './presence-channel';
import { RtmErrorCode, SimulatedRtmError, notConnected } from './rtm-error';
import { SimulatedRtmPresence } from './rtm-presence';
import { RateLimiter, type RtmRateLimitedOperation } from './rate-limit';
import {
  MESSAGE_CHANNEL_COUNT,
  type RecordedSubscribeOptions,
  Subscriptions,
  sameOptions,
  subscribeOptions,
} from './subscriptions';

/**
 * An in-memory stand-in for agora-rtm-sdk 2.3.0's `RTMClient`, bound to one
 * simulated cloud. Behaviour follows docs/agora-behaviour.md §1 / §1b (restated in the simulator README).
 */
export class SimulatedRtmClient {
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
  private readonly listeners: Listeners<RtmClientEventMap>;
  private link: RtmLinkState = 'IDLE';
  private online = true;
  private crashed = false;
  /**
   * While the link is down and the SDK retries: an offline first login
   * (`login` set) or a reconnect after the link was lost. `waiters` are
   * login() calls that settle when the link is back.
   */
  private down:
    | {
        retry: LinkRetry;
        login: { hung: boolean; expiresAt: number | undefined } | undefined;
        waiters: { resolve(r: LoginResponse): void; reject(e: unknown): void }[];
      }
    | undefined;
  private readonly token: TokenTimers;
  private readonly rate: RateLimiter;
  /** True once the link has been CONNECTED (the SDK's `_hadConnected`). */
  private hadConnected = false;
  /** Subscribes cached while the link was down, replayed when it is back. */
  private readonly queued: SubscribeQueue;

  /** @internal use `cloud.createRtmClient` or `new cloud.RTM(...)`. */
  constructor(
    /** @internal */ readonly ctx: CloudContext,
    /** @internal the page this client was constructed in. */ readonly device: DeviceState,
    appId: string,
    userId: string,
    config: RTMConfig = {},
  ) {
    // Checked in the SDK's order: App ID, user ID, then the page's registry
    // (docs/agora-behaviour.md §1b, "Constructor checks", "One client per (appId, userId)").
    checkAppId(appId);
    checkUserId(userId);
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
    this.listeners = new Listeners<RtmClientEventMap>(ctx.onListenerError);
    this.subscriptions = new Subscriptions(ctx, userId, this.presenceTimeout * 1000, (e) =>
      this.emitPresence(e),
    );
    this.presence = new SimulatedRtmPresence(this);
    this.rate = new RateLimiter(ctx.clock, ctx.rateLimit.limits);
    this.queued = new SubscribeQueue(ctx.queuedSubscribe);
    this.token = new TokenTimers(ctx.clock, {
      willExpire: () => {
        // Both fire together about 30 s before expiry (docs/agora-behaviour.md §1).
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
        this.setLink('FAILED', 'SERVER_REJECT', 'TOKEN_EXPIRED', false, true);
      },
    });
    // Registered only once construction succeeded, and never forgotten (not even on logout).
    device.rtmInstances.add(instanceKey);
  }

  /** Current link state (not an SDK member; for tests and devtools). */
  get linkState(): RtmLinkState {
    return this.link;
  }

  /** Names of subscribed channels (not an SDK member). */
  get subscribedChannels(): string[] {
    return this.subscriptions.names();
  }

  /** Adds an event listener (SDK signature). */
  addEventListener<E extends keyof RtmClientEventMap>(
    eventName: E,
    listener: RtmClientEventMap[E],
  ): void {
    this.listeners.add(eventName, listener);
  }

  /** Removes an event listener (SDK signature). */
  removeEventListener<E extends keyof RtmClientEventMap>(
    eventName: E,
    listener: RtmClientEventMap[E],
  ): void {
    this.listeners.remove(eventName, listener);
  }

  /**
   * Logs in. Offline or under an `rtm-login-hang` fault it never settles and
   * the link loops CONNECTING -> DISCONNECTED(LOGIN_TIMEOUT); a bad token
   * fails fast with -10005 (docs/agora-behaviour.md §1).
   */
  login(options?: LoginOptions): Promise<LoginResponse> {
    if (this.crashed) return Promise.reject(notConnected('login'));
    if (this.link === 'CONNECTED') return Promise.resolve(this.ok());
    if (this.link === 'CONNECTING') {
      // agora-rtm-sdk 2.3.0: login while CONNECTING rejects -10017 RtmUnavailableError (§1b).
      return Promise.reject(
        new SimulatedRtmError(
          'RtmUnavailableError',
          'login',
          RtmErrorCode.DUPLICATE_OPERATION,
          'Same subscribe, join or login request.',
        ),
      );
    }
    const down = this.down;
    if (down) {
      // DISCONNECTED / SUSPENDED while retrying: the SDK retries right now ("custom reLogin").
      this.setLink('CONNECTING', 'LOGIN', 'RELOGIN');
      return this.limited('login', 'login', () => {
        down.retry.attemptNow();
        return new Promise<LoginResponse>((resolve, reject) =>
          down.waiters.push({ resolve, reject }),
        );
      });
    }
    this.setLink('CONNECTING', 'LOGIN', this.link === 'FAILED' ? 'RELOGIN' : 'LOGIN');
    // The SDK counts login calls after moving to CONNECTING; over the limit it goes FAILED.
    return this.limited(
      'login',
      'login',
      () => this.startLogin(options),
      () => this.setLink('FAILED', 'LOGIN', 'OPERATION_RATE_EXCEED_LIMITATION'),
    );
  }

  private async startLogin(options?: LoginOptions): Promise<LoginResponse> {
    const check = this.ctx.tokens.check(options?.token);
    if (!check.ok) {
      const expired = check.reason === 'expired';
      this.setLink('FAILED', 'LOGIN', expired ? 'TOKEN_EXPIRED' : 'INVALID_TOKEN');
      // A bogus token fails the SDK's own check: RtmInvalidArgumentError (docs/agora-behaviour.md
      // §1b); an expired one is the server's answer (class unverified).
      throw new SimulatedRtmError(
        expired ? 'RtmUnauthenticatedError' : 'RtmInvalidArgumentError',
        'login',
        expired ? RtmErrorCode.TOKEN_EXPIRED : RtmErrorCode.INVALID_TOKEN,
        expired ? 'Token expired.' : 'Invalid token.',
      );
    }
    const hung = this.ctx.faults.take('rtm-login-hang', { userId: this.userId }) !== undefined;
    if (this.online && !hung) return this.connect(check.expiresAt);
    // Offline (or hung): the SDK's retry loop, never settling (docs/agora-behaviour.md §1, §1b).
    return new Promise<LoginResponse>((resolve, reject) => {
      this.down = {
        retry: this.startRetry(true, false),
        login: { hung, expiresAt: check.expiresAt },
        waiters: [{ resolve, reject }],
      };
    });
  }

  /** Logs out: leaves every channel gracefully; link state goes IDLE. */
  async logout(): Promise<LogoutResponse> {
    this.assertNotCrashed('logout');
    for (const w of this.stopRetry()) {
      w.reject(
        new SimulatedRtmError(
          'RtmInvalidStatusError',
          'login',
          RtmErrorCode.LOGIN_CANCELED,
          'Login canceled by logout.',
        ),
      );
    }
    this.queued.rejectAll(() => notConnected('subscribe'));
    this.subscriptions.removeAll(this.link === 'CONNECTED');
    this.token.stop();
    this.releaseSession();
    if (this.link !== 'IDLE') this.setLink('IDLE', 'LOGOUT', 'LOGOUT');
    return this.ok();
  }

  /**
   * Subscribes to a message channel. With presence (default) it writes this
   * user's record (unless `beQuiet`) and emits a SNAPSHOT that includes self.
   */
  subscribe(channelName: string, options?: SubscribeOptions): Promise<SubscribeResponse> {
    return this.limited('subscribe', 'subscribe', () => this.enterChannel(channelName, options));
  }

  private async enterChannel(
    channelName: string,
    options?: SubscribeOptions,
  ): Promise<SubscribeResponse> {
    this.assertNotCrashed('subscribe');
    const linkDown = this.link !== 'CONNECTED';
    // After a first connection, a subscribe while the link is down is cached and
    // replayed when it is back (`_allowSubscribeCacheOnLinkDown`, docs/agora-behaviour.md §1b).
    if (linkDown && !this.canQueueSubscribe()) throw notConnected('subscribe');
    checkChannelName(channelName, 'subscribe');
    const wanted = subscribeOptions(options);
    const current = this.subscriptions.optionsOf(channelName) ?? this.queued.optionsOf(channelName);
    // Re-subscribing with the same options is a no-op (docs/agora-behaviour.md §1b).
    if (current && sameOptions(current, wanted)) return { ...this.ok(), channelName };
    if (!current && this.subscriptions.size + this.queued.size >= MESSAGE_CHANNEL_COUNT) {
      throw new SimulatedRtmError(
        'RtmLimitExceededError',
        'subscribe',
        RtmErrorCode.CHANNEL_INSTANCE_EXCEED_LIMITATION,
        `At most ${MESSAGE_CHANNEL_COUNT} subscribed message channels.`,
      );
    }
    if (linkDown) return this.queued.add(channelName, wanted, { ...this.ok(), channelName });
    if (this.ctx.faults.take('rtm-subscribe-fail', { userId: this.userId, channel: channelName })) {
      throw new SimulatedRtmError(
        'RtmUnavailableError',
        'subscribe',
        RtmErrorCode.CHANNEL_SUBSCRIBE_FAILED,
        'Subscribe failed (injected fault).',
        1,
      );
    }
    this.resubscribe(channelName, wanted);
    return { ...this.ok(), channelName };
  }

  /**
   * Unsubscribes: others see REMOTE_LEAVE; this channel's temporary state is
   * dropped. A channel never subscribed, or any channel while IDLE, resolves
   * (docs/agora-behaviour.md §1b); a queued subscribe is cancelled.
   */
  async unsubscribe(channelName: string): Promise<UnsubscribeResponse> {
    this.assertNotCrashed('unsubscribe');
    checkChannelName(channelName, 'unsubscribe'); // the SDK checks it first, even while IDLE
    const done = { ...this.ok(), channelName };
    if (this.queued.cancel(channelName, done)) return done;
    if (this.link === 'IDLE' || !this.subscriptions.has(channelName)) return done;
    // While the link is down the goodbye cannot reach the server: the record expires.
    this.subscriptions.remove(channelName, this.link === 'CONNECTED');
    return done;
  }

  /** Replaces the login token; an invalid one rejects with -10005. */
  renewToken(token: string): Promise<RenewTokenResponse> {
    return this.limited('renewToken', 'renewToken', () => this.replaceToken(token));
  }

  private async replaceToken(token: string): Promise<RenewTokenResponse> {
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

  /** The options this client subscribed `channelName` with (SDK defaults applied; not an SDK member). */
  subscribeOptionsOf(channelName: string): RecordedSubscribeOptions | undefined {
    return this.subscriptions.optionsOf(channelName) ?? this.queued.optionsOf(channelName);
  }

  private canQueueSubscribe(): boolean {
    return (
      this.hadConnected &&
      (this.link === 'CONNECTING' || this.link === 'DISCONNECTED' || this.link === 'SUSPENDED')
    );
  }

  /** Replays the subscribes cached while the link was down (each with its SNAPSHOT). */
  private flushQueued(): void {
    for (const [channelName, options, resolve] of this.queued.take()) {
      this.resubscribe(channelName, options);
      resolve?.({ ...this.ok(), channelName });
    }
  }

  /**
   * Subscribes, or applies new options to a subscribed channel: the record
   * stays (no leave/join flap for others) unless it turns quiet.
   */
  private resubscribe(channelName: string, options: RecordedSubscribeOptions): void {
    const current = this.subscriptions.optionsOf(channelName);
    if (current) {
      this.subscriptions.remove(channelName, options.beQuiet && !current.beQuiet, false);
    }
    this.subscriptions.add(channelName, options);
  }

  // ---- internals used by the presence API and the cloud's controls ----

  /**
   * @internal runs `run` unless `operation` is over its rate (docs/agora-behaviour.md
   * §1b, "20 calls per second per operation"): then -10021
   * RtmUnavailableError, thrown synchronously as the notes say, or as a
   * rejected promise with the cloud's `rateLimit.delivery: 'reject'` (what
   * agora-rtm-sdk 2.3.0's code suggests: its check sits inside async methods).
   */
  limited<T>(
    operation: RtmRateLimitedOperation,
    sdkOperation: string,
    run: () => Promise<T>,
    onRefused?: () => void,
  ): Promise<T> {
    if (this.rate.allow(operation)) return run();
    onRefused?.();
    const error = new SimulatedRtmError(
      'RtmUnavailableError',
      sdkOperation,
      RtmErrorCode.OPERATION_RATE_EXCEED_LIMITATION,
      'The operation rate exceeds limitation.',
    );
    if (this.ctx.rateLimit.delivery === 'throw') throw error;
    return Promise.reject(error);
  }

  /** @internal throws -10025 while IDLE (never logged in, or logged out). */
  assertNotIdle(operation: string): void {
    this.assertNotCrashed(operation);
    if (this.link === 'IDLE') throw notConnected(operation);
  }

  /** @internal throws -10025 unless logged in and connected. */
  assertConnected(operation: string): void {
    this.assertNotCrashed(operation);
    if (this.link !== 'CONNECTED') throw notConnected(operation);
  }

  /** @internal emits a presence event to this client's listeners. */
  emitPresence(event: RtmPresenceEvent): void {
    if (!this.crashed) this.listeners.emit('presence', event);
  }

  /** @internal sets this user's state in `channelName` (cached, or published when subscribed). */
  setState(channelName: string, states: States): void {
    this.subscriptions.setState(channelName, states, this.link === 'CONNECTED');
  }

  /**
   * @internal the network under this client went away: DISCONNECTED
   * (KEEP_ALIVE_TIMEOUT), then the SDK's retry loop (CONNECTING /
   * DISCONNECTED, SUSPENDED after ~115 s) until the network is back.
   */
  dropNetwork(): void {
    if (this.crashed || !this.online) return;
    this.online = false;
    if (this.link !== 'CONNECTED') return;
    this.subscriptions.stopHeartbeat();
    this.setLink('DISCONNECTED', 'HEARTBEAT_TIMEOUT', 'KEEP_ALIVE_TIMEOUT', false, true);
    this.down = { retry: this.startRetry(false, true), login: undefined, waiters: [] };
  }

  /**
   * @internal the network is back. The SDK re-enters every channel and
   * rewrites its record itself, without a new SNAPSHOT (docs/agora-behaviour.md §1).
   */
  restoreNetwork(isResumed?: boolean): void {
    if (this.crashed || this.online) return;
    this.online = true;
    const down = this.down;
    if (!down) return;
    if (down.login) {
      if (down.login.hung) return;
      const expiresAt = down.login.expiresAt;
      const waiters = this.stopRetry();
      const ok = this.connect(expiresAt);
      for (const w of waiters) w.resolve(ok);
      return;
    }
    const resumed = isResumed ?? !down.retry.suspended;
    const waiters = this.stopRetry();
    // isResumed false: presence state was not restored; the app must set it again.
    if (!resumed) this.subscriptions.clearStates();
    // After an app's login() while down, the SDK reports it as a relogin (its `At` flag).
    if (waiters.length > 0) this.setLink('CONNECTED', 'LOGIN', 'RELOGIN', resumed, true);
    else this.setLink('CONNECTED', 'AUTO_RECONNECT', 'RECONNECT_SUCCESS', resumed, true);
    this.subscriptions.enterAll(false);
    this.flushQueued();
    for (const w of waiters) w.resolve(this.ok());
  }

  /** @internal the process died: silence, and records expire after presenceTimeout. */
  crash(): void {
    if (this.crashed) return;
    this.subscriptions.stopHeartbeat();
    this.crashed = true;
    this.stopRetry(); // its login() calls never settle: the page is gone
    this.token.stop();
    this.releaseSession();
    this.listeners.clear();
  }

  /** @internal another login with this userId kicked this one (SAME_UID_LOGIN). */
  kick(): void {
    this.subscriptions.stopHeartbeat();
    this.token.stop();
    for (const w of this.stopRetry()) w.reject(notConnected('login'));
    this.releaseSession();
    this.setLink('FAILED', 'SERVER_REJECT', 'SAME_UID_LOGIN', false, true);
  }

  /** @internal the channel's presence service went down (silently, docs/agora-behaviour.md §1b). */
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

  /** @internal leaves degraded mode for `channelName`, with or without a new SNAPSHOT. */
  presenceRecovered(channelName: string, snapshot: boolean): void {
    const replica = this.subscriptions.replica(channelName);
    if (!replica?.isDegraded) return;
    replica.recover();
    if (snapshot && !this.crashed && this.link === 'CONNECTED') {
      this.emitPresence(replica.snapshotEvent());
    }
  }

  /** @internal true while the network is up. */
  get isOnline(): boolean {
    return this.online;
  }

  private connect(expiresAt: number | undefined): LoginResponse {
    const key = `${this.appId}\u0000${this.userId}`;
    const other = this.ctx.rtmSessions.get(key);
    // One session per userId: the older one is kicked (docs/agora-behaviour.md §1).
    if (other && other !== this) other.kick();
    this.ctx.rtmSessions.set(key, this);
    this.setLink('CONNECTED', 'LOGIN', 'LOGIN_SUCCESS');
    this.token.schedule(expiresAt);
    this.hadConnected = true;
    // login() after FAILED re-enters channels and emits SNAPSHOT (docs/agora-behaviour.md §1).
    this.subscriptions.enterAll(true);
    this.flushQueued();
    return this.ok();
  }

  /**
   * The retry loop of a down link. `login`: an offline first login (its
   * timeouts are LOGIN_TIMEOUT) rather than a reconnect (RECONNECT_TIMEOUT).
   */
  private startRetry(login: boolean, waitFirst: boolean): LinkRetry {
    return new LinkRetry(
      this.ctx.clock,
      {
        timedOut: (suspended) => {
          if (suspended) this.setLink('SUSPENDED', 'AUTO_RECONNECT', 'RECONNECT_TIMEOUT');
          else
            this.setLink(
              'DISCONNECTED',
              'SERVER_TIMEOUT',
              login ? 'LOGIN_TIMEOUT' : 'RECONNECT_TIMEOUT',
            );
        },
        connecting: () => this.setLink('CONNECTING', 'AUTO_RECONNECT', 'AUTO_RECONNECT'),
      },
      !waitFirst,
    );
  }

  /** Ends the retry loop; returns the login() calls still waiting. */
  private stopRetry(): { resolve(r: LoginResponse): void; reject(e: unknown): void }[] {
    const down = this.down;
    this.down = undefined;
    down?.retry.stop();
    return down?.waiters ?? [];
  }

  private releaseSession(): void {
    const key = `${this.appId}\u0000${this.userId}`;
    if (this.ctx.rtmSessions.get(key) === this) this.ctx.rtmSessions.delete(key);
  }

  /**
   * Emits a linkState event. `channelEvent`: it concerns the subscribed
   * channels (lost link, reconnect, kick); login events carry
   * `affectedChannels: []` (docs/agora-behaviour.md §1b, "Reconnect").
   */
  private setLink(
    next: RtmLinkState,
    operation: RtmLinkOperation,
    reasonCode: RtmLinkStateChangeReasonCode,
    isResumed = false,
    channelEvent = false,
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
      affectedChannels: channelEvent ? this.subscriptions.names() : [],
      unrestoredChannels: [], // always [] (docs/agora-behaviour.md §1, "Reconnect")
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
