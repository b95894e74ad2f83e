import type { PresenceStore } from '@audience-presence/core';
import { useStoreContext } from './presence-context';

/**
 * The provider's presence store, for code that needs the raw store (zustand's
 * `useStore`, another source such as an NCS feed). Prefer the hooks.
 *
 * @example
 * const store = usePresenceStore();
 * const diagnostics = useStore(store, selectDiagnostics);
 */
export function usePresenceStore(): PresenceStore {
  return useStoreContext('usePresenceStore');
}
