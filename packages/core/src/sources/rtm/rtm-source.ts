import type { RtmLinkStateEvent, RtmPresenceEvent, RtmSubscribeOptions } from '../../agora-types';
import type { PresenceAction } from '../../actions';
import { Deadlines, defaultTimers, withDeadline } from '../../deadline';
import { invalidArgument, PresenceError, requireNonEmpty, toPresenceError } from '../../errors';
import type { ConnectionStatus } from '../../model';
import type { PresenceStore } from '../../store';
import { isValidTotal } from '../../reducer/action-checks';
import { looksDegraded } from './degraded';
import { INITIAL_LINK, mapLinkState, type LinkMemory } from './link-state';
import { PresenceResync } from './resync';
import { adaptPresenceEvent } from './rtm-adapter';
import { RtmPacer } from './rtm-pacer';
import type { RtmClientLike, RtmSource, RtmSourceOptions } from './rtm-source-types';
import { SelfState } from './self-state';
import type { PacedCall, SourceContext } from './source-context';

export type { RtmClientLike, RtmSource, RtmSourceOptions } from './rtm-source-types';

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Binds an RTM client (real or simulated) to a presence store. Listeners are
 * added NOW, before any login/subscribe, so early events are not missed
 * (docs/agora-behaviour.md §1). The source does not log in by itself: call `join()`.
 * Throws PresenceError('INVALID_ARGUMENT') on bad options.
 *
 * The parts, one file each: presence events → actions (`rtm-adapter.ts`),
 * link state → status (`link-state.ts`), the local user's state
 * (`self-state.ts`), whoNow resync and backoff (`resync.ts`), degraded-mode
 * lists (`degraded.ts`); this file wires them to the client and the store.
 */
export function bindRtmSource(
  store: PresenceStore,
  client: RtmClientLike,
  options: RtmSourceOptions,
): RtmSource {
  const { channel, userId } = options;
  requireNonEmpty(channel, 'channel');
  requireNonEmpty(userId, 'userId');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0)) throw invalidArgument('timeoutMs must be > 0');
  const config = store.getState().config;
  const beQuiet = options.subscribeOptions?.beQuiet === true;
  const timers = options.timers ?? defaultTimers;
  const deadlines = new Deadlines(timers);
  const pacer = new RtmPacer(timers);
  const call: PacedCall = (operation, work, timeoutCode, failCode, timeoutMessage, extendWhile) =>
    deadlines.run(
      () => pacer.run(operation, work),
      timeoutMs,
      timeoutCode,
      failCode,
      timeoutMessage,
      extendWhile,
    );

  let bound = true;
  /** what close() must undo */
  let loginStarted = false;
  let subscribeStarted = false;
  let closing: Promise<void> | null = null;
  let subscribed = false;
  let link: LinkMemory = INITIAL_LINK;

  const ctx: SourceContext = {
    store,
    client,
    channel,
    userId,
    timers,
    call,
    bound: () => bound,
    dispatch(action: PresenceAction): void {
      if (bound) store.dispatch(action);
    },
    report(error: unknown): void {
      if (bound) options.onError?.(toPresenceError(error, 'RTM_RESYNC_FAILED'));
    },
  };
  const { dispatch, report } = ctx;
  const setStatus = (status: ConnectionStatus, error?: PresenceError | null): void =>
    dispatch(error === undefined ? { type: 'status', status } : { type: 'status', status, error });

  const resync = new PresenceResync(ctx, {
    retryBaseMs: options.resyncRetryMs ?? 5_000,
    retryOutOfService: options.resyncOnOutOfService !== false,
    afterSnapshot: () => {
      if (self.owed && subscribed) void self.write().catch(report);
    },
  });
  const self = new SelfState(ctx, {
    roleKey: options.roleKey ?? config.roleKey,
    rtcUidKey: options.rtcUidKey ?? config.rtcUidKey,
    beQuiet,
    role: options.role ?? 'audience',
    rtcUid: options.rtcUid ?? null,
    state: options.state ?? {},
    subscribed: () => subscribed,
    noteUnavailable: (error) => resync.noteUnavailable(error),
  });

  const knownMembers = (): number => {
    store.flush();
    return store.getState().members.size;
  };

  const onPresence = (event: RtmPresenceEvent): void => {
    const actions = adaptPresenceEvent(event, channel);
    for (const action of actions) {
      if (action.type === 'snapshot') {
        subscribed = true; // a SNAPSHOT for our channel means we are in it, whoever subscribed
        if (looksDegraded(action.members, knownMembers)) {
          resync.applyPartial(action.members, null);
          if (options.resyncOnReconnect !== false) resync.auto();
          continue;
        }
        resync.outOfService = false;
      } else if (action.type === 'invalidate') resync.outOfService = true;
      dispatch(action);
      resync.record(action);
      if (action.type === 'invalidate' && options.resyncOnOutOfService !== false) resync.auto();
    }
  };

  const onLinkState = (event: RtmLinkStateEvent): void => {
    const outcome = mapLinkState(event, link);
    link = outcome.link;
    if (outcome.loggedOut) {
      // logged out: the SDK keeps no subscription, and drops temporary state with it
      subscribed = false;
      self.forget();
    }
    if (outcome.action !== null) dispatch(outcome.action);
    if (outcome.reconnected !== null && subscribed) void reconcile(outcome.reconnected.resubscribe);
  };

  client.addEventListener('presence', onPresence);
  client.addEventListener('linkState', onLinkState);
  store.dispatch({ type: 'self', userId });

  /** after a reconnect: subscribe again if not resumed, set own state again, resync */
  async function reconcile(resubscribe: boolean): Promise<void> {
    try {
      if (resubscribe) {
        // the SDK usually re-enters channels itself (docs/agora-behaviour.md §1): a redundant re-subscribe error is harmless
        await subscribeOnce().catch(() => undefined);
      }
      if (self.written) await self.write();
    } catch (error) {
      report(error);
    }
    if (options.resyncOnReconnect !== false) resync.auto();
  }

  /** the link dropped after a first connection and the SDK is retrying (not FAILED, not IDLE) */
  const linkDown = (): boolean =>
    link.everConnected &&
    (link.last === 'DISCONNECTED' || link.last === 'SUSPENDED' || link.last === 'CONNECTING');

  function subscribeOnce(): Promise<unknown> {
    const subscribeOptions: RtmSubscribeOptions = {
      // we never read channel messages: do not have them sent (docs/agora-behaviour.md §1b, "withMessage")
      withMessage: false,
      ...options.subscribeOptions,
      withPresence: true,
      beQuiet,
    };
    return call(
      'subscribe',
      () => client.subscribe(channel, subscribeOptions),
      'RTM_SUBSCRIBE_TIMEOUT',
      'RTM_SUBSCRIBE_FAILED',
      undefined,
      // while the link is down 2.3.0 queues a subscribe and sends it on reconnect
      // (docs/agora-behaviour.md §1b, "Link down"): waiting then is not a hang
      linkDown,
    );
  }

  const source: RtmSource = {
    async login(loginOptions) {
      loginStarted = true;
      if (link.last !== 'CONNECTED') setStatus(link.everConnected ? 'reconnecting' : 'connecting');
      try {
        await call(
          'login',
          () =>
            client.login(
              loginOptions?.token === undefined ? undefined : { token: loginOptions.token },
            ),
          'RTM_LOGIN_TIMEOUT',
          'RTM_LOGIN_FAILED',
        );
      } catch (error) {
        // a FAILED linkState already carries the more precise reason (INVALID_TOKEN, ...)
        if (link.last !== 'FAILED') setStatus('failed', error as PresenceError);
        throw error;
      }
    },
    async subscribe() {
      subscribeStarted = true;
      await subscribeOnce();
      subscribed = true;
    },
    setSelfState(patch) {
      if (patch !== undefined) self.appState = { ...self.appState, ...patch };
      return self.write();
    },
    replaceSelfState(next) {
      self.appState = { ...next };
      return self.write();
    },
    setRole(next) {
      if (next !== 'host' && next !== 'audience') {
        return Promise.reject(invalidArgument(`role ${String(next)}`));
      }
      self.role = next;
      return self.write();
    },
    setRtcUid(uid) {
      self.rtcUid = uid;
      return self.write();
    },
    async join(joinOptions) {
      const signal = joinOptions?.signal;
      await source.login(joinOptions?.token === undefined ? {} : { token: joinOptions.token });
      signal?.throwIfAborted();
      await source.subscribe();
      signal?.throwIfAborted();
      await source.setSelfState();
    },
    resync: () => resync.resync(),
    async count() {
      const response = await call(
        'whoNow',
        () => client.presence.whoNow(channel, 'MESSAGE', { includedUserId: false }),
        'RTM_RESYNC_FAILED',
        'RTM_RESYNC_FAILED',
      ).catch((error: unknown) => {
        resync.noteUnavailable(error);
        throw error;
      });
      const total = response?.totalOccupancy;
      if (!isValidTotal(total)) {
        throw new PresenceError('RTM_RESYNC_FAILED', {
          message: 'whoNow returned no totalOccupancy',
        });
      }
      dispatch({ type: 'occupancy', total, source: 'who-now' });
      return total;
    },
    async leave() {
      subscribed = false;
      self.forget();
      try {
        await call(
          'unsubscribe',
          () => client.unsubscribe(channel),
          'RTM_SUBSCRIBE_TIMEOUT',
          'RTM_SUBSCRIBE_FAILED',
          'Leaving the presence channel took too long.',
        );
      } finally {
        dispatch({ type: 'reset' });
      }
    },
    async logout() {
      await call(
        'logout',
        () => client.logout(),
        'RTM_CONNECTION_FAILED',
        'RTM_CONNECTION_FAILED',
        'Logging out of Agora Signaling took too long.',
      );
    },
    unbind() {
      if (!bound) return;
      bound = false;
      client.removeEventListener('presence', onPresence);
      client.removeEventListener('linkState', onLinkState);
      resync.close();
      deadlines.abortAll('The presence source was unbound.');
      pacer.close();
    },
    close() {
      source.unbind();
      closing ??= (async () => {
        // straight to the SDK, not through the closed pacer: each call bounded, failures ignored
        if (subscribeStarted) {
          await withDeadline(
            () => client.unsubscribe(channel),
            timeoutMs,
            timers,
            'RTM_SUBSCRIBE_TIMEOUT',
            'RTM_SUBSCRIBE_FAILED',
          ).catch(() => undefined);
        }
        if (loginStarted) {
          await withDeadline(
            () => client.logout(),
            timeoutMs,
            timers,
            'RTM_CONNECTION_FAILED',
            'RTM_CONNECTION_FAILED',
          ).catch(() => undefined);
        }
      })();
      return closing;
    },
    get loginStarted() {
      return loginStarted;
    },
  };
  return source;
}
