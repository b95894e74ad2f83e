import type { RTMEvents, SubscribeOptions } from 'agora-rtm-sdk';
import type { PresenceAction } from '../../actions';
import { Deadlines, defaultTimers, withDeadline } from '../../deadline';
import { PresenceError, type PresenceErrorCode } from '../../errors';
import type { ConnectionStatus, MemberState } from '../../model';
import { adaptPresenceEvent } from './rtm-adapter';
import { linkFailureCode } from './rtm-link-failure';
import { RtmPacer, rtmErrorCode } from './rtm-pacer';
import { fetchWhoNowPages } from './who-now-pages';
import type { RtmClientLike, RtmSource, RtmSourceOptions } from './rtm-source-types';
import type { PresenceStore } from '../../store';

export type { RtmClientLike, RtmSource, RtmSourceOptions } from './rtm-source-types';

const DEFAULT_TIMEOUT_MS = 15_000;
/** page size of the degraded-mode fallback snapshot and whoNow (agora-notes.md §1b, "Degraded mode") */
const DEGRADED_PAGE = 200;
/**
 * RTM_ERROR_PRESENCE_INACTIVE / RTM_ERROR_PRESENCE_NOT_CONNECTED: how 2.3.0
 * reports presence that is unavailable, since it never emits
 * ERROR_OUT_OF_SERVICE (agora-notes.md §1b, "ERROR_OUT_OF_SERVICE is never emitted").
 */
const PRESENCE_UNAVAILABLE: ReadonlySet<number> = new Set([-13014, -13001]);

function presenceUnavailable(error: unknown): boolean {
  const code = rtmErrorCode(error);
  return code !== null && PRESENCE_UNAVAILABLE.has(code);
}

/**
 * Binds an RTM client (real or simulated) to a presence store. Listeners are
 * added NOW, before any login/subscribe, so early events are not missed
 * (agora-notes.md §1). The source does not log in by itself: call the steps.
 * Throws PresenceError('INVALID_ARGUMENT') on bad options.
 */
export function bindRtmSource(
  store: PresenceStore,
  client: RtmClientLike,
  options: RtmSourceOptions,
): RtmSource {
  const { channel, userId } = options;
  if (typeof channel !== 'string' || channel === '')
    throw new PresenceError('INVALID_ARGUMENT', { message: 'channel must be a non-empty string' });
  if (typeof userId !== 'string' || userId === '')
    throw new PresenceError('INVALID_ARGUMENT', { message: 'userId must be a non-empty string' });
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0))
    throw new PresenceError('INVALID_ARGUMENT', { message: 'timeoutMs must be > 0' });
  const config = store.getState().config;
  const roleKey = options.roleKey ?? config.roleKey;
  const rtcUidKey = options.rtcUidKey ?? config.rtcUidKey;
  const beQuiet = options.subscribeOptions?.beQuiet === true;
  const timers = options.timers ?? defaultTimers;
  const deadlines = new Deadlines(timers);
  const pacer = new RtmPacer(timers);
  /** an SDK call, paced under the rate limit (agora-notes.md §1b) and bounded by the deadline */
  const call = <T>(
    operation: string,
    work: () => Promise<T>,
    timeoutCode: PresenceErrorCode,
    failCode: PresenceErrorCode,
    timeoutMessage?: string,
    extendWhile?: () => boolean,
  ): Promise<T> =>
    deadlines.run(
      () => pacer.run(operation, work),
      timeoutMs,
      timeoutCode,
      failCode,
      timeoutMessage,
      extendWhile,
    );
  const retryBaseMs = options.resyncRetryMs ?? 5_000;
  const MAX_RETRY_MS = 60_000;

  let bound = true;
  /** what close() must undo */
  let loginStarted = false;
  let subscribeStarted = false;
  let closing: Promise<void> | null = null;
  let role = options.role ?? 'audience';
  let rtcUid = options.rtcUid ?? null;
  let appState: MemberState = options.state ?? {};
  let stateWritten = false;
  /** keys of the state last written to RTM: one dropped since must be removed there too */
  let writtenKeys: ReadonlySet<string> = new Set();
  let subscribed = false;
  let everConnected = false;
  let lostLink = false;
  let lastLink: string | null = null;
  let resyncing: Promise<void> | null = null;
  /** actions seen while a resync is in flight, replayed on top of its (older) snapshot */
  let replay: PresenceAction[] | null = null;
  let retryTimer: unknown = null;
  let retries = 0;
  /**
   * set by ERROR_OUT_OF_SERVICE or a presence call rejected -13014 / -13001,
   * until a fresh list: that error says more than a failed resync
   */
  let outOfService = false;
  /** a state write was refused while presence was unavailable: written again once it is back */
  let stateOwed = false;

  const dispatch = (action: PresenceAction): void => {
    if (bound) store.dispatch(action);
  };
  const setStatus = (status: ConnectionStatus, error?: PresenceError | null): void =>
    dispatch(error === undefined ? { type: 'status', status } : { type: 'status', status, error });
  const report = (error: unknown): void => {
    if (!bound) return;
    const presenceError =
      error instanceof PresenceError
        ? error
        : new PresenceError('RTM_RESYNC_FAILED', { cause: error });
    options.onError?.(presenceError);
  };

  const onPresence = (event: RTMEvents.PresenceEvent): void => {
    const actions = adaptPresenceEvent(event, channel);
    for (const action of actions) {
      if (action.type === 'snapshot') {
        subscribed = true; // a SNAPSHOT for our channel means we are in it, whoever subscribed
        if (looksDegraded(action.members)) {
          applyPartial(action.members, null);
          if (options.resyncOnReconnect !== false) autoResync();
          continue;
        }
        outOfService = false;
      } else if (action.type === 'invalidate') outOfService = true;
      dispatch(action);
      if (replay !== null && action.type !== 'ignored') replay.push(action);
      if (action.type === 'invalidate' && options.resyncOnOutOfService !== false) autoResync();
    }
  };

  /**
   * The degraded-mode fallback's SNAPSHOT holds only the first 200 userIds
   * with EMPTY states (agora-notes.md §1b, "Degraded mode"). One like that
   * which is smaller than the list we had, or exactly one full fallback page,
   * is taken as partial.
   */
  function looksDegraded(rows: readonly { readonly state?: MemberState }[]): boolean {
    if (rows.length > DEGRADED_PAGE || rows.length === 0) return false;
    for (const row of rows)
      if (row.state !== undefined && Object.keys(row.state).length > 0) return false;
    if (rows.length === DEGRADED_PAGE) return true;
    store.flush();
    return rows.length < store.getState().members.size;
  }

  /**
   * A partial list (degraded mode) names only some of those here: it must not
   * mean "everyone else left". Adds whom it names without touching known
   * states, takes its total as the count when it has one, and marks the list
   * stale with PRESENCE_DEGRADED until a whoNow gives the whole list.
   */
  function applyPartial(rows: readonly { readonly userId: string }[], total: number | null): void {
    store.flush();
    if (store.getState().members.size === 0 && total === null) {
      // nothing to lose and nobody to announce (a first snapshot announces nobody)
      dispatch({ type: 'snapshot', members: rows.map(({ userId }) => ({ userId })) });
    } else {
      for (const { userId } of rows) dispatch({ type: 'join', userId });
    }
    if (total !== null) dispatch({ type: 'occupancy', total, source: 'who-now' });
    dispatch({ type: 'invalidate', error: new PresenceError('PRESENCE_DEGRADED') });
  }

  const onLinkState = (event: RTMEvents.LinkStateEvent): void => {
    if (typeof event !== 'object' || event === null) {
      dispatch({ type: 'ignored', why: 'malformed', detail: 'linkState event is not an object' });
      return;
    }
    // the STREAM link does not carry message-channel presence
    if (event.serviceType !== undefined && event.serviceType !== 'MESSAGE') return;
    lastLink = event.currentState;
    switch (event.currentState) {
      case 'CONNECTED': {
        const reconnected = lostLink && everConnected;
        everConnected = true;
        lostLink = false;
        setStatus('connected');
        if (reconnected && subscribed) void reconcile(event.isResumed === false);
        return;
      }
      case 'CONNECTING':
        setStatus(everConnected ? 'reconnecting' : 'connecting');
        return;
      case 'DISCONNECTED':
      case 'SUSPENDED':
        // the list is KEPT and marked stale; the SDK retries by itself
        if (everConnected) lostLink = true;
        setStatus(everConnected ? 'reconnecting' : 'connecting');
        return;
      case 'FAILED':
        lostLink = true;
        setStatus('failed', new PresenceError(linkFailureCode(event.reasonCode), { cause: event }));
        return;
      case 'IDLE':
        // logged out: the SDK keeps no subscription
        subscribed = false;
        stateWritten = false;
        stateOwed = false;
        writtenKeys = new Set(); // the SDK drops temporary state with the subscription
        setStatus(everConnected ? 'disconnected' : 'idle');
        return;
      default:
        dispatch({
          type: 'ignored',
          why: 'malformed',
          detail: `linkState ${String(event.currentState)}`,
        });
    }
  };

  client.addEventListener('presence', onPresence);
  client.addEventListener('linkState', onLinkState);
  store.dispatch({ type: 'self', userId });

  /** after a reconnect: subscribe again if not resumed, set own state again, resync */
  async function reconcile(resubscribe: boolean): Promise<void> {
    try {
      if (resubscribe) {
        // the SDK usually re-enters channels itself (agora-notes.md §1): a redundant re-subscribe error is harmless
        await subscribeOnce().catch(() => undefined);
      }
      if (stateWritten) await writeState();
    } catch (error) {
      report(error);
    }
    if (options.resyncOnReconnect !== false) autoResync();
  }

  /**
   * A presence call was refused because presence is unavailable (-13014 /
   * -13001): the out-of-service path, as ERROR_OUT_OF_SERVICE would have been.
   * Marks the list stale (the first time with PRESENCE_OUT_OF_SERVICE) and
   * returns true; false for any other error.
   */
  function noteUnavailable(error: unknown): boolean {
    if (!presenceUnavailable(error)) return false;
    const first = !outOfService;
    outOfService = true;
    const sdkError =
      error instanceof PresenceError && error.cause !== undefined ? error.cause : error;
    dispatch(
      first
        ? {
            type: 'invalidate',
            error: new PresenceError('PRESENCE_OUT_OF_SERVICE', { cause: sdkError }),
          }
        : { type: 'invalidate' },
    );
    // nothing will tell us when it is back: ask again with backoff (resync when it recovers)
    if (options.resyncOnOutOfService !== false) scheduleRetry();
    return true;
  }

  /** a resync nobody awaits: its failure is reported and retried with backoff while the list is stale */
  function autoResync(): void {
    resync().then(
      () => {
        store.flush();
        // a partial (degraded-mode) answer leaves the list stale: ask again later
        if (store.getState().staleness.stale) scheduleRetry();
        else retries = 0;
      },
      (error: unknown) => {
        report(error);
        scheduleRetry();
      },
    );
  }

  function scheduleRetry(): void {
    if (!bound || retryBaseMs <= 0 || retryTimer !== null) return;
    const delay = Math.min(MAX_RETRY_MS, retryBaseMs * 2 ** retries++);
    retryTimer = timers.setTimeout(() => {
      retryTimer = null;
      store.flush();
      // a SNAPSHOT (e.g. the presence service came back) may have made the list fresh already
      const state = store.getState();
      // while the link is down the reconnect path resyncs by itself
      if (bound && state.staleness.stale && state.status === 'connected') autoResync();
      else retries = 0;
    }, delay);
  }

  /** the link dropped after a first connection and the SDK is retrying (not FAILED, not IDLE) */
  const linkDown = (): boolean =>
    everConnected &&
    (lastLink === 'DISCONNECTED' || lastLink === 'SUSPENDED' || lastLink === 'CONNECTING');

  function subscribeOnce(): Promise<unknown> {
    const subscribeOptions: SubscribeOptions = {
      // we never read channel messages: do not have them sent (agora-notes.md §1b, "withMessage")
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
      // (agora-notes.md §1b, "Link down"): waiting then is not a hang
      linkDown,
    );
  }

  function selfState(): MemberState {
    const state: Record<string, string> = { ...appState, [roleKey]: role };
    if (rtcUid !== null) state[rtcUidKey] = String(rtcUid);
    return Object.freeze(state);
  }

  async function writeState(): Promise<void> {
    const state = selfState();
    // RTM merges setState into the stored map: a dropped key needs removeState
    const removed = [...writtenKeys].filter((key) => !Object.hasOwn(state, key));
    const publish = (operation: string, work: () => Promise<unknown>): Promise<unknown> =>
      call(
        operation,
        work,
        'RTM_SET_STATE_FAILED',
        'RTM_SET_STATE_FAILED',
        'Publishing your presence state took too long.',
      ).catch((error: unknown) => {
        if (!noteUnavailable(error)) throw error;
        // written again once presence is back (after the resync that proves it)
        stateOwed = true;
        throw new PresenceError('PRESENCE_OUT_OF_SERVICE', {
          message:
            'The presence service is unavailable for this channel; your state will be published when it is back.',
          cause: error instanceof PresenceError ? (error.cause ?? error) : error,
        });
      });
    await publish('setState', () => client.presence.setState(channel, 'MESSAGE', { ...state }));
    stateWritten = true;
    stateOwed = false;
    // until removeState succeeds, the dropped keys still count as written (retried next time)
    writtenKeys = new Set([...Object.keys(state), ...removed]);
    // the SDK never reports the local user's own changes back (agora-notes.md §1)
    if (!beQuiet && subscribed) dispatch({ type: 'state', userId, state });
    const { removeState } = client.presence;
    if (removed.length > 0 && removeState !== undefined) {
      await publish('removeState', () =>
        removeState.call(client.presence, channel, 'MESSAGE', { states: removed }),
      );
      writtenKeys = new Set(Object.keys(state));
    }
  }

  // one whoNow lane for both listings and count(): the rate limit is per operation
  const fetchAllPages = () =>
    fetchWhoNowPages(client.presence, channel, (work) =>
      call(
        'whoNow',
        work,
        'RTM_RESYNC_FAILED',
        'RTM_RESYNC_FAILED',
        'Refreshing the audience list took too long.',
      ),
    );

  function resync(): Promise<void> {
    if (!bound)
      return Promise.reject(new PresenceError('RTM_RESYNC_FAILED', { message: 'unbound' }));
    if (resyncing !== null) return resyncing;
    replay = [];
    const run = (async () => {
      try {
        const { rows, total, partial } = await fetchAllPages();
        const buffered = replay ?? [];
        outOfService = false;
        if (partial) applyPartial(rows, total);
        else {
          dispatch({
            type: 'snapshot',
            members: rows,
            ...(total > rows.length ? { total } : {}),
          });
        }
        // events that arrived during paging are newer than parts of the snapshot
        for (const action of buffered) dispatch(action);
        if (stateOwed && subscribed) void writeState().catch(report);
      } catch (error) {
        const presenceError =
          error instanceof PresenceError
            ? error
            : new PresenceError('RTM_RESYNC_FAILED', { cause: error });
        if (!noteUnavailable(error)) {
          dispatch(
            outOfService ? { type: 'invalidate' } : { type: 'invalidate', error: presenceError },
          );
        }
        throw presenceError;
      } finally {
        replay = null;
        resyncing = null;
      }
    })();
    resyncing = run;
    return run;
  }

  const source: RtmSource = {
    async login(loginOptions) {
      loginStarted = true;
      if (lastLink !== 'CONNECTED') setStatus(everConnected ? 'reconnecting' : 'connecting');
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
        if (lastLink !== 'FAILED') setStatus('failed', error as PresenceError);
        throw error;
      }
    },
    async subscribe() {
      subscribeStarted = true;
      await subscribeOnce();
      subscribed = true;
    },
    setSelfState(patch) {
      if (patch !== undefined) appState = { ...appState, ...patch };
      return writeState();
    },
    replaceSelfState(next) {
      appState = { ...next };
      return writeState();
    },
    setRole(next) {
      if (next !== 'host' && next !== 'audience') {
        return Promise.reject(
          new PresenceError('INVALID_ARGUMENT', { message: `role ${String(next)}` }),
        );
      }
      role = next;
      return writeState();
    },
    setRtcUid(uid) {
      rtcUid = uid;
      return writeState();
    },
    async join(joinOptions) {
      const signal = joinOptions?.signal;
      await source.login(joinOptions?.token === undefined ? {} : { token: joinOptions.token });
      signal?.throwIfAborted();
      await source.subscribe();
      signal?.throwIfAborted();
      await source.setSelfState();
    },
    resync,
    async count() {
      const response = await call(
        'whoNow',
        () => client.presence.whoNow(channel, 'MESSAGE', { includedUserId: false }),
        'RTM_RESYNC_FAILED',
        'RTM_RESYNC_FAILED',
      ).catch((error: unknown) => {
        noteUnavailable(error);
        throw error;
      });
      const total = response?.totalOccupancy;
      if (typeof total !== 'number' || !Number.isFinite(total) || total < 0) {
        throw new PresenceError('RTM_RESYNC_FAILED', {
          message: 'whoNow returned no totalOccupancy',
        });
      }
      dispatch({ type: 'occupancy', total, source: 'who-now' });
      return total;
    },
    async leave() {
      subscribed = false;
      stateWritten = false;
      stateOwed = false;
      writtenKeys = new Set();
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
      if (retryTimer !== null) timers.clearTimeout(retryTimer);
      retryTimer = null;
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
