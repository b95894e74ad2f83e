import type { RTMEvents, SubscribeOptions, WhoNowResponse } from 'agora-rtm-sdk';
import type { VirtualClock } from '@audience-presence/simulator';
import type { RtmClientLike } from '../../src/index';

/** an error shaped like agora-rtm-sdk's RTMBaseError (code = errorCode) */
export function sdkError(code: number, name = 'RtmUnavailableError'): Error {
  return Object.assign(new Error(`RTM error ${code}`), { name, code, errorCode: code });
}

/**
 * A hand-written RTM client that does what agora-rtm-sdk 2.3.0 does where the
 * simulator (today) forgives: the 21st call of one operation inside one
 * second throws -10021 synchronously; presence can be made unavailable
 * (-13014 from presence APIs); degraded mode answers whoNow with the first
 * 200 ids, empty states, nextPage '' and the true total; a subscribe while the
 * link is down is queued until it is back (docs/agora-behaviour.md §1b).
 * `whoNow` pages the server's list by `pageSize`, as in TOPN mode.
 */
export function strictFake(clock: VirtualClock, options: { pageSize?: number } = {}) {
  const pageSize = options.pageSize ?? 50;
  const listeners = new Map<string, Set<(event: never) => void>>();
  const calls = new Map<string, number[]>();
  const log: string[] = [];
  let members: { userId: string; states: Record<string, string> }[] = [];
  let unavailable = false;
  let degraded = false;
  let linkUp = true;
  let queued: (() => void)[] = [];
  const subscribeOptions: SubscribeOptions[] = [];
  const writes: Record<string, string>[] = [];
  let rateLimited = 0;

  /** the SDK's limiter: the 21st call inside one second throws -10021 synchronously */
  function limit(operation: string): void {
    const now = clock.now();
    const recent = (calls.get(operation) ?? []).filter((t) => t > now - 1_000);
    if (recent.length >= 20) {
      rateLimited++;
      throw sdkError(-10021, 'RtmOperationRateExceedError');
    }
    recent.push(now);
    calls.set(operation, recent);
  }

  function emit(name: string, event: unknown): void {
    for (const fn of listeners.get(name) ?? []) (fn as (e: unknown) => void)(event);
  }

  const ok = <T>(value: T) => Promise.resolve(value);
  const client = {
    addEventListener: (name: string, fn: (event: never) => void) => {
      let set = listeners.get(name);
      if (set === undefined) listeners.set(name, (set = new Set()));
      set.add(fn);
    },
    removeEventListener: (name: string, fn: (event: never) => void) =>
      listeners.get(name)?.delete(fn),
    login: () => {
      limit('login');
      link('CONNECTED', { previousState: 'CONNECTING', operation: 'LOGIN' });
      return ok({ timestamp: clock.now() });
    },
    logout: () => ok({ timestamp: clock.now() }),
    subscribe: (channelName: string, opts: SubscribeOptions) => {
      limit('subscribe');
      subscribeOptions.push(opts);
      const done = { timestamp: clock.now(), channelName, errorCode: 0 };
      if (linkUp) return ok(done);
      // _allowSubscribeCacheOnLinkDown: resolves when the link is back
      return new Promise((resolve) => queued.push(() => resolve(done)));
    },
    unsubscribe: (channelName: string) => ok({ timestamp: clock.now(), channelName, errorCode: 0 }),
    presence: {
      setState: (_channel: string, _type: string, state: Record<string, string>) => {
        limit('setState');
        if (unavailable) return Promise.reject(sdkError(-13014, 'RtmPresenceError'));
        writes.push({ ...state });
        return ok({ timestamp: clock.now() });
      },
      whoNow: (
        _channel: string,
        _type: string,
        opts: { includedUserId?: boolean; includedState?: boolean; page?: string } = {},
      ) => {
        limit('whoNow');
        log.push(`${opts.includedState === true ? 'states' : 'ids'}:${opts.page ?? ''}`);
        if (unavailable) return Promise.reject(sdkError(-13014, 'RtmPresenceError'));
        const withStates = opts.includedState === true;
        if (degraded) {
          const answer: WhoNowResponse = {
            timestamp: clock.now(),
            totalOccupancy: members.length,
            nextPage: '',
            occupants: members
              .slice(0, 200)
              .map(({ userId }) => ({ userId, states: {}, statesCount: 0 })),
          };
          return ok(answer);
        }
        const start = opts.page === undefined || opts.page === '' ? 0 : Number(opts.page);
        const page = members.slice(start, start + pageSize);
        const end = start + page.length;
        const answer: WhoNowResponse = {
          timestamp: clock.now(),
          totalOccupancy: page.length, // per page when paginated, as the d.ts says
          nextPage: end < members.length ? String(end) : '',
          occupants: page.map(({ userId, states }) => ({
            userId,
            states: withStates ? states : {},
            statesCount: withStates ? Object.keys(states).length : 0,
          })),
        };
        return ok(answer);
      },
    },
  };

  const presence = (event: Partial<RTMEvents.PresenceEvent>) =>
    emit('presence', {
      channelType: 'MESSAGE',
      channelName: 'live',
      publisher: '',
      stateChanged: {},
      interval: null,
      snapshot: [],
      timestamp: clock.now(),
      ...event,
    });
  const link = (currentState: string, extra: Record<string, unknown> = {}) =>
    emit('linkState', {
      currentState,
      previousState: 'CONNECTED',
      serviceType: 'MESSAGE',
      operation: 'AUTO_RECONNECT',
      reason: '',
      reasonCode: 'NETWORK_CHANGE',
      affectedChannels: [],
      unrestoredChannels: [],
      isResumed: true,
      timestamp: clock.now(),
      ...extra,
    });

  return {
    client: client as unknown as RtmClientLike,
    log,
    subscribeOptions,
    writes,
    rateLimited: () => rateLimited,
    setMembers(next: { userId: string; states?: Record<string, string> }[]) {
      members = next.map(({ userId, states }) => ({ userId, states: states ?? {} }));
    },
    setUnavailable(value: boolean) {
      unavailable = value;
    },
    setDegraded(value: boolean) {
      degraded = value;
    },
    /** link down (DISCONNECTED) or back (CONNECTED, queued subscribes resolve) */
    setLink(up: boolean) {
      linkUp = up;
      if (up) {
        link('CONNECTED');
        const waiting = queued;
        queued = [];
        for (const resolve of waiting) resolve();
      } else link('DISCONNECTED');
    },
    presence,
    snapshot(rows: { userId: string; states?: Record<string, string> }[]) {
      presence({
        eventType: 'SNAPSHOT',
        snapshot: rows.map(({ userId, states }) => ({
          userId,
          states: states ?? {},
          statesCount: Object.keys(states ?? {}).length,
        })),
      });
    },
  };
}
