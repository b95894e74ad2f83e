import type { RTMEvents, SubscribeOptions } from 'agora-rtm-sdk';
import type { PresenceAction } from './actions';
import { Deadlines, defaultTimers } from './deadline';
import { PresenceError } from './errors';
import type { ConnectionStatus, MemberState } from './model';
import { adaptPresenceEvent } from './rtm-adapter';
import { linkFailureCode } from './rtm-link-failure';
import { fetchWhoNowPages } from './who-now-pages';
import type { RtmClientLike, RtmSource, RtmSourceOptions } from './rtm-source-types';
import type { PresenceStore } from './store';

export type { RtmClientLike, RtmSource, RtmSourceOptions } from './rtm-source-types';

const DEFAULT_TIMEOUT_MS = 15_000;
/** page size of the degraded-mode fallback snapshot (agora-notes.md §1) */
const DEGRADED_PAGE = 200;

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
  const retryBaseMs = options.resyncRetryMs ?? 5_000;
  const MAX_RETRY_MS = 60_000;

  let bound = true;
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
  /** set by ERROR_OUT_OF_SERVICE until a fresh list: that error says more than a failed resync */
  let outOfService = false;

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
      const partial = action.type === 'snapshot' && looksDegraded(action.members);
      if (action.type === 'invalidate') outOfService = true;
      else if (action.type === 'snapshot') {
        outOfService = false;
        subscribed = true; // a SNAPSHOT for our channel means we are in it, whoever subscribed
      }
      dispatch(action);
      if (replay !== null && action.type !== 'ignored') replay.push(action);
      if (action.type === 'invalidate' && options.resyncOnOutOfService !== false) autoResync();
      if (partial && options.resyncOnReconnect !== false) autoResync();
    }
  };

  /**
   * The degraded-mode fallback's SNAPSHOT holds only the first page (up to 200
   * userIds) with EMPTY states (agora-notes.md §1). One like that which is
   * smaller than the list we had is followed by a whoNow reconciliation.
   */
  function looksDegraded(rows: readonly { readonly state?: MemberState }[]): boolean {
    if (rows.length > DEGRADED_PAGE) return false;
    for (const row of rows)
      if (row.state !== undefined && Object.keys(row.state).length > 0) return false;
    store.flush();
    return rows.length < store.getState().members.size;
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

  /** a resync nobody awaits: its failure is reported and retried with backoff while the list is stale */
  function autoResync(): void {
    resync().then(
      () => {
        retries = 0;
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

  function subscribeOnce(): Promise<unknown> {
    const subscribeOptions: SubscribeOptions = {
      ...options.subscribeOptions,
      withPresence: true,
      beQuiet,
    };
    return deadlines.run(
      () => client.subscribe(channel, subscribeOptions),
      timeoutMs,
      'RTM_SUBSCRIBE_TIMEOUT',
      'RTM_SUBSCRIBE_FAILED',
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
    const publish = (call: () => Promise<unknown>): Promise<unknown> =>
      deadlines.run(
        call,
        timeoutMs,
        'RTM_SET_STATE_FAILED',
        'RTM_SET_STATE_FAILED',
        'Publishing your presence state took too long.',
      );
    await publish(() => client.presence.setState(channel, 'MESSAGE', { ...state }));
    stateWritten = true;
    // until removeState succeeds, the dropped keys still count as written (retried next time)
    writtenKeys = new Set([...Object.keys(state), ...removed]);
    // the SDK never reports the local user's own changes back (agora-notes.md §1)
    if (!beQuiet && subscribed) dispatch({ type: 'state', userId, state });
    const { removeState } = client.presence;
    if (removed.length > 0 && removeState !== undefined) {
      await publish(() =>
        removeState.call(client.presence, channel, 'MESSAGE', { states: removed }),
      );
      writtenKeys = new Set(Object.keys(state));
    }
  }

  const fetchAllPages = () =>
    fetchWhoNowPages(client.presence, channel, (call) =>
      deadlines.run(
        call,
        timeoutMs,
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
        const { rows, total } = await fetchAllPages();
        const buffered = replay ?? [];
        outOfService = false;
        dispatch({
          type: 'snapshot',
          members: rows,
          ...(total > rows.length ? { total } : {}),
        });
        // events that arrived during paging are newer than parts of the snapshot
        for (const action of buffered) dispatch(action);
      } catch (error) {
        const presenceError =
          error instanceof PresenceError
            ? error
            : new PresenceError('RTM_RESYNC_FAILED', { cause: error });
        dispatch(
          outOfService ? { type: 'invalidate' } : { type: 'invalidate', error: presenceError },
        );
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
      if (lastLink !== 'CONNECTED') setStatus(everConnected ? 'reconnecting' : 'connecting');
      try {
        await deadlines.run(
          () =>
            client.login(
              loginOptions?.token === undefined ? undefined : { token: loginOptions.token },
            ),
          timeoutMs,
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
      await source.login(joinOptions);
      await source.subscribe();
      await source.setSelfState();
    },
    resync,
    async count() {
      const response = await deadlines.run(
        () => client.presence.whoNow(channel, 'MESSAGE', { includedUserId: false }),
        timeoutMs,
        'RTM_RESYNC_FAILED',
        'RTM_RESYNC_FAILED',
      );
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
      writtenKeys = new Set();
      try {
        await deadlines.run(
          () => client.unsubscribe(channel),
          timeoutMs,
          'RTM_SUBSCRIBE_TIMEOUT',
          'RTM_SUBSCRIBE_FAILED',
          'Leaving the presence channel took too long.',
        );
      } finally {
        dispatch({ type: 'reset' });
      }
    },
    async logout() {
      await deadlines.run(
        () => client.logout(),
        timeoutMs,
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
    },
  };
  return source;
}
