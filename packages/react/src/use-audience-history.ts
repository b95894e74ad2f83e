import {
  createAudienceHistory,
  type AudienceHistory,
  type AudienceHistoryOptions,
  type AudienceSample,
} from '@audience-presence/core';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useStoreContext } from './presence-context';

/**
 * Options of {@link useAudienceHistory}: core's `AudienceHistoryOptions`. A new
 * `windowMs` or `resolutionMs` starts a new history; `now` and `timers` are
 * read when it starts.
 */
export type UseAudienceHistoryOptions = AudienceHistoryOptions;

const NO_SAMPLES: readonly AudienceSample[] = Object.freeze([]);
const noSubscription = () => () => undefined;
const noSamples = () => NO_SAMPLES;

/**
 * The audience over time, from the nearest store (RTM or NCS feed alike): one
 * `{ t, audience, hosts }` sample per `resolutionMs` step (the step's highest
 * counts), the last `windowMs` of them, oldest first. Re-renders at most once
 * per step (and when the store is reset by a join or leave), however busy the
 * channel. Recording starts when the hook mounts (core's `createAudienceHistory`);
 * on the server and in the first render it is `[]`.
 *
 * @example
 * const samples = useAudienceHistory({ windowMs: 10 * 60_000, resolutionMs: 5_000 });
 */
export function useAudienceHistory(
  options: UseAudienceHistoryOptions = {},
): readonly AudienceSample[] {
  const store = useStoreContext('useAudienceHistory');
  const { windowMs, resolutionMs, now, timers } = options;
  const [history, setHistory] = useState<AudienceHistory | null>(null);
  useEffect(() => {
    // the recorder subscribes and runs a timer: an effect owns it (StrictMode-safe).
    // `now` and `timers` are read when it starts (an inline `() => clock.now()`
    // must not restart the history at every render).
    const next = createAudienceHistory(store, { windowMs, resolutionMs, now, timers });
    // the recorder is an external system made on mount: the effect hands it to render
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setHistory(next);
    return () => next.destroy();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store, windowMs, resolutionMs]);
  return useSyncExternalStore(
    history?.subscribe ?? noSubscription,
    history?.getSnapshot ?? noSamples,
    noSamples,
  );
}
