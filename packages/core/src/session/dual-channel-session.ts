import { defaultTimers, withDeadline, type Timers } from '../deadline';
import { PresenceError, type PresenceErrorCode } from '../errors';
import { bindRtmSource } from '../sources/rtm/rtm-source';
import { bindRtcHosts } from '../sources/rtc-hosts';
import type { PresenceState } from '../state';
import type { PresenceStore } from '../store';
import { abortable, Superseded, toPresenceError } from './abortable';
import { ClientCache, rtmSettled, type DefaultClients } from './client-cache';
import { DEFAULT_TIMEOUT_MS, identityChanged, type DualChannelConfig } from './dual-channel-config';
import { JoinAttempt } from './join-attempt';
import { sameState } from '../member';
import { sameSession, type DualChannelTarget } from './target';
import { IDLE_DUAL_CHANNEL, type DualChannelSnapshot } from './dual-channel-snapshot';
import { watchRtc, watchRtm, type SessionHooks } from './sdk-listeners';
import { adoptableJoin } from './rtc-adopt';
import { rollback } from './rollback';
import type { DualChannelStatus, RtcClientLike, RtcUid } from './types';
import { validateJoin, validateToken } from './validate';
import { ValueStore } from './value-store';

const RECONNECTING_STATUSES: ReadonlySet<PresenceState['status']> = new Set([
  'connecting',
  'reconnecting',
  'disconnected',
]);

/**
 * The framework-free dual-channel session: drives one store's RTC + RTM join
 * as ONE operation (Agora's FAQ: "bind the actions of joining both channels"),
 * with `subscribe` / `getSnapshot` for any UI binding (React's
 * `useDualChannel` is a thin `useSyncExternalStore` over it). Requests only set the DESIRED target;
 * a single loop moves the actual connection there, one step at a time, so
 * operations are serialised, a superseded join is rolled back at its next
 * step (generation counter), and StrictMode's join/leave/join in one tick
 * collapses into a single join.
 */
export class DualChannelSession {
  readonly #store: PresenceStore;
  readonly #snapshot = new ValueStore<DualChannelSnapshot>(IDLE_DUAL_CHANNEL);
  #config: DualChannelConfig;
  #desired: DualChannelTarget | null = null;
  #generation = 0;
  /** the generation whose request failed: nothing is retried until a new request */
  #blocked = -1;
  #attempt: JoinAttempt | null = null;
  #running = false;
  readonly #clients: ClientCache;

  /** `defaults` makes the clients a config does not give (the React package loads the real SDKs) */
  constructor(store: PresenceStore, config: DualChannelConfig, defaults?: DefaultClients) {
    this.#store = store;
    this.#config = config;
    this.#clients = new ClientCache(defaults);
  }

  /** Current snapshot (for `useSyncExternalStore`). */
  readonly getSnapshot = (): DualChannelSnapshot => this.#snapshot.get();
  /** Listens to snapshot changes. */
  readonly subscribe = (listener: () => void): (() => void) => this.#snapshot.subscribe(listener);

  /** Replaces the settings; they apply from the next join. */
  configure(config: DualChannelConfig): void {
    const previous = this.#config;
    this.#config = config;
    // another user, app or client: the joined attempt belongs to the old one, so join again
    if (this.#attempt !== null && this.#desired !== null && identityChanged(previous, config)) {
      this.#request(this.#desired);
    }
  }

  #owners = 0;

  /**
   * Registers a `useDualChannel` caller; returns its release. Two callers under
   * one provider would override each other's requests, so that is reported.
   */
  claim(): () => void {
    this.#owners++;
    // a misuse warning, like React's: development builds only (core README, "Production builds")
    if (process.env.NODE_ENV !== 'production' && this.#owners === 2) {
      console.error(
        'useDualChannel is used more than once under one <AudiencePresenceProvider>; ' +
          'each call overrides the other. Use it once per provider.',
      );
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#owners--;
    };
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
    const connecting = this.#attempt;
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
        const have = this.#attempt;
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
    return this.#config.timers ?? defaultTimers;
  }

  /** every SDK await of the session, bounded (also handed to the client cache and the rollback) */
  readonly #bounded = <T>(
    work: () => Promise<T> | T,
    timeoutCode: PresenceErrorCode,
    failCode: PresenceErrorCode,
  ): Promise<T> => withDeadline(work, this.#timeoutMs, this.#timers, timeoutCode, failCode);

  /**
   * Joins RTC, or adopts the app's own join of the same channel (agora-rtc-react's
   * `useJoin`): then it is the app's to leave, and a rollback leaves it alone.
   */
  async #joinRtc(
    attempt: JoinAttempt,
    rtc: RtcClientLike,
    target: DualChannelTarget,
    appId: string,
  ): Promise<RtcUid> {
    const adopt = adoptableJoin(rtc, target.channel);
    let existing: RtcUid | null;
    try {
      existing = await this.#bounded(() => adopt.promise, 'RTC_JOIN_TIMEOUT', 'RTC_JOIN_FAILED');
    } finally {
      adopt.cancel();
    }
    // adopted: rtcJoinStarted stays false, so the rollback leaves the app's join alone
    if (existing !== null) return existing;
    const token = await this.#token('rtc', target.channel, target.rtcUid);
    if (attempt.abort.signal.aborted) throw new Superseded();
    attempt.rtcJoinStarted = true;
    return this.#bounded(
      () => rtc.join(appId, target.channel, token, target.rtcUid),
      'RTC_JOIN_TIMEOUT',
      'RTC_JOIN_FAILED',
    );
  }

  /** what the SDK listeners of `attempt` may do */
  #hooks(attempt: JoinAttempt): SessionHooks {
    return {
      alive: () => !attempt.closing && this.#attempt === attempt,
      fail: (error) => this.#fail(attempt, error),
      statusChanged: () => {
        if (attempt.joined) this.#publish({ status: this.#liveStatus(attempt) });
      },
      renew: (kind, apply) => void this.#renew(attempt, kind, apply),
    };
  }

  #check(attempt: JoinAttempt, generation: number): void {
    if (attempt.fatal !== null) throw attempt.fatal;
    if (generation !== this.#generation) {
      const want = this.#desired;
      // a newer request for the same channel (a role or state change) does not cancel the join
      if (
        want === null ||
        !sameSession(want, attempt.target) ||
        identityChanged(attempt.config, this.#config)
      )
        throw new Superseded();
    }
  }

  async #token(kind: 'rtc' | 'rtm', channel: string, uid: RtcUid | null): Promise<string | null> {
    const provider = this.#config.tokenProvider;
    if (provider === null || provider === undefined) return null;
    const token = await this.#bounded(
      () => provider({ kind, channel, uid }),
      'TOKEN_PROVIDER_FAILED',
      'TOKEN_PROVIDER_FAILED',
    );
    return validateToken(token);
  }

  /** The status while joined: reconnecting when either side is. */
  #liveStatus(attempt: JoinAttempt): DualChannelStatus {
    const rtm = this.#store.getState().status;
    return attempt.rtcReconnecting || RECONNECTING_STATUSES.has(rtm) ? 'reconnecting' : 'joined';
  }

  #fail(attempt: JoinAttempt, error: PresenceError): void {
    if (attempt.closing || attempt.fatal !== null) return;
    attempt.fatal = error;
    attempt.abort.abort();
    this.#blocked = this.#generation;
    if (!this.#running) {
      this.#running = true;
      queueMicrotask(() => void this.#run());
    }
  }

  async #connect(target: DualChannelTarget, generation: number): Promise<void> {
    const config = this.#config;
    const attempt = new JoinAttempt(target, config);
    this.#attempt = attempt;
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
      validateJoin(config, target);
      store.dispatch({ type: 'reset' });
      const rtc = await abortable(this.#clients.rtc(config, this.#bounded), attempt.abort.signal);
      this.#check(attempt, generation);
      const rtm = await abortable(this.#clients.rtm(config, this.#bounded), attempt.abort.signal);
      this.#check(attempt, generation);
      attempt.rtc = rtc;
      attempt.rtm = rtm;
      const hooks = this.#hooks(attempt);
      // listening BEFORE the join, so hosts announced during it are not missed
      const hosts = bindRtcHosts(store, rtc);
      attempt.onClose(() => hosts.unbind());
      watchRtc(attempt, rtc, hooks);

      // 1. RTC, in live mode with the requested role (docs/agora-behaviour.md §2)
      if (rtc.mode === 'live' && rtc.role !== target.role) {
        await this.#bounded(
          () => rtc.setClientRole(target.role),
          'RTC_ROLE_CHANGE_FAILED',
          'RTC_ROLE_CHANGE_FAILED',
        );
      }
      const uid = await abortable(this.#joinRtc(attempt, rtc, target, appId), attempt.abort.signal);
      attempt.rtcUid = uid;
      this.#check(attempt, generation);
      this.#publish({ rtcUid: uid });
      hosts.sync();

      // 2. RTM after RTC, not at the same instant (docs/agora-behaviour.md §2): login, subscribe, own state
      const source = bindRtmSource(store, rtm, {
        channel: target.channel,
        userId,
        role: target.role,
        rtcUid: uid,
        state: target.state,
        timeoutMs: this.#timeoutMs,
        timers: this.#timers,
      });
      attempt.source = source;
      attempt.onClose(() => source.unbind());
      watchRtm(attempt, rtm, store, hooks);
      const rtmToken = await abortable(
        this.#token('rtm', target.channel, userId),
        attempt.abort.signal,
      );
      this.#check(attempt, generation);
      // the same client may still be logging out of an earlier attempt (a remount, a user switch back)
      await abortable(rtmSettled(rtm), attempt.abort.signal);
      this.#check(attempt, generation);
      // the source owns the RTM steps; the signal stops it between them when superseded
      const signal = attempt.abort.signal;
      await abortable(
        source.join(rtmToken === null ? { signal } : { token: rtmToken, signal }),
        signal,
      );
      this.#check(attempt, generation);
      attempt.joined = true;
      this.#publish({ status: this.#liveStatus(attempt), error: null });
    } catch (error) {
      if (error instanceof Superseded && attempt.fatal === null) {
        await this.#teardown(attempt);
        return;
      }
      // a FAILED link state carries the precise reason (INVALID_TOKEN, ...): let it land first
      if (attempt.source?.loginStarted === true) store.flush();
      attempt.fatal ??= toPresenceError(error, 'RTC_JOIN_FAILED');
      this.#blocked = generation;
      await this.#teardown(attempt);
    }
  }

  async #renew(
    attempt: JoinAttempt,
    kind: 'rtc' | 'rtm',
    apply: (token: string) => Promise<unknown>,
  ): Promise<void> {
    const uid = kind === 'rtc' ? attempt.rtcUid : this.#config.userId;
    try {
      const token = await this.#token(kind, attempt.target.channel, uid);
      if (token === null)
        throw new PresenceError('TOKEN_PROVIDER_FAILED', {
          message: 'The token is about to expire and no tokenProvider was given.',
        });
      if (attempt.closing) return;
      await this.#bounded(() => apply(token), 'TOKEN_PROVIDER_FAILED', 'TOKEN_INVALID');
      // this side renewed: drop its warning, keep the other side's if it has one
      const mine = attempt.tokenWarnings[kind];
      attempt.tokenWarnings[kind] = null;
      if (!attempt.closing && mine !== null && this.#snapshot.get().error === mine) {
        this.#publish({ error: attempt.tokenWarnings[kind === 'rtc' ? 'rtm' : 'rtc'] });
      }
    } catch (error) {
      // not fatal yet: the SDK warns ~30 s ahead; expiry itself fails the attempt
      if (attempt.closing) return;
      const warning = toPresenceError(error, 'TOKEN_PROVIDER_FAILED');
      attempt.tokenWarnings[kind] = warning;
      this.#publish({ error: warning });
    }
  }

  /** Role and app state changes, applied to RTC and RTM together. */
  async #update(attempt: JoinAttempt, want: DualChannelTarget, generation: number): Promise<void> {
    const rtc = attempt.rtc;
    const source = attempt.source;
    if (rtc === null || source === null) return;
    const previous = attempt.role;
    let rtcChanged = false;
    try {
      if (want.role !== previous) {
        // unpublish before becoming audience (docs/agora-behaviour.md §2)
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
        attempt.role = want.role;
        this.#publish({ role: want.role, error: null });
      }
      if (!sameState(attempt.state, want.state)) {
        await source.replaceSelfState(want.state);
        attempt.state = want.state;
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

  /** Leaves: detaches the attempt's listeners, rolls back what it did (rollback.ts), reports. */
  async #teardown(attempt: JoinAttempt): Promise<void> {
    attempt.detach();
    const failure = attempt.fatal;
    this.#publish({ status: 'leaving' });
    const leaveError = await rollback(attempt, this.#bounded);
    if (this.#attempt === attempt) this.#attempt = null;
    this.#store.dispatch({ type: 'reset' });
    if (failure !== null) {
      this.#store.dispatch({ type: 'status', status: 'failed', error: failure });
      this.#publish({ status: 'failed', error: failure, rtcUid: null });
    } else {
      this.#publish({ status: 'left', error: leaveError, rtcUid: null });
    }
  }
}
