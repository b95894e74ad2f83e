import {
  bindRtmSource,
  PresenceError,
  type PresenceErrorCode,
  type PresenceState,
  type PresenceStore,
  type Timers,
} from '@audience-presence/core';
import type { RTMConfig } from 'agora-rtm-sdk';
import { bounded, toPresenceError } from './bounded';
import {
  DualChannelSession,
  sameSession,
  sameState,
  type DualChannelTarget,
} from './dual-channel-session';
import { createRealRtcClient, createRealRtmClient } from './sdk-loaders';
import type {
  ClientSource,
  DualChannelStatus,
  RtcClientLike,
  RtcUid,
  RtmClient,
  StageRole,
  TokenProvider,
} from './types';
import { ValueStore } from './value-store';

/** What `useDualChannel` reports. Immutable; a new object on every change. */
export interface DualChannelSnapshot {
  readonly status: DualChannelStatus;
  /** the channel joined, being joined or last left; null before the first join */
  readonly channel: string | null;
  /** the local user's role as applied to both RTC and RTM */
  readonly role: StageRole | null;
  /** the RTC uid Agora gave us, once joined */
  readonly rtcUid: RtcUid | null;
  /** why the last operation failed (`code` + the SDK error as `cause`), else null */
  readonly error: PresenceError | null;
}

/** Settings the provider passes down; read at the start of every join. */
export interface DualChannelConfig {
  readonly appId: string;
  readonly userId: string;
  readonly rtc?: ClientSource<RtcClientLike> | null;
  readonly rtm?: ClientSource<RtmClient> | null;
  readonly rtmConfig?: RTMConfig;
  readonly tokenProvider?: TokenProvider | null;
  /** bound on every SDK await, ms (default 15 000) */
  readonly timeoutMs?: number;
  readonly timers?: Timers;
}

/** The snapshot before anything was asked (also the server-rendered one). */
export const IDLE_DUAL_CHANNEL: DualChannelSnapshot = Object.freeze({
  status: 'idle',
  channel: null,
  role: null,
  rtcUid: null,
  error: null,
});

const DEFAULT_TIMEOUT_MS = 15_000;
const RECONNECTING_STATUSES: ReadonlySet<PresenceState['status']> = new Set([
  'connecting',
  'reconnecting',
  'disconnected',
]);

/** thrown between steps when a newer request replaced the one being run */
class Superseded {}

/**
 * Stops waiting for `promise` as soon as `signal` aborts (a newer request or a
 * fatal event), so a hanging step (an offline login) does not hold up the
 * next channel for the whole timeout. The SDK call itself is cancelled by the
 * rollback (logout / leave), not here.
 */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(new Superseded());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Superseded());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** whether a session made with `a` cannot continue under `b` */
function identityChanged(a: DualChannelConfig, b: DualChannelConfig): boolean {
  return (
    a.appId !== b.appId ||
    a.userId !== b.userId ||
    sourceKey(a.rtc) !== sourceKey(b.rtc) ||
    sourceKey(a.rtm) !== sourceKey(b.rtm)
  );
}

/**
 * What identifies a client source: the client object itself, but NOT a
 * factory's identity (an inline arrow is a new function every render; it must
 * not cause a rejoin or a second RTM instance: one per app, agora-notes.md §1).
 */
function sourceKey(source: unknown): unknown {
  return typeof source === 'function' ? 'factory' : source;
}

/** RTC `connection-state-change` DISCONNECTED reasons we did not cause → the error to show */
function rtcDisconnectError(reason: unknown): PresenceError {
  if (reason === 'TOKEN_EXPIRE') return new PresenceError('TOKEN_EXPIRED', { cause: reason });
  const banned = reason === 'UID_BANNED' || reason === 'IP_BANNED' || reason === 'CHANNEL_BANNED';
  return new PresenceError('RTC_JOIN_FAILED', {
    message: banned
      ? 'You were removed from the live stream.'
      : 'The connection to the live stream was lost.',
    cause: reason,
  });
}

/**
 * Drives one provider's RTC + RTM join as ONE operation (Agora's FAQ: "bind the
 * actions of joining both channels"). Requests only set the DESIRED target;
 * a single loop moves the actual connection there, one step at a time, so
 * operations are serialised, a superseded join is rolled back at its next
 * step (generation counter), and StrictMode's join/leave/join in one tick
 * collapses into a single join.
 */
export class DualChannelController {
  readonly #store: PresenceStore;
  readonly #snapshot = new ValueStore<DualChannelSnapshot>(IDLE_DUAL_CHANNEL);
  #config: DualChannelConfig;
  #desired: DualChannelTarget | null = null;
  #generation = 0;
  /** the generation whose request failed: nothing is retried until a new request */
  #blocked = -1;
  #session: DualChannelSession | null = null;
  #running = false;
  #rtcClient: { source: unknown; client: Promise<RtcClientLike> } | null = null;
  #rtmClient: { key: string; source: unknown; client: Promise<RtmClient> } | null = null;

  constructor(store: PresenceStore, config: DualChannelConfig) {
    this.#store = store;
    this.#config = config;
  }

  /** Current snapshot (for `useSyncExternalStore`). */
  readonly getSnapshot = (): DualChannelSnapshot => this.#snapshot.get();
  /** Listens to snapshot changes. */
  readonly subscribe = (listener: () => void): (() => void) => this.#snapshot.subscribe(listener);

  /** Replaces the settings; they apply from the next join. */
  configure(config: DualChannelConfig): void {
    const previous = this.#config;
    this.#config = config;
    // another user, app or client: the joined session belongs to the old one, so join again
    if (this.#session !== null && this.#desired !== null && identityChanged(previous, config)) {
      this.#request(this.#desired);
    }
  }

  /** Asks to be in `target` (joins, switches channel, or updates role/state in place). */
  join(target: DualChannelTarget): void {
    this.#request(target);
  }

  /** Asks to be in no channel. */
  leave(): void {
    this.#request(null);
  }

  /** Runs the current request again (after a failure). */
  retry(): void {
    this.#request(this.#desired);
  }

  #request(target: DualChannelTarget | null): void {
    this.#desired = target;
    this.#generation++;
    const connecting = this.#session;
    if (
      connecting !== null &&
      !connecting.joined &&
      (target === null ||
        !sameSession(connecting.target, target) ||
        identityChanged(connecting.config, this.#config))
    ) {
      connecting.abort.abort();
    }
    if (this.#running) return;
    this.#running = true;
    // deferred: requests made in the same tick (StrictMode) collapse into the last one
    queueMicrotask(() => void this.#run());
  }

  async #run(): Promise<void> {
    try {
      for (;;) {
        const generation = this.#generation;
        const want = this.#desired;
        const have = this.#session;
        if (
          have !== null &&
          (want === null ||
            have.fatal !== null ||
            !sameSession(have.target, want) ||
            identityChanged(have.config, this.#config))
        ) {
          await this.#teardown(have);
          continue;
        }
        if (this.#blocked === generation || want === null) return;
        if (have === null) {
          await this.#connect(want, generation);
          continue;
        }
        if (have.role !== want.role || !sameState(have.state, want.state)) {
          await this.#update(have, want, generation);
          continue;
        }
        return;
      }
    } finally {
      this.#running = false;
    }
  }

  #publish(patch: Partial<DualChannelSnapshot>): void {
    const prev = this.#snapshot.get();
    const next = { ...prev, ...patch };
    if (
      next.status === prev.status &&
      next.channel === prev.channel &&
      next.role === prev.role &&
      next.rtcUid === prev.rtcUid &&
      next.error === prev.error
    )
      return;
    this.#snapshot.set(Object.freeze(next));
  }

  get #timeoutMs(): number {
    return this.#config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  get #timers(): Timers {
    return this.#config.timers ?? realTimers;
  }

  #bounded<T>(
    work: () => Promise<T> | T,
    timeoutCode: PresenceErrorCode,
    failCode: PresenceErrorCode,
  ): Promise<T> {
    return bounded(work, this.#timeoutMs, this.#timers, timeoutCode, failCode);
  }

  #check(session: DualChannelSession, generation: number): void {
    if (session.fatal !== null) throw session.fatal;
    if (generation !== this.#generation) {
      const want = this.#desired;
      // a newer request for the same channel (a role or state change) does not cancel the join
      if (
        want === null ||
        !sameSession(want, session.target) ||
        identityChanged(session.config, this.#config)
      )
        throw new Superseded();
    }
  }

  async #token(kind: 'rtc' | 'rtm', channel: string, uid: RtcUid | null): Promise<string | null> {
    const provider = this.#config.tokenProvider;
    if (provider === null || provider === undefined) return null;
    return this.#bounded(
      () => provider({ kind, channel, uid }),
      'TOKEN_PROVIDER_FAILED',
      'TOKEN_PROVIDER_FAILED',
    );
  }

  #getRtcClient(): Promise<RtcClientLike> {
    const { rtc, appId, userId } = this.#config;
    if (this.#rtcClient !== null && this.#rtcClient.source === sourceKey(rtc)) {
      return this.#rtcClient.client;
    }
    let client: Promise<RtcClientLike>;
    if (typeof rtc === 'function') {
      client = this.#bounded(() => rtc({ appId, userId }), 'RTC_JOIN_TIMEOUT', 'RTC_JOIN_FAILED');
    } else if (rtc !== null && rtc !== undefined) client = Promise.resolve(rtc);
    else client = createRealRtcClient();
    // a failed factory is retried on the next join
    client.catch(() => {
      if (this.#rtcClient?.client === client) this.#rtcClient = null;
    });
    this.#rtcClient = { source: sourceKey(rtc), client };
    return client;
  }

  #getRtmClient(): Promise<RtmClient> {
    const { rtm, appId, userId, rtmConfig } = this.#config;
    const key = `${appId}\u0000${userId}`;
    const cached = this.#rtmClient;
    if (cached !== null && cached.source === sourceKey(rtm) && cached.key === key)
      return cached.client;
    let client: Promise<RtmClient>;
    if (typeof rtm === 'function') {
      client = this.#bounded(() => rtm({ appId, userId }), 'RTM_LOGIN_TIMEOUT', 'RTM_LOGIN_FAILED');
    } else if (rtm !== null && rtm !== undefined) client = Promise.resolve(rtm);
    else client = createRealRtmClient(appId, userId, rtmConfig);
    client.catch(() => {
      if (this.#rtmClient?.client === client) this.#rtmClient = null;
    });
    this.#rtmClient = { key, source: sourceKey(rtm), client };
    return client;
  }

  /** The status while joined: reconnecting when either side is. */
  #liveStatus(session: DualChannelSession): DualChannelStatus {
    const rtm = this.#store.getState().status;
    return session.rtcReconnecting || RECONNECTING_STATUSES.has(rtm) ? 'reconnecting' : 'joined';
  }

  #fail(session: DualChannelSession, error: PresenceError): void {
    if (session.closing || session.fatal !== null) return;
    session.fatal = error;
    session.abort.abort();
    this.#blocked = this.#generation;
    if (!this.#running) {
      this.#running = true;
      queueMicrotask(() => void this.#run());
    }
  }

  async #connect(target: DualChannelTarget, generation: number): Promise<void> {
    const config = this.#config;
    const session = new DualChannelSession(target, config);
    this.#session = session;
    const { appId, userId } = config;
    const store = this.#store;
    this.#publish({
      status: 'joining',
      channel: target.channel,
      role: target.role,
      rtcUid: null,
      error: null,
    });
    try {
      if (typeof appId !== 'string' || appId === '')
        throw new PresenceError('INVALID_ARGUMENT', {
          message: 'appId must be a non-empty string',
        });
      if (typeof target.channel !== 'string' || target.channel === '')
        throw new PresenceError('INVALID_ARGUMENT', {
          message: 'channel must be a non-empty string',
        });
      store.dispatch({ type: 'reset' });
      const rtc = await abortable(this.#getRtcClient(), session.abort.signal);
      this.#check(session, generation);
      const rtm = await abortable(this.#getRtmClient(), session.abort.signal);
      this.#check(session, generation);
      session.rtc = rtc;
      session.rtm = rtm;
      this.#watchRtc(session, rtc);

      // 1. RTC, in live mode with the requested role (agora-notes.md §2)
      if (rtc.mode === 'live' && rtc.role !== target.role) {
        await this.#bounded(
          () => rtc.setClientRole(target.role),
          'RTC_ROLE_CHANGE_FAILED',
          'RTC_ROLE_CHANGE_FAILED',
        );
      }
      const rtcToken = await abortable(
        this.#token('rtc', target.channel, target.rtcUid),
        session.abort.signal,
      );
      this.#check(session, generation);
      session.rtcJoinStarted = true;
      const uid = await abortable(
        this.#bounded(
          () => rtc.join(appId, target.channel, rtcToken, target.rtcUid),
          'RTC_JOIN_TIMEOUT',
          'RTC_JOIN_FAILED',
        ),
        session.abort.signal,
      );
      session.rtcUid = uid;
      this.#check(session, generation);
      this.#publish({ rtcUid: uid });
      store.dispatch({ type: 'rtc-hosts', userIds: rtc.remoteUsers.map((u) => String(u.uid)) });

      // 2. RTM after RTC, not at the same instant (agora-notes.md §2): login, subscribe, own state
      const source = bindRtmSource(store, rtm, {
        channel: target.channel,
        userId,
        role: target.role,
        rtcUid: uid,
        state: target.state,
        timeoutMs: this.#timeoutMs,
        timers: this.#timers,
      });
      session.source = source;
      session.onClose(() => source.unbind());
      this.#watchRtm(session, rtm);
      const rtmToken = await abortable(
        this.#token('rtm', target.channel, userId),
        session.abort.signal,
      );
      this.#check(session, generation);
      session.loginStarted = true;
      await abortable(
        source.login(rtmToken === null ? {} : { token: rtmToken }),
        session.abort.signal,
      );
      this.#check(session, generation);
      session.subscribeStarted = true;
      await abortable(source.subscribe(), session.abort.signal);
      this.#check(session, generation);
      await abortable(source.setSelfState(), session.abort.signal);
      this.#check(session, generation);
      session.joined = true;
      this.#publish({ status: this.#liveStatus(session), error: null });
    } catch (error) {
      if (error instanceof Superseded && session.fatal === null) {
        await this.#teardown(session);
        return;
      }
      // a FAILED link state carries the precise reason (INVALID_TOKEN, ...): let it land first
      if (session.loginStarted) store.flush();
      session.fatal ??= toPresenceError(error, 'RTC_JOIN_FAILED');
      this.#blocked = generation;
      await this.#teardown(session);
    }
  }

  /** RTC listeners, added BEFORE join so hosts announced during join are not missed. */
  #watchRtc(session: DualChannelSession, rtc: RtcClientLike): void {
    const store = this.#store;
    const alive = (): boolean => !session.closing && this.#session === session;
    const hosts = (): string[] => rtc.remoteUsers.map((u) => String(u.uid));
    const onJoined = (user: { uid: RtcUid }): void => {
      if (!alive()) return;
      const ids = new Set(hosts());
      ids.add(String(user.uid));
      store.dispatch({ type: 'rtc-hosts', userIds: [...ids] });
    };
    const onLeft = (user: { uid: RtcUid }): void => {
      if (!alive()) return;
      const gone = String(user.uid);
      store.dispatch({ type: 'rtc-hosts', userIds: hosts().filter((id) => id !== gone) });
    };
    const onState = (current: string, _previous: string, reason?: string): void => {
      if (!alive()) return;
      if (current === 'RECONNECTING') session.rtcReconnecting = true;
      else if (current === 'CONNECTED') session.rtcReconnecting = false;
      else if (current === 'DISCONNECTED' && session.rtcUid !== null) {
        this.#fail(session, rtcDisconnectError(reason));
        return;
      }
      if (session.joined) this.#publish({ status: this.#liveStatus(session) });
    };
    const onWillExpire = (): void => {
      if (!alive()) return;
      void this.#renew(session, 'rtc', (token) => rtc.renewToken(token));
    };
    const onDidExpire = (): void => {
      if (alive()) this.#fail(session, new PresenceError('TOKEN_EXPIRED'));
    };
    rtc.on('user-joined', onJoined);
    rtc.on('user-left', onLeft);
    rtc.on('connection-state-change', onState);
    rtc.on('token-privilege-will-expire', onWillExpire);
    rtc.on('token-privilege-did-expire', onDidExpire);
    session.onClose(() => {
      rtc.off('user-joined', onJoined);
      rtc.off('user-left', onLeft);
      rtc.off('connection-state-change', onState);
      rtc.off('token-privilege-will-expire', onWillExpire);
      rtc.off('token-privilege-did-expire', onDidExpire);
    });
  }

  /** RTM token renewal, and fatal link failures (kick, expiry) seen through the store. */
  #watchRtm(session: DualChannelSession, rtm: RtmClient): void {
    const alive = (): boolean => !session.closing && this.#session === session;
    const onWillExpire = (): void => {
      if (alive()) void this.#renew(session, 'rtm', (token) => rtm.renewToken(token));
    };
    rtm.addEventListener('tokenPrivilegeWillExpire', onWillExpire);
    const unsubscribe = this.#store.subscribe((state, prev) => {
      if (!alive() || state.status === prev.status) return;
      if (state.status === 'failed' && session.loginStarted) {
        this.#fail(session, state.error ?? new PresenceError('RTM_CONNECTION_FAILED'));
      } else if (session.joined) {
        this.#publish({ status: this.#liveStatus(session) });
      }
    });
    session.onClose(() => {
      rtm.removeEventListener('tokenPrivilegeWillExpire', onWillExpire);
      unsubscribe();
    });
  }

  async #renew(
    session: DualChannelSession,
    kind: 'rtc' | 'rtm',
    apply: (token: string) => Promise<unknown>,
  ): Promise<void> {
    const uid = kind === 'rtc' ? session.rtcUid : this.#config.userId;
    try {
      const token = await this.#token(kind, session.target.channel, uid);
      if (token === null)
        throw new PresenceError('TOKEN_PROVIDER_FAILED', {
          message: 'The token is about to expire and no tokenProvider was given.',
        });
      if (session.closing) return;
      await this.#bounded(() => apply(token), 'TOKEN_PROVIDER_FAILED', 'TOKEN_INVALID');
    } catch (error) {
      // not fatal yet: the SDK warns ~30 s ahead; expiry itself fails the session
      if (!session.closing)
        this.#publish({ error: toPresenceError(error, 'TOKEN_PROVIDER_FAILED') });
    }
  }

  /** Role and app state changes, applied to RTC and RTM together. */
  async #update(
    session: DualChannelSession,
    want: DualChannelTarget,
    generation: number,
  ): Promise<void> {
    const rtc = session.rtc;
    const source = session.source;
    if (rtc === null || source === null) return;
    const previous = session.role;
    let rtcChanged = false;
    try {
      if (want.role !== previous) {
        // unpublish before becoming audience (agora-notes.md §2)
        if (want.role === 'audience' && rtc.localTracks.length > 0) {
          await this.#bounded(
            () => rtc.unpublish(),
            'RTC_ROLE_CHANGE_FAILED',
            'RTC_ROLE_CHANGE_FAILED',
          );
        }
        await this.#bounded(
          () => rtc.setClientRole(want.role),
          'RTC_ROLE_CHANGE_FAILED',
          'RTC_ROLE_CHANGE_FAILED',
        );
        rtcChanged = true;
        await source.setRole(want.role);
        session.role = want.role;
        this.#publish({ role: want.role, error: null });
      }
      if (!sameState(session.state, want.state)) {
        await source.setSelfState(want.state);
        session.state = want.state;
      }
    } catch (error) {
      // keep both sides on the same role: undo the RTC half
      if (rtcChanged)
        await this.#bounded(
          () => rtc.setClientRole(previous),
          'RTC_ROLE_CHANGE_FAILED',
          'RTC_ROLE_CHANGE_FAILED',
        ).catch(() => undefined);
      this.#blocked = generation;
      this.#publish({ error: toPresenceError(error, 'RTC_ROLE_CHANGE_FAILED') });
    }
  }

  /** Undoes whatever the session did, RTM first, then RTC; each step bounded. */
  async #teardown(session: DualChannelSession): Promise<void> {
    session.detach();
    const failure = session.fatal;
    this.#publish({ status: 'leaving' });
    let leaveError: PresenceError | null = null;
    const source = session.source;
    if (source !== null) {
      // unbind first so nothing from this channel reaches the store any more
      source.unbind();
      const rtm = session.rtm;
      if (session.subscribeStarted && rtm !== null) {
        await this.#bounded(
          () => rtm.unsubscribe(session.target.channel),
          'RTM_SUBSCRIBE_TIMEOUT',
          'RTM_SUBSCRIBE_FAILED',
        ).catch(() => undefined);
      }
      if (session.loginStarted && rtm !== null) {
        await this.#bounded(
          () => rtm.logout(),
          'RTM_CONNECTION_FAILED',
          'RTM_CONNECTION_FAILED',
        ).catch(() => undefined);
      }
    }
    const rtc = session.rtc;
    if (session.rtcJoinStarted && rtc !== null) {
      // leave() also cancels a join still in flight
      await this.#bounded(() => rtc.leave(), 'RTC_LEAVE_FAILED', 'RTC_LEAVE_FAILED').catch(
        (error: unknown) => {
          leaveError = toPresenceError(error, 'RTC_LEAVE_FAILED');
        },
      );
    }
    if (this.#session === session) this.#session = null;
    this.#store.dispatch({ type: 'reset' });
    if (failure !== null) {
      this.#store.dispatch({ type: 'status', status: 'failed', error: failure });
      this.#publish({ status: 'failed', error: failure, rtcUid: null });
    } else {
      this.#publish({ status: 'left', error: leaveError, rtcUid: null });
    }
  }
}
