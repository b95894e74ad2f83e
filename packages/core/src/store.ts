import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PresenceAction } from './actions';
import type { PresenceChange, PresenceChangeMap, PresenceChangeType } from './changes';
import { invalidArgument } from './errors';
import { PresenceDraft } from './reducer/presence-draft';
import { ChangeEmitter, type Unsubscribe } from './emitter';
import {
  createConfig,
  createEmptyState,
  type PresenceConfigOptions,
  type PresenceState,
} from './state';

/** Runs `flush` later. The default queues a microtask, so one tick's burst is one update. */
export type Scheduler = (flush: () => void) => void;

/** Options of {@link createPresenceStore}. */
export interface PresenceStoreOptions extends PresenceConfigOptions {
  /** store clock in ms (joinedAt, lastSeenAt, activity, staleness); default `Date.now` */
  readonly now?: () => number;
  /** when to apply queued actions; default `queueMicrotask` */
  readonly schedule?: Scheduler;
}

/**
 * One channel's presence store: a zustand vanilla store (read side) plus
 * `dispatch` (write side). Pass it to zustand's `useStore(store, selector)`.
 */
export interface PresenceStore extends Pick<
  StoreApi<PresenceState>,
  'getState' | 'getInitialState' | 'subscribe'
> {
  /** Queues an action. All actions queued in one tick are applied and notified as ONE update. */
  dispatch(action: PresenceAction): void;
  /** Applies queued actions now (tests, benchmarks, or before reading synchronously). */
  flush(): void;
  /**
   * Listens to one kind of change ("join", "leave", "timeout", "state", "role").
   * Changes of one flush are delivered after the flush, after state subscribers.
   */
  on<K extends PresenceChangeType>(
    type: K,
    listener: (change: PresenceChangeMap[K]) => void,
  ): Unsubscribe;
  /** Drops queued actions and every listener; later dispatches are ignored. */
  destroy(): void;
}

/**
 * Creates the presence store of one channel (never module-global: one per
 * provider). Throws `PresenceError('INVALID_ARGUMENT')` on bad options.
 *
 * @example
 * const store = createPresenceStore({ selfId: 'me' });
 * store.dispatch({ type: 'join', userId: 'ana' });
 * store.flush();
 * selectCounts(store.getState()); // { hosts: 0, audience: 1, total: 1 }
 */
export function createPresenceStore(options: PresenceStoreOptions = {}): PresenceStore {
  const config = createConfig(options);
  const selfId = options.selfId ?? null;
  if (selfId !== null && typeof selfId !== 'string')
    throw invalidArgument('selfId must be a string or null');
  const now = options.now ?? Date.now;
  const schedule: Scheduler = options.schedule ?? queueMicrotask;
  if (typeof now !== 'function' || typeof schedule !== 'function')
    throw invalidArgument('now and schedule must be functions');

  const initial = createEmptyState(config, selfId);
  const api = createStore<PresenceState>()(() => initial);
  // the one draft this store owns for its whole life (see PresenceState's ownership rule)
  const draft = new PresenceDraft(initial);
  const emitter = new ChangeEmitter();
  let queue: PresenceAction[] = [];
  // two queues swapped per flush: no array allocation per event when every event flushes
  let spare: PresenceAction[] = [];
  let scheduled = false;
  let flushing = false;
  let destroyed = false;

  const runScheduled = (): void => {
    scheduled = false;
    flush();
  };

  function dispatch(action: PresenceAction): void {
    if (destroyed) return;
    queue.push(action);
    if (!scheduled && !flushing) {
      scheduled = true;
      schedule(runScheduled);
    }
  }

  function flush(): void {
    if (flushing || destroyed) return; // re-entrant call from a listener: the outer loop picks it up
    flushing = true;
    try {
      while (queue.length > 0) {
        const actions = queue;
        queue = spare;
        const changes: PresenceChange[] | null = emitter.active ? [] : null;
        draft.begin(now(), changes);
        for (let i = 0; i < actions.length; i++) draft.apply(actions[i] as PresenceAction);
        // pop() for the common single action: setting .length goes through a slower runtime call
        if (actions.length === 1) actions.pop();
        else actions.length = 0;
        spare = actions;
        const prev = api.getState();
        const next = draft.publish(prev);
        if (next !== prev) api.setState(next, true);
        if (changes !== null && changes.length > 0) emitter.emit(changes);
      }
    } finally {
      flushing = false;
    }
  }

  return {
    getState: api.getState,
    getInitialState: api.getInitialState,
    subscribe: api.subscribe,
    dispatch,
    flush,
    on: (type, listener) => emitter.on(type, listener),
    destroy() {
      destroyed = true;
      queue.length = 0;
      emitter.clear();
    },
  };
}
