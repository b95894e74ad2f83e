import { selectPeakAudience, type PeakAudience } from '@audience-presence/core';
import { useStoreContext } from './presence-context';
import { useStoreSelector } from './use-store-selector';

/**
 * The highest audience count since the join, and when it was first reached
 * (`at`, store-clock ms; `null` before anyone came). Kept by the store at every
 * update (core's `selectPeakAudience`), so it is right however late this hook
 * mounts; re-renders only when the peak rises or the store is reset.
 *
 * @example
 * const { audience, at } = usePeakAudience(); // { audience: 512, at: 1764619440000, since: ... }
 */
export function usePeakAudience(): PeakAudience {
  const store = useStoreContext('usePeakAudience');
  return useStoreSelector(store, selectPeakAudience);
}
