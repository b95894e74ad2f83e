import type { PresenceState, PresenceStore } from '@audience-presence/core';
import { useEffect, useMemo, useRef, useSyncExternalStore, type RefObject } from 'react';

/** Compares two selections; `true` keeps the previous one (and skips the render). */
export type EqualityFn<T> = (a: T, b: T) => boolean;

type Committed<T> = RefObject<{ value: T } | null>;

/**
 * The memoised snapshot getters (client and server) of one selector: the
 * selection is computed once per published state, and an equal selection
 * keeps the previous value so React bails out of the render.
 */
function createSelection<T>(
  store: PresenceStore,
  selector: (state: PresenceState) => T,
  isEqual: EqualityFn<T> | undefined,
  committed: Committed<T>,
): readonly [() => T, () => T] {
  let memo: { state: PresenceState; value: T } | null = null;
  const select = (state: PresenceState): T => {
    if (memo !== null && Object.is(memo.state, state)) return memo.value;
    const next = selector(state);
    const previous = memo ?? committed.current;
    const value =
      isEqual !== undefined && previous !== null && isEqual(previous.value, next)
        ? previous.value
        : next;
    memo = { state, value };
    return value;
  };
  return [() => select(store.getState()), () => select(store.getInitialState())];
}

/**
 * `useSyncExternalStoreWithSelector` (what zustand's `useStoreWithEqualityFn`
 * uses), written out so the package needs no `use-sync-external-store` shim.
 * The server snapshot is the store's initial (empty) state.
 */
export function useStoreSelector<T>(
  store: PresenceStore,
  selector: (state: PresenceState) => T,
  isEqual?: EqualityFn<T>,
): T {
  const committed = useRef<{ value: T } | null>(null);
  const [getSelection, getServerSelection] = useMemo(
    // the getters read the last committed selection so a new selector function
    // with an equal result keeps it; React's own with-selector shim does the same
    // eslint-disable-next-line react-hooks/refs
    () => createSelection(store, selector, isEqual, committed),
    [store, selector, isEqual],
  );
  const value = useSyncExternalStore(store.subscribe, getSelection, getServerSelection);
  useEffect(() => {
    committed.current = { value };
  }, [value]);
  return value;
}
