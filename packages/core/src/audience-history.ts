import { defaultTimers, type Timers } from './deadline';
import type { Unsubscribe } from './emitter';
import { invalidArgument } from './errors';
import type { AudienceSample } from './model';
import { selectCounts } from './selectors';
import type { PresenceState } from './state';
import type { PresenceStore } from './store';

/** Options of {@link createAudienceHistory}. */
export interface AudienceHistoryOptions {
  /** how far back samples are kept, ms; default one hour */
  readonly windowMs?: number;
  /** one sample per step of this many ms (steps start at multiples of it); default 1000 */
  readonly resolutionMs?: number;
  /** clock, ms; default `Date.now` */
  readonly now?: () => number;
  /** when the current step ends; default the host's timers */
  readonly timers?: Timers;
}

/** The audience over time of one store (see {@link createAudienceHistory}). */
export interface AudienceHistory {
  /**
   * The completed steps, oldest first, at most `capacity`: the same frozen
   * array until a step ends (or the store is reset), so React can compare it.
   */
  getSnapshot(): readonly AudienceSample[];
  /** Called at most once per step (and on a store reset). */
  subscribe(listener: () => void): Unsubscribe;
  /** Stops recording: drops the store subscription, the timer and the listeners. */
  destroy(): void;
  /** the step length, ms (the `resolutionMs` option; default 1000) */
  readonly resolutionMs: number;
  /** `ceil(windowMs / resolutionMs)`: the ring's size */
  readonly capacity: number;
}

/** The most samples one history keeps (24 h at 1 s is 86,400). */
export const MAX_HISTORY_SAMPLES = 100_000;

const EMPTY_HISTORY: readonly AudienceSample[] = Object.freeze([]);

/**
 * Records the audience over time from a presence store alone, so it works on
 * an RTM-fed store and on one fed by the NCS feed alike. One sample per
 * `resolutionMs` step (`t` = the step's start): the HIGHEST audience and hosts
 * counts during the step, counting those already there when it began, so a
 * spike between two steps is not lost (the rule of apps/server's `/stats`
 * timeline). The audience figure is `selectCounts(state).audience`, the one
 * count rule (Agora's totalOccupancy in interval mode). A bounded ring keeps
 * the last `windowMs`; steps missed while the timer was late (a background tab)
 * are filled with the level that held. A store reset (a join, a leave, a channel
 * switch: `state.peak.since` moves) starts the history again.
 *
 * Throws `PresenceError('INVALID_ARGUMENT')` on bad options.
 *
 * @example
 * const history = createAudienceHistory(store, { windowMs: 600_000, resolutionMs: 5_000 });
 * history.subscribe(() => draw(history.getSnapshot()));
 */
export function createAudienceHistory(
  store: Pick<PresenceStore, 'getState' | 'subscribe'>,
  options: AudienceHistoryOptions = {},
): AudienceHistory {
  const resolutionMs = options.resolutionMs ?? 1_000;
  const windowMs = options.windowMs ?? 3_600_000;
  const now = options.now ?? Date.now;
  const timers = options.timers ?? defaultTimers;
  if (!Number.isInteger(resolutionMs) || resolutionMs < 1)
    throw invalidArgument('resolutionMs must be a positive integer');
  if (!Number.isFinite(windowMs) || windowMs < resolutionMs)
    throw invalidArgument('windowMs must be at least resolutionMs');
  const capacity = Math.ceil(windowMs / resolutionMs);
  if (capacity > MAX_HISTORY_SAMPLES)
    throw invalidArgument(
      `windowMs / resolutionMs is ${capacity}: keep it at most ${MAX_HISTORY_SAMPLES} samples`,
    );

  const ring: AudienceSample[] = [];
  let head = 0; // index of the oldest sample once the ring is full
  let snapshot: readonly AudienceSample[] = EMPTY_HISTORY;
  let dirty = false;
  const listeners = new Set<() => void>();
  const stepOf = (ms: number): number => Math.floor(ms / resolutionMs) * resolutionMs;

  const first = store.getState();
  let since = first.peak.since;
  let { audience, hosts } = selectCounts(first);
  let step = stepOf(now());
  let stepAudience = audience;
  let stepHosts = hosts;
  let timer: unknown = null;
  let destroyed = false;

  function push(sample: AudienceSample): void {
    if (ring.length < capacity) ring.push(sample);
    else {
      ring[head] = sample;
      head = (head + 1) % capacity;
    }
    dirty = true;
  }

  /** Closes every step that ended before `at`; true when one did. */
  function advance(at: number): boolean {
    const current = stepOf(at);
    if (current <= step) return false;
    push(Object.freeze({ t: step, audience: stepAudience, hosts: stepHosts }));
    // a step with no update holds the level; more than the ring holds would be dropped anyway
    const from = Math.max(step + resolutionMs, current - capacity * resolutionMs);
    for (let t = from; t < current; t += resolutionMs) push(Object.freeze({ t, audience, hosts }));
    step = current;
    stepAudience = audience;
    stepHosts = hosts;
    return true;
  }

  function notify(): void {
    for (const listener of [...listeners]) listener();
  }

  function onState(state: PresenceState): void {
    const at = now();
    if (state.peak.since !== since) {
      since = state.peak.since;
      ring.length = 0;
      head = 0;
      dirty = true;
      ({ audience, hosts } = selectCounts(state));
      step = stepOf(at);
      stepAudience = audience;
      stepHosts = hosts;
      schedule();
      notify();
      return;
    }
    const closed = advance(at);
    ({ audience, hosts } = selectCounts(state));
    if (audience > stepAudience) stepAudience = audience;
    if (hosts > stepHosts) stepHosts = hosts;
    if (closed) {
      schedule();
      notify();
    }
  }

  function schedule(): void {
    if (destroyed) return;
    if (timer !== null) timers.clearTimeout(timer);
    // timers may fire a little early against the clock: tick() then waits again
    timer = timers.setTimeout(tick, Math.max(1, step + resolutionMs - now()));
  }

  function tick(): void {
    timer = null;
    const closed = advance(now());
    schedule();
    if (closed) notify();
  }

  const unsubscribeStore = store.subscribe(onState);
  schedule();

  return {
    resolutionMs,
    capacity,
    getSnapshot() {
      if (dirty) {
        dirty = false;
        snapshot =
          ring.length === 0
            ? EMPTY_HISTORY
            : Object.freeze([...ring.slice(head), ...ring.slice(0, head)]);
      }
      return snapshot;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    destroy() {
      destroyed = true;
      unsubscribeStore();
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      listeners.clear();
    },
  };
}
